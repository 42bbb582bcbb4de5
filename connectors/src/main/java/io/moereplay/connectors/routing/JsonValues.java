package io.moereplay.connectors.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.trace.RejectText;

/** Reading integers out of parsed JSON, with the reason when a value is not one. */
final class JsonValues {

    private JsonValues() {}

    /** A JSON value that is not what its field needs; the reason names the value. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        BadValue(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    /** The first present field of {@code names}, or null. */
    static JsonNode first(JsonNode object, String... names) {
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    /** An integer in int range; digit strings are accepted since some exporters quote ids. */
    static int toInt(JsonNode value, String field) throws BadValue {
        long parsed = toLong(value, field);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new BadValue(field, field + " " + parsed + " is out of int range");
        }
        return (int) parsed;
    }

    /** An integer in long range. */
    static long toLong(JsonNode value, String field) throws BadValue {
        if (value == null) {
            throw new BadValue(field, field + " is missing");
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.textValue().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.textValue());
        }
        throw new BadValue(field, field + " " + RejectText.value(value) + " is not an integer");
    }
}
