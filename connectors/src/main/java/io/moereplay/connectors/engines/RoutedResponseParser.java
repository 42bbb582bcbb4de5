package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.JsonSyntax;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.engines.RoutedResponse.Segment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one response line, streaming over the big routed-experts arrays and reading the small
 * fields as trees. What it understands (field by field, see {@link RoutedExpertsJsonlReader}):
 * vLLM's {@code prompt_routed_experts} and {@code choices[i].routed_experts} (nested lists, or a
 * base64 {@code .npy} string), {@code usage}; SGLang's {@code meta_info} (or {@code sglext})
 * {@code routed_experts} base64 with {@code prompt_tokens}, {@code completion_tokens},
 * {@code cached_tokens}, {@code routed_experts_dtype}; the user's {@code request_id},
 * {@code top_k} and {@code num_layers}.
 */
final class RoutedResponseParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private RoutedResponseParser() {}

    /** What the line says, gathered before the segments can be placed. */
    private static final class Fields {
        String id;
        Long requestId;
        ExpertIdBlock prompt;
        final List<ChoiceIds> choices = new ArrayList<>();
        JsonNode usage;
        JsonNode meta;
        String packed;
        String packedField;
        Integer topK;
        Integer layers;
    }

    private record ChoiceIds(int index, String field, ExpertIdBlock ids) {}

    static RoutedResponse parse(String text) throws BadRecord {
        Fields fields = new Fields();
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecord("", "line is not a JSON object", true);
            }
            readObject(parser, fields);
            if (parser.nextToken() != null) {
                throw new BadRecord("", "more than one JSON value on the line");
            }
        } catch (JsonProcessingException e) {
            throw new BadRecord("", "malformed JSON at " + JsonSyntax.atColumn(e) + ", the line cut off?", true);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return place(fields);
    }

    private static void readObject(JsonParser parser, Fields fields) throws IOException, BadRecord {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "prompt_routed_experts" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        fields.prompt = NestedIdLists.read(parser, name);
                    }
                }
                case "choices" -> readChoices(parser, fields);
                case "meta_info", "sglext" -> {
                    JsonNode meta = JSON.readTree(parser);
                    if (meta.isObject() && meta.hasNonNull("routed_experts")) {
                        fields.packed = text(meta.get("routed_experts"), name + ".routed_experts");
                        fields.packedField = name + ".routed_experts";
                    }
                    if (name.equals("meta_info")) {
                        fields.meta = meta;
                    }
                }
                case "usage" -> fields.usage = JSON.readTree(parser);
                case "id" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        fields.id = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
                case "request_id" -> fields.requestId = requestId(JSON.readTree(parser));
                case "top_k" -> fields.topK = count(JSON.readTree(parser), "top_k");
                case "num_layers" -> fields.layers = count(JSON.readTree(parser), "num_layers");
                default -> parser.skipChildren();
            }
        }
    }

    private static void readChoices(JsonParser parser, Fields fields) throws IOException, BadRecord {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        for (int at = 0; parser.nextToken() == JsonToken.START_OBJECT; at++) {
            int index = at;
            ExpertIdBlock ids = null;
            String field = "choices[" + at + "].routed_experts";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                    index = parser.getIntValue();
                } else if (name.equals("routed_experts") && value == JsonToken.VALUE_STRING) {
                    ids = PackedIds.decodeNpy(parser.getText(), field);
                } else if (name.equals("routed_experts") && value != JsonToken.VALUE_NULL) {
                    ids = NestedIdLists.read(parser, field);
                } else {
                    parser.skipChildren();
                }
            }
            if (ids != null) {
                fields.choices.add(new ChoiceIds(index, field, ids));
            }
        }
    }

    /** Places each returned run at its sequence positions. */
    private static RoutedResponse place(Fields fields) throws BadRecord {
        JsonNode meta = fields.meta == null ? JSON.missingNode() : fields.meta;
        JsonNode usage = fields.usage == null ? JSON.missingNode() : fields.usage;
        int promptTokens = intOr(meta.get("prompt_tokens"), intOr(usage.get("prompt_tokens"), -1));
        int completionTokens = intOr(meta.get("completion_tokens"), intOr(usage.get("completion_tokens"), -1));
        int cached = intOr(meta.get("cached_tokens"), intOr(usage.path("prompt_tokens_details").get("cached_tokens"), 0));
        String id = fields.id != null ? fields.id : meta.path("id").isTextual() ? meta.get("id").asText() : null;
        List<Segment> segments = new ArrayList<>();
        if (fields.packed != null) {
            segments.add(new Segment(fields.packedField, 0, 0,
                    sglangBlock(fields, meta, promptTokens, completionTokens)));
        }
        if (fields.prompt != null) {
            segments.add(new Segment("prompt_routed_experts", 0, 0, fields.prompt));
            promptTokens = promptTokens < 0 ? fields.prompt.rows() : promptTokens;
        }
        for (ChoiceIds choice : fields.choices) {
            // With the prompt's routing beside them (vLLM 0.21) choices hold the generated positions;
            // without it (newer vLLM's .npy, older vLLM) the whole sequence from position 0.
            int first = fields.prompt != null ? fields.prompt.rows() : 0;
            segments.add(new Segment(choice.field, choice.index, first, choice.ids));
        }
        if (segments.isEmpty()) {
            throw new BadRecord("routed_experts", "no routed experts in the response (neither"
                    + " prompt_routed_experts, choices[].routed_experts nor meta_info.routed_experts); was the server"
                    + " started with --enable-return-routed-experts and the request sent with return_routed_experts?",
                    true);
        }
        if (promptTokens < 0) {
            throw new BadRecord("usage.prompt_tokens", "the prompt length is not in the response"
                    + " (usage.prompt_tokens or meta_info.prompt_tokens), so prefill and decode positions cannot be told apart");
        }
        return new RoutedResponse(id, fields.requestId, promptTokens, cached, segments);
    }

    /**
     * SGLang's flat buffer holds {@code prompt_tokens + completion_tokens - 1} positions (the last
     * sampled token is never fed forward) of {@code num_layers x top_k} ids; it does not say its
     * layers or top-k, so the user adds {@code top_k} (and {@code num_layers}, else derived).
     */
    private static ExpertIdBlock sglangBlock(Fields fields, JsonNode meta, int promptTokens, int completionTokens)
            throws BadRecord {
        String field = fields.packedField;
        Integer topK = fields.topK != null ? fields.topK : meta.has("top_k") ? count(meta.get("top_k"), "top_k") : null;
        if (topK == null || topK <= 0) {
            throw new BadRecord("top_k", field + " is SGLang's flat buffer, which does not say its shape: add"
                    + " \"top_k\" (the model's experts per token, num_experts_per_tok) to each line, or to its meta_info;"
                    + " \"num_layers\" too if you like (the model's num_hidden_layers)", true);
        }
        if (promptTokens < 0 || completionTokens < 0) {
            throw new BadRecord("meta_info.prompt_tokens", field + " cannot be placed: meta_info lacks"
                    + " prompt_tokens or completion_tokens");
        }
        PackedIds.Dtype dtype = meta.hasNonNull("routed_experts_dtype")
                ? PackedIds.Dtype.ofName(meta.get("routed_experts_dtype").asText(), "meta_info.routed_experts_dtype")
                : PackedIds.Dtype.INT32;
        int[] ids = PackedIds.decodeFlat(fields.packed, dtype, field);
        long positions = Math.max(promptTokens + completionTokens - 1L, 0);
        long perPosition = positions == 0 ? 0 : ids.length / positions;
        if (positions == 0 || ids.length % positions != 0 || perPosition % topK != 0
                || (fields.layers != null && perPosition != (long) fields.layers * topK)) {
            throw new BadRecord(field, field + " holds " + ids.length + " ids, not " + positions
                    + " positions (prompt_tokens + completion_tokens - 1) x "
                    + (fields.layers == null ? "layers" : fields.layers + " layers") + " x top_k " + topK);
        }
        return new ExpertIdBlock(ids, (int) positions, (int) (perPosition / topK), topK);
    }

    private static String text(JsonNode node, String field) throws BadRecord {
        if (!node.isTextual()) {
            throw new BadRecord(field, field + " is " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not SGLang's base64 string");
        }
        return node.asText();
    }

    private static int count(JsonNode node, String field) throws BadRecord {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
            throw new BadRecord(field, field + " " + node + " is not a positive integer");
        }
        return node.intValue();
    }

    /** The user's request id: a non-negative integer, or a string of decimal digits. */
    private static long requestId(JsonNode node) throws BadRecord {
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            return node.longValue();
        }
        if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
            return Long.parseLong(node.asText());
        }
        throw new BadRecord("request_id", "request_id " + node + " is not a non-negative integer");
    }

    private static int intOr(JsonNode node, int fallback) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : fallback;
    }
}
