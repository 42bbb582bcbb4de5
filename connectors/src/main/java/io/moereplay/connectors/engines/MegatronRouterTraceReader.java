package io.moereplay.connectors.engines;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Megatron-Core's router trace ({@code --moe-routing-trace-path}), as
 * {@code megatron/core/transformer/moe/router_trace.py} writes it (confirmed against
 * NVIDIA/Megatron-LM at commit 059f0f5c): {@code router_trace_rank{r}.jsonl}, one record per
 * router call {@code {"step", "stage": "pre_dispatch", "block": "decoder"|"mtp", "layer", "rank",
 * "num_tokens", "topk", "top_indices": [[k expert ids] per token]}}, MTP records with an extra
 * {@code mtp_idx}. {@code step} is the training iteration (training mode) or the decode step
 * (inference, found by a layer firing twice); {@code layer} is the index in the decoder's layer
 * list ({@code decoder.layers.N}), local to the pipeline stage under pipeline parallelism; dense
 * layers have no router and no records.
 *
 * <p>A row is one token of a decoder record, passed as a decision with {@code requestId = step}
 * (Megatron has no request ids) and {@code tokenIndex} = the token's position among the tokens this
 * rank routed at that layer in that step: micro-batches of one training step continue the
 * numbering, so each (step, token, layer) is one decision. Phase is prefill: a training step and a
 * Megatron inference step both run whole token batches through the router, and the record does not
 * say which of them were decode tokens. Each step's rows follow {@code pass(step)}.
 *
 * <p>A record read as one rejected row: a multi-token-prediction record ({@code block "mtp"}: its
 * layer ids repeat the decoder's and its tokens are the MTP head's, so counting them would put
 * them on the decoder's layers), a stage other than {@code pre_dispatch} (a later capture point
 * would count the same tokens again), and a record whose fields are missing or disagree
 * ({@code num_tokens} against {@code top_indices}). A token whose ids are not {@code topk}
 * integers is one rejected row, field {@code top_indices[i]}.
 *
 * <p>The records name no expert count, so the trace declares no shape: pass --layers and --experts.
 */
public final class MegatronRouterTraceReader implements RoutingTraceReader {

    private static final RoutingFormat FORMAT = RoutingFormat.MEGATRON_ROUTER_TRACE;

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        return JsonlRecords.read(file, FORMAT, visitor, new RecordDecoder(file.name(), visitor)::read);
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, FORMAT.expected());
        return Optional.empty();
    }

    /** Decodes one record at a time, keeping the step and the per-layer token offsets. */
    private static final class RecordDecoder {
        private final String fileName;
        private final RoutingVisitor visitor;
        private final Map<Integer, Integer> tokensSeenByLayer = new HashMap<>();
        private final float[] noGates = new float[0];
        private int[] experts = new int[16];
        private long step = -1;

        RecordDecoder(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
        }

        long read(long line, JsonNode record) {
            JsonNode tokens;
            long recordStep;
            int layer;
            int topK;
            try {
                String block = record.path("block").asText("decoder");
                if (block.equals("mtp")) {
                    throw new BadRecord("block", "multi-token-prediction layer (mtp_idx " + record.path("mtp_idx")
                            + ", layer " + record.path("layer") + "): MTP layer ids repeat the decoder's, so its "
                            + record.path("num_tokens") + " tokens are not counted");
                }
                if (!block.equals("decoder")) {
                    throw new BadRecord("block", "block '" + block + "' is neither decoder nor mtp");
                }
                String stage = record.path("stage").asText("pre_dispatch");
                if (!stage.equals("pre_dispatch")) {
                    throw new BadRecord("stage", "stage '" + stage + "' is not pre_dispatch, the router's"
                            + " choice; another capture point would count the same tokens again");
                }
                recordStep = JsonlRecords.boundedLong(record, "step", Long.MAX_VALUE);
                layer = JsonlRecords.nonNegativeInt(record, "layer");
                topK = JsonlRecords.nonNegativeInt(record, "topk");
                tokens = record.get("top_indices");
                if (tokens == null || !tokens.isArray()) {
                    throw new BadRecord("top_indices", "top_indices is not a list of per-token expert ids");
                }
                if (record.has("num_tokens") && JsonlRecords.nonNegativeInt(record, "num_tokens") != tokens.size()) {
                    throw new BadRecord("num_tokens", "num_tokens " + record.get("num_tokens") + " but top_indices"
                            + " holds " + tokens.size() + " tokens (truncated record?)");
                }
            } catch (BadRecord bad) {
                visitor.reject(new Reject(fileName, line, bad.field, bad.getMessage()));
                return 1;
            }
            if (recordStep != step) {
                step = recordStep;
                tokensSeenByLayer.clear();
                visitor.pass(step);
            }
            int firstToken = tokensSeenByLayer.getOrDefault(layer, 0);
            tokensSeenByLayer.put(layer, firstToken + tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                decodeToken(line, tokens.get(i), i, firstToken + i, layer, topK);
            }
            return tokens.size();
        }

        private void decodeToken(long line, JsonNode ids, int position, int tokenIndex, int layer, int topK) {
            String problem = null;
            if (!ids.isArray() || ids.size() != topK) {
                problem = "token's expert ids " + ids + " are not topk " + topK + " ids";
            } else {
                if (topK > experts.length) {
                    experts = new int[topK];
                }
                for (int j = 0; j < topK && problem == null; j++) {
                    JsonNode id = ids.get(j);
                    if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                        problem = "expert id " + id + " is not an integer";
                    } else {
                        experts[j] = id.intValue();
                    }
                }
            }
            if (problem != null) {
                visitor.reject(new Reject(fileName, line, "top_indices[" + position + "]", problem));
            } else {
                visitor.decision(line, step, tokenIndex, Phase.PREFILL, layer, experts, topK, noGates, 0);
            }
        }
    }
}
