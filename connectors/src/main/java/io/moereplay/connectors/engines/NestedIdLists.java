package io.moereplay.connectors.engines;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * vLLM's JSON form of routed experts, {@code [rows][layers][topK]} nested lists of ints, read
 * from a streaming parser straight into a flat block (a tree would cost an object per id).
 */
final class NestedIdLists {

    private NestedIdLists() {}

    /**
     * Reads the array the parser is positioned on.
     *
     * @throws BadRecord naming the position when the nesting is not three deep, a row has another
     *     layer count or a cell another top-k than the first, or an id is not an integer
     */
    static ExpertIdBlock read(JsonParser parser, String field) throws IOException, BadRecord {
        expect(parser.currentToken(), JsonToken.START_ARRAY, field, "a list of positions");
        int[] ids = new int[256];
        int size = 0;
        int rows = 0;
        int layers = -1;
        int topK = -1;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expect(parser.currentToken(), JsonToken.START_ARRAY, field + "[" + rows + "]", "a list of layers");
            int layer = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String cell = field + "[" + rows + "][" + layer + "]";
                expect(parser.currentToken(), JsonToken.START_ARRAY, cell, "a list of expert ids");
                int k = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                            || parser.getNumberType() != JsonParser.NumberType.INT) {
                        throw new BadRecord(cell, cell + "[" + k + "] is " + parser.getText()
                                + ", not an expert id (a 32-bit integer); expected [positions][layers][top_k]");
                    }
                    if (size == ids.length) {
                        ids = Arrays.copyOf(ids, size * 2);
                    }
                    ids[size++] = parser.getIntValue();
                    k++;
                }
                if (topK < 0) {
                    topK = k;
                } else if (k != topK) {
                    throw new BadRecord(cell, cell + " holds " + k + " expert ids where " + field
                            + "[0][0] holds " + topK + "; every token and layer must have the same top-k");
                }
                layer++;
            }
            if (layers < 0) {
                layers = layer;
            } else if (layer != layers) {
                throw new BadRecord(field + "[" + rows + "]", field + "[" + rows + "] has " + layer
                        + " layers where " + field + "[0] has " + layers + "; every token must have every MoE layer");
            }
            rows++;
        }
        return new ExpertIdBlock(ids, rows, Math.max(layers, 0), Math.max(topK, 0));
    }

    private static void expect(JsonToken token, JsonToken wanted, String field, String what) throws BadRecord {
        if (token != wanted) {
            throw new BadRecord(field, field + " is " + describe(token) + " where " + what
                    + " belongs; expected [positions][layers][top_k] lists of expert ids");
        }
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "cut off";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "the end of a list or object";
        };
    }
}
