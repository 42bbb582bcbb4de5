package io.moereplay.connectors.io.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.text.ClosestName;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One value of a {@link JsonDocument}, with its path from the root ({@code $.cost.search.batch[2]})
 * and its line, so that every problem with it can say where it is.
 *
 * @param pointer where it is, to look its line up
 */
public record LocatedJson(JsonDocument document, String path, JsonPointer pointer, JsonNode node) {

    private static final int SHOWN_CHARS = 40;

    /** The line of its key (or, for a list element or the root, of its first character). */
    public int line() {
        return document.line(pointer);
    }

    /** A problem with this value: {@code FILE line N: MESSAGE}. The message names the path. */
    public JsonInputException problem(String message) {
        return new JsonInputException(document.name() + " line " + line() + ": " + message);
    }

    /**
     * This value as an object holding only {@code keys}, each of its type, and every required one.
     *
     * @throws JsonInputException at the first unknown key (with the closest known one), missing key
     *     or value of the wrong type; a {@code null} value counts as absent
     */
    public StrictObject conform(JsonKeys keys) {
        check(JsonType.OBJECT);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonKeys.Key key = keys.key(name);
            if (key == null) {
                throw child(name).problem("unknown key \"" + name + "\" in " + path
                        + ClosestName.of(name, keys.names()).map(k -> "; did you mean \"" + k + "\"?").orElse("")
                        + " (known: " + String.join(", ", keys.names()) + ")");
            }
            if (!node.get(name).isNull()) {
                child(name).check(key.type());
            }
        }
        StrictObject object = new StrictObject(this, keys);
        for (JsonKeys.Key key : keys.all()) {
            if (key.required() && !object.has(key.name())) {
                throw missing(key);
            }
        }
        return object;
    }

    /** The elements of this list. */
    public List<LocatedJson> elements() {
        if (!node.isArray()) {
            throw problem(path + " must be a list [...], found " + shown(node));
        }
        List<LocatedJson> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new LocatedJson(document, path + "[" + i + "]", pointer.appendIndex(i), node.get(i)));
        }
        return out;
    }

    JsonInputException missing(JsonKeys.Key key) {
        return problem("missing key \"" + key.name() + "\" in " + path + "; add it: " + key.type().description());
    }

    LocatedJson child(String key) {
        String step = key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key : "[\"" + key + "\"]";
        return new LocatedJson(document, path + step, pointer.appendProperty(key), node.get(key));
    }

    /** @throws JsonInputException naming the path, the type wanted, the value found and the fix */
    void check(JsonType type) {
        if (!type.accepts(node)) {
            throw problem(path + " must be " + type.description() + ", found " + shown(node) + hint(type));
        }
        if (type.element() != null) {
            if (node.isEmpty()) {
                throw problem(path + " must list at least one value (an empty list asks for nothing; leave the key"
                        + " out instead)");
            }
            for (LocatedJson element : elements()) {
                element.check(type.element());
            }
        }
    }

    private String hint(JsonType type) {
        boolean quotedNumber = node.isTextual() && node.asText().trim().matches("-?[0-9][0-9.eE+-]*");
        if (type.element() != null && node.isValueNode()) {
            return "; write it as a list: [" + (quotedNumber && type.element() != JsonType.TEXT ? node.asText().trim()
                    : node.toString()) + "]";
        }
        return quotedNumber && type != JsonType.TEXT ? "; write the number without quotes" : "";
    }

    static String shown(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        String cut = text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text;
        return value.isTextual() ? "\"" + cut + "\"" : value.isArray() ? "a list " + cut
                : value.isObject() ? "an object " + cut : cut;
    }
}
