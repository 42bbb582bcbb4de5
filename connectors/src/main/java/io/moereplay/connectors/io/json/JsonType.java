package io.moereplay.connectors.io.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Predicate;

/**
 * What a key's value must be. A list type needs a JSON array of at least one element, each of its
 * element type: an empty list would silently ask for nothing.
 */
public enum JsonType {
    TEXT("a non-blank string", v -> v.isTextual() && !v.asText().isBlank()),
    POSITIVE_INT("a positive integer", v -> v.isIntegralNumber() && v.canConvertToInt() && v.intValue() > 0),
    NON_NEGATIVE_INT("an integer of at least 0", v -> v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0),
    POSITIVE_NUMBER("a positive number", v -> v.isNumber() && v.doubleValue() > 0 && Double.isFinite(v.doubleValue())),
    NON_NEGATIVE_NUMBER("a number of at least 0",
            v -> v.isNumber() && v.doubleValue() >= 0 && Double.isFinite(v.doubleValue())),
    FRACTION("a number above 0 and at most 1", v -> v.isNumber() && v.doubleValue() > 0 && v.doubleValue() <= 1),
    BOOLEAN("true or false", JsonNode::isBoolean),
    OBJECT("an object {...}", JsonNode::isObject),
    TEXTS(TEXT),
    POSITIVE_INTS(POSITIVE_INT),
    NON_NEGATIVE_INTS(NON_NEGATIVE_INT),
    OBJECTS(OBJECT);

    private final String description;
    private final Predicate<JsonNode> accepts;
    private final JsonType element;

    JsonType(String description, Predicate<JsonNode> accepts) {
        this.description = description;
        this.accepts = accepts;
        this.element = null;
    }

    JsonType(JsonType element) {
        this.description = "a list of " + element.description.replaceFirst("^an? ", "").replace(" {...}", "") + "s";
        this.accepts = JsonNode::isArray;
        this.element = element;
    }

    /** For messages: {@code a positive integer}. */
    public String description() {
        return description;
    }

    boolean accepts(JsonNode value) {
        return accepts.test(value);
    }

    /** The type of a list's elements, or null for a single value. */
    JsonType element() {
        return element;
    }
}
