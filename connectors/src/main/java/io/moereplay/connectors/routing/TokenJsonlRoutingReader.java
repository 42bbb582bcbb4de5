package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.JsonSyntax;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.JsonValues.BadValue;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Optional;

/**
 * Token-level routing JSONL: one object per token per layer. Field names follow the public MoE
 * routing captures: {@code request_id} or {@code problem_id}; {@code token_idx} or
 * {@code token_index}; {@code layer} or {@code layer_id}; {@code experts}, {@code expert_ids} or
 * {@code topk_ids} (a list, or one id for top-1); optional {@code gating_probs},
 * {@code gate_weights} or {@code topk_weights}; optional {@code phase} (default prefill, as
 * captures are taken by running prompts through the model).
 *
 * <p>The format declares no shape: the job needs {@code --layers} and {@code --experts}.
 */
final class TokenJsonlRoutingReader implements RoutingTraceReader {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        TraceFiles.requireNonEmpty(file, RoutingFormat.TOKEN_JSONL.expected());
        LineDecoder decoder = new LineDecoder(file.name(), visitor);
        long[] blankLines = {0};
        try (TextLines lines = TextLines.open(file)) {
            lines.forEachDataLine((line, text) -> {
                blankLines[0]++;
                visitor.reject(new Reject(file.name(), line, "", "blank line"));
            }, decoder::decode);
        }
        if (decoder.rows == 0) {
            throw new TraceFormatException(file.name(),
                    "no data lines; expected " + RoutingFormat.TOKEN_JSONL.expected());
        }
        return decoder.rows + blankLines[0];
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        // The first data line is checked here, as the inputs are resolved, so that a file that is
        // not JSONL at all fails before the job starts rather than inside it. Lines are not read
        // past it: the shape comes from --layers and --experts.
        String expected = RoutingFormat.TOKEN_JSONL.expected();
        TraceFiles.requireNonEmpty(file, expected);
        try (TextLines lines = TextLines.open(file)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isBlank()) {
                    try {
                        JSON.readTree(line);
                    } catch (JsonProcessingException e) {
                        throw notJson(file.name(), lines.lineNumber(), e);
                    }
                    return Optional.empty();
                }
            }
        }
        throw new TraceFormatException(file.name(), "no data lines; expected " + expected);
    }

    private static TraceFormatException notJson(String fileName, long line, JsonProcessingException e) {
        return new TraceFormatException(fileName, "line " + line + " is not JSON at " + JsonSyntax.atColumn(e)
                + "; expected " + RoutingFormat.TOKEN_JSONL.expected(), e);
    }

    /** Decodes one line at a time into the visitor, reusing its buffers. */
    private static final class LineDecoder {
        private final String fileName;
        private final RoutingVisitor visitor;
        private int[] experts = new int[16];
        private float[] gates = new float[16];
        long rows;

        LineDecoder(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
        }

        void decode(long line, String text) {
            rows++;
            JsonNode object;
            try {
                object = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                if (rows == 1) {
                    throw notJson(fileName, line, e);
                }
                visitor.reject(new Reject(fileName, line, "", "malformed JSON at " + JsonSyntax.atColumn(e)));
                return;
            }
            if (!object.isObject()) {
                visitor.reject(new Reject(fileName, line, "", "line is not a JSON object"));
                return;
            }
            try {
                long request = JsonValues.toLong(JsonValues.first(object, "request_id", "problem_id"), "request_id");
                int token = JsonValues.toInt(JsonValues.first(object, "token_idx", "token_index"), "token_idx");
                int layer = JsonValues.toInt(JsonValues.first(object, "layer", "layer_id"), "layer");
                int k = readExperts(JsonValues.first(object, "experts", "expert_ids", "topk_ids"));
                int g = readGates(JsonValues.first(object, "gating_probs", "gate_weights", "topk_weights"));
                Phase phase = readPhase(object.get("phase"));
                visitor.decision(line, request, token, phase, layer, experts, k, gates, g);
            } catch (BadValue bad) {
                visitor.reject(new Reject(fileName, line, bad.field, bad.getMessage()));
            }
        }

        private int readExperts(JsonNode node) throws BadValue {
            if (node == null) {
                throw new BadValue("experts", "experts is missing");
            }
            if (!node.isArray()) {
                experts[0] = JsonValues.toInt(node, "experts");
                return 1;
            }
            if (node.size() > experts.length) {
                experts = new int[node.size()];
            }
            for (int i = 0; i < node.size(); i++) {
                experts[i] = JsonValues.toInt(node.get(i), "experts");
            }
            return node.size();
        }

        private int readGates(JsonNode node) throws BadValue {
            if (node == null) {
                return 0;
            }
            if (!node.isArray()) {
                throw new BadValue("gating_probs", "gating_probs " + node + " is not a list");
            }
            if (node.size() > gates.length) {
                gates = new float[node.size()];
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode weight = node.get(i);
                if (!weight.isNumber()) {
                    throw new BadValue("gating_probs", "gate weight " + weight + " is not a number");
                }
                gates[i] = weight.floatValue();
            }
            return node.size();
        }

        private static Phase readPhase(JsonNode node) throws BadValue {
            if (node == null) {
                return Phase.PREFILL;
            }
            try {
                return Phase.parse(node.asText());
            } catch (IllegalArgumentException e) {
                throw new BadValue("phase", e.getMessage());
            }
        }
    }
}
