package io.moereplay.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One object of a HuggingFace {@code config.json}, read key by key. Keys nobody asks for are
 * ignored (config files carry dozens: rope scaling, token ids, dropout...); a key that is asked for
 * and missing, or present with the wrong type, is a {@link CatalogException} naming the file, the
 * key (with its path, e.g. {@code text_config.hidden_size}) and the fix. A key whose value is
 * {@code null} counts as absent, as transformers reads it.
 *
 * @param file the file, for messages
 * @param at the key path prefix of this object ({@code ""} or {@code "text_config."})
 * @param node the object
 * @param modelType the file's {@code model_type}, for messages
 */
record HfConfig(String file, String at, JsonNode node, String modelType) {

    /** The nested object {@code key} (DBRX's {@code ffn_config}, Llama 4's {@code text_config}). */
    HfConfig object(String key) {
        JsonNode value = present(key);
        if (value == null) {
            throw missing(key);
        }
        if (!value.isObject()) {
            throw wrongType(key, value, "an object");
        }
        return new HfConfig(file, at + key + ".", value, modelType);
    }

    boolean has(String key) {
        return present(key) != null;
    }

    int integer(String key) {
        JsonNode value = present(key);
        if (value == null) {
            throw missing(key);
        }
        return integer(key, value);
    }

    /** {@code key}, or {@code absent} when it is missing or null (transformers' default for it). */
    int integer(String key, int absent) {
        JsonNode value = present(key);
        return value == null ? absent : integer(key, value);
    }

    boolean bool(String key, boolean absent) {
        JsonNode value = present(key);
        if (value == null) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw wrongType(key, value, "true or false");
        }
        return value.booleanValue();
    }

    /** {@code key}, or null when it is missing or null. */
    String text(String key) {
        JsonNode value = present(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(key, value, "a string");
        }
        return value.textValue();
    }

    /** A list of integers, empty when the key is missing or null. */
    List<Integer> integers(String key) {
        JsonNode value = present(key);
        List<Integer> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!value.isArray()) {
            throw wrongType(key, value, "a list of integers");
        }
        for (JsonNode element : value) {
            out.add(integer(key, element));
        }
        return out;
    }

    /** A problem with the file as a whole, e.g. dims that do not fit together. */
    CatalogException problem(String message) {
        return new CatalogException(file, message + " (model_type " + modelType + ")");
    }

    private JsonNode present(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private int integer(String key, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(key, value, "an integer");
        }
        return value.intValue();
    }

    private CatalogException missing(String key) {
        return new CatalogException(file, "missing key \"" + at + key + "\", which a " + modelType
                + " config.json has; pass the model's own config.json from its HuggingFace repository, or"
                + " describe the model as a catalog entry and pass it with --models-file");
    }

    private CatalogException wrongType(String key, JsonNode value, String expected) {
        return new CatalogException(file, "key \"" + at + key + "\" is " + value + ", not " + expected
                + "; fix the value in the file");
    }
}
