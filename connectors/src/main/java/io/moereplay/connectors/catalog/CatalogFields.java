package io.moereplay.connectors.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading catalog JSON strictly: every problem is a {@link CatalogException} naming the file and
 * the field path ({@code models[2].topK}), and unknown fields are refused so that a misspelt field
 * is never silently ignored.
 */
final class CatalogFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogFields() {}

    /** One catalog object and its path prefix in the file ({@code ""}, {@code "[3]."}, {@code "models[0]."}). */
    record At(String at, JsonNode node) {}

    /**
     * The objects a catalog file holds: one object, a JSON array of them, or {@code {"<list>": [...]}}.
     *
     * @param list the name of the wrapping list field, e.g. {@code models}
     */
    static List<At> objects(String file, byte[] bytes, String list) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CatalogException(file, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + " (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new CatalogException(file, "cannot read: " + e, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new CatalogException(file, "empty file; expected a JSON object");
        }
        List<At> out = new ArrayList<>();
        if (root.isArray()) {
            addAll(file, "", root, out);
        } else if (root.isObject() && root.has(list) && root.size() == 1) {
            JsonNode entries = root.get(list);
            if (!entries.isArray()) {
                throw new CatalogException(file, "field \"" + list + "\" is not a list");
            }
            addAll(file, list, entries, out);
        } else {
            out.add(object(file, "", root));
        }
        if (out.isEmpty()) {
            throw new CatalogException(file, "no entries");
        }
        return out;
    }

    private static void addAll(String file, String prefix, JsonNode array, List<At> out) {
        for (int i = 0; i < array.size(); i++) {
            out.add(object(file, prefix + "[" + i + "].", array.get(i)));
        }
    }

    private static At object(String file, String at, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new CatalogException(file, (at.isEmpty() ? "top level" : at.substring(0, at.length() - 1))
                    + " is not a JSON object");
        }
        return new At(at, node);
    }

    static void rejectUnknown(String file, String at, JsonNode node, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new CatalogException(file, "unknown field \"" + at + field + "\"; known fields: "
                        + new TreeSet<>(known));
            }
        }
    }

    static JsonNode required(String file, String at, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new CatalogException(file, "missing field \"" + at + field + "\"");
        }
        return value;
    }

    static String text(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new CatalogException(file, "field \"" + at + field + "\" is " + value + ", not a non-blank string");
        }
        return value.asText();
    }

    static int integer(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new CatalogException(file, "field \"" + at + field + "\" is " + value + ", not a non-negative integer");
        }
        return value.intValue();
    }

    /** A number greater than 0. */
    static double positive(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isNumber() || !(value.doubleValue() > 0) || Double.isInfinite(value.doubleValue())) {
            throw new CatalogException(file, "field \"" + at + field + "\" is " + value + ", not a positive number");
        }
        return value.doubleValue();
    }

    /** A number of at least 0. */
    static double nonNegative(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isNumber() || !(value.doubleValue() >= 0) || Double.isInfinite(value.doubleValue())) {
            throw new CatalogException(file, "field \"" + at + field + "\" is " + value + ", not a number >= 0");
        }
        return value.doubleValue();
    }

    static boolean bool(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isBoolean()) {
            throw new CatalogException(file, "field \"" + at + field + "\" is " + value + ", not true or false");
        }
        return value.booleanValue();
    }
}
