package io.moereplay.connectors.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RejectText;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A router capture JSON (e.g. stratamoe-lab's Switch-base-8 capture): top-level
 * {@code layers}, {@code expertsPerLayer} and {@code selections[token][layer] = [expert, ...]}.
 *
 * <p>One row per (token, layer) entry, numbered from 1 in token-major order; a reject's field is
 * its position, {@code selections[t][l]}. Layer ids are the positions 0..layers-1 in each token's
 * list; all tokens belong to request 0, with the token index their position in the capture, and
 * are prefill tokens (a capture runs prompts through the model). A token entry that is not a list
 * is one rejected row.
 */
final class CaptureJsonRoutingReader implements RoutingTraceReader {

    private static final String SELECTIONS = "selections";

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        SelectionWalker walker = new SelectionWalker(file.name(), visitor);
        JsonDocuments.walk(file, RoutingFormat.CAPTURE_JSON.expected(), SELECTIONS, walker::read);
        if (!walker.seen) {
            throw new TraceFormatException(file.name(),
                    "no \"selections\" field; expected " + RoutingFormat.CAPTURE_JSON.expected());
        }
        return walker.rows;
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        String expected = RoutingFormat.CAPTURE_JSON.expected();
        Map<String, JsonNode> fields = JsonDocuments.walk(file, expected, SELECTIONS, null);
        int layers = JsonDocuments.positiveInt(file, fields, "layers", expected);
        int experts = JsonDocuments.positiveInt(file, fields, "expertsPerLayer", expected);
        return Optional.of(TraceShape.dense(layers, experts));
    }

    /** Streams {@code selections}, one (token, layer) entry at a time. */
    private static final class SelectionWalker {
        private final String fileName;
        private final RoutingVisitor visitor;
        private final int[] experts = new int[256];
        private final float[] noGates = new float[0];
        boolean seen;
        long rows;

        SelectionWalker(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
        }

        void read(JsonParser parser) throws IOException {
            seen = true;
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new TraceFormatException(fileName, "\"selections\" is not a list; expected "
                        + RoutingFormat.CAPTURE_JSON.expected());
            }
            int token = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.START_ARRAY) {
                    rows++;
                    reject("selections[" + token + "]", "token entry " + text(parser) + " is not a list of layers");
                    parser.skipChildren();
                } else {
                    readToken(parser, token);
                }
                token++;
            }
        }

        private void readToken(JsonParser parser, int token) throws IOException {
            int layer = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                rows++;
                String field = "selections[" + token + "][" + layer + "]";
                int k = readExperts(parser, field);
                if (k >= 0) {
                    visitor.decision(rows, 0, token, Phase.PREFILL, layer, experts, k, noGates, 0);
                }
                layer++;
            }
        }

        /** The number of experts read into {@code experts}, or -1 after rejecting the entry. */
        private int readExperts(JsonParser parser, String field) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                if (!fitsInt(parser)) {
                    reject(field, "expert id " + text(parser) + " is not an integer");
                    return -1;
                }
                experts[0] = parser.getIntValue();
                return 1;
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                reject(field, "layer entry " + text(parser) + " is not a list of expert ids");
                parser.skipChildren();
                return -1;
            }
            int k = 0;
            String problem = null;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || !fitsInt(parser)) {
                    problem = problem != null ? problem : "expert id " + text(parser) + " is not an integer";
                    parser.skipChildren();
                } else if (k == experts.length) {
                    problem = problem != null ? problem : "more than " + experts.length + " experts chosen";
                } else {
                    experts[k++] = parser.getIntValue();
                }
            }
            if (problem != null) {
                reject(field, problem);
                return -1;
            }
            return k;
        }

        private static boolean fitsInt(JsonParser parser) throws IOException {
            return parser.getNumberType() == JsonParser.NumberType.INT;
        }

        private static String text(JsonParser parser) throws IOException {
            JsonToken current = parser.currentToken();
            return current == JsonToken.START_OBJECT ? "{...}" : RejectText.value(parser.getText());
        }

        private void reject(String field, String reason) {
            visitor.reject(new Reject(fileName, rows, field, reason));
        }
    }
}
