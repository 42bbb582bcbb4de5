package io.moereplay.connectors.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RejectText;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Per-layer expert load counts (e.g. specMoE's Switch-base-128 statistics): top-level
 * {@code num_experts}, {@code layers} (the sparse layer ids) and
 * {@code expert_usage_by_layer[layer][expert] = tokens}, keys as decimal strings.
 *
 * <p>One row per (layer, expert) entry, numbered from 1 in file order; a reject's field is
 * {@code expert_usage_by_layer.<layer>.<expert>}. A layer entry that is not an object is one
 * rejected row. Counts carry no token order or request, so they all fall in window 0.
 */
final class LoadCountsJsonRoutingReader implements RoutingTraceReader {

    private static final String USAGE = "expert_usage_by_layer";

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        UsageWalker walker = new UsageWalker(file.name(), visitor);
        JsonDocuments.walk(file, RoutingFormat.LOAD_COUNTS_JSON.expected(), USAGE, walker::read);
        if (!walker.seen) {
            throw new TraceFormatException(file.name(), "no \"" + USAGE + "\" field; expected "
                    + RoutingFormat.LOAD_COUNTS_JSON.expected());
        }
        return walker.rows;
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        String expected = RoutingFormat.LOAD_COUNTS_JSON.expected();
        // The counts' nesting is checked here, as the inputs are resolved, so that a file of the
        // wrong nesting fails before the job starts rather than inside it.
        boolean[] seen = {false};
        Map<String, JsonNode> fields = JsonDocuments.walk(file, expected, USAGE, parser -> {
            seen[0] = true;
            requireObject(file.name(), parser);
            parser.skipChildren();
        });
        if (!seen[0]) {
            throw new TraceFormatException(file.name(), "no \"" + USAGE + "\" field; expected " + expected);
        }
        int experts = JsonDocuments.positiveInt(file, fields, "num_experts", expected);
        JsonNode layers = fields.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new TraceFormatException(file.name(),
                    "field \"layers\" is not a non-empty list of layer ids; expected " + expected);
        }
        int[] ids = new int[layers.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!layers.get(i).isIntegralNumber()) {
                throw new TraceFormatException(file.name(), "layer id " + layers.get(i)
                        + " in \"layers\" is not an integer; expected " + expected);
            }
            ids[i] = layers.get(i).intValue();
        }
        try {
            return Optional.of(TraceShape.ofLayers(ids, experts));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(file.name(), "\"layers\": " + e.getMessage(), e);
        }
    }

    private static void requireObject(String fileName, JsonParser parser) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new TraceFormatException(fileName, "\"" + USAGE + "\" is not an object of layers;"
                    + " expected " + RoutingFormat.LOAD_COUNTS_JSON.expected());
        }
    }

    /** Streams {@code expert_usage_by_layer}, one (layer, expert) entry at a time. */
    private static final class UsageWalker {
        private final String fileName;
        private final RoutingVisitor visitor;
        boolean seen;
        long rows;

        UsageWalker(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
        }

        void read(JsonParser parser) throws IOException {
            seen = true;
            requireObject(fileName, parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String layerKey = parser.currentName();
                parser.nextToken();
                String field = USAGE + "." + layerKey;
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    rows++;
                    reject(field, "layer entry " + RejectText.value(parser.getText()) + " is not an object of expert counts");
                    parser.skipChildren();
                } else {
                    readLayer(parser, layerKey, field);
                }
            }
        }

        private void readLayer(JsonParser parser, String layerKey, String layerField) throws IOException {
            Integer layer = parseId(layerKey);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                rows++;
                String expertKey = parser.currentName();
                parser.nextToken();
                String field = layerField + "." + expertKey;
                Integer expert = parseId(expertKey);
                if (layer == null) {
                    reject(field, "layer key '" + RejectText.value(layerKey) + "' is not a non-negative integer");
                } else if (expert == null) {
                    reject(field, "expert key '" + RejectText.value(expertKey) + "' is not a non-negative integer");
                } else if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    reject(field, "token count " + RejectText.value(parser.getText()) + " is not an integer");
                } else if (parser.getLongValue() < 0) {
                    reject(field, "token count " + parser.getLongValue() + " is negative");
                } else {
                    visitor.load(rows, RoutingVisitor.UNTIMED, layer, expert, parser.getLongValue());
                }
                parser.skipChildren();
            }
        }

        private static Integer parseId(String key) {
            return key.matches("\\d{1,9}") ? Integer.valueOf(key) : null;
        }

        private void reject(String field, String reason) {
            visitor.reject(new Reject(fileName, rows, field, reason));
        }
    }
}
