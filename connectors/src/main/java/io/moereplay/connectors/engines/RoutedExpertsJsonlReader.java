package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Optional;

/**
 * Routed experts returned per request ({@code --enable-return-routed-experts}), one engine API
 * response per line, as a user collects them. Both engines return, per request, the experts each
 * sequence position was routed to at each layer: position {@code p} is the token fed at {@code p}
 * (prompt positions {@code 0..prompt_len-1} are prefill, the rest decode), and the last sampled
 * token, never fed forward, has none.
 *
 * <p><b>vLLM</b> (confirmed against vllm-project/vllm {@code outputs.py} @003d3ee,
 * {@code entrypoints/openai/chat_completion/protocol.py} and {@code serving.py} @002032e/@006c49d,
 * {@code v1/engine/output_processor.py}'s {@code split_routed_experts} (v0.21) and
 * {@code routed_experts_capturer.py}): v0.21 returns {@code prompt_routed_experts}
 * {@code [prompt_len][moe_layers][top_k]} at the top of the response and each choice's
 * {@code routed_experts} {@code [generated][moe_layers][top_k]} (int16 in the engine, nested lists
 * in JSON); the host buffer starts as -1, so prompt positions served from the prefix cache are rows
 * of -1. Newer vLLM returns only the choice's {@code routed_experts}, as a base64 {@code .npy}
 * string of the whole sequence; then {@code usage.prompt_tokens} splits prefill from decode. Layers
 * are MoE layers only (its {@code _count_moe_layers}); ids are logical (captured from the router's
 * top-k, before any expert-parallel placement).
 *
 * <p><b>SGLang</b> (confirmed against sgl-project/sglang {@code layers/moe/routed_experts_capturer.py}
 * @0837e91, the newer {@code state_capturer/routed_experts.py}, {@code detokenizer_manager.py}
 * and {@code layers/moe/topk.py}): {@code meta_info.routed_experts} is base64 of a flat
 * little-endian buffer, int32 unless {@code meta_info.routed_experts_dtype} says uint16 or uint8,
 * of {@code [prompt_tokens + completion_tokens - 1][num_hidden_layers][top_k]}: every hidden
 * layer, the dense ones left 0 (see {@link RoutedRowEmitter}). Prefix-cached positions hold the
 * routing of the earlier request that computed them; {@code meta_info.cached_tokens} says how many,
 * and they are rejected like vLLM's -1 rows. The ids are captured after {@code select_experts}
 * maps logical to physical experts when expert-location dispatch is on (EPLB or redundant experts),
 * so they are <em>physical slot ids</em> then, and logical ids otherwise. The payload does not say
 * its shape: the user adds {@code "top_k"} to each line (or its {@code meta_info}), and may add
 * {@code "num_layers"}. SGLang's OpenAI-compatible responses carry it as {@code sglext.routed_experts}.
 *
 * <p><b>Rows</b>: one (sequence position, MoE layer) of one response: one token's choice at one
 * layer, pushed as a decision with the response's request id ({@link ResponseRequestIds}), token
 * index = position and layer = MoE layer index. Rejected rows: prefix-cached positions ("{@value
 * RoutedRowEmitter#PREFIX_CACHED}"), every row of a response whose ids are all 0 (the known
 * failure of a monolithic MoE kernel bypassing the capture), choices after the first of an
 * {@code n > 1} request. A line that cannot be read (malformed or cut-off JSON, wrong nesting,
 * layer counts that differ between tokens or from the file's first response) is one rejected row.
 * A file whose first line is not a response with routed experts, or whose every id is 0, is refused.
 *
 * <p>The responses name no expert count, so the format declares no shape: the job needs
 * {@code --experts} (the model's routed experts per layer; SGLang's physical slots when EPLB is on)
 * and {@code --layers} (the MoE layers).
 */
public final class RoutedExpertsJsonlReader implements RoutingTraceReader {

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        TraceFiles.requireNonEmpty(file, RoutingFormat.ROUTED_EXPERTS.expected());
        LineReader reader = new LineReader(file.name(), visitor);
        try (TextLines lines = TextLines.open(file)) {
            lines.forEachDataLine((line, text) -> {
                reader.rows++;
                visitor.reject(new Reject(file.name(), line, "", "blank line"));
            }, reader::read);
        }
        if (reader.responses == 0) {
            throw new TraceFormatException(file.name(), "no data lines; expected " + RoutingFormat.ROUTED_EXPERTS.expected());
        }
        if (!reader.emitter.anyCapture() && reader.rows > 0) {
            throw new TraceFormatException(file.name(), "every routed expert id in the file is 0: the engine's"
                    + " capture did not run (a monolithic MoE kernel that bypasses select_experts leaves it all zeros"
                    + " without raising an error); serve with a MoE backend that routes through select_experts");
        }
        return reader.rows;
    }

    /**
     * Checks that the first line is a response with routed experts, then declares nothing: the
     * responses do not name the expert count.
     */
    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, RoutingFormat.ROUTED_EXPERTS.expected());
        try (TextLines lines = TextLines.open(file)) {
            for (String text = lines.next(); text != null; text = lines.next()) {
                if (!text.isBlank()) {
                    try {
                        RoutedResponseParser.parse(text);
                    } catch (BadRecord bad) {
                        if (bad.notThisFormat) {
                            throw refused(file.name(), lines.lineNumber(), bad);
                        }
                    }
                    break;
                }
            }
        }
        return Optional.empty();
    }

    private static TraceFormatException refused(String fileName, long line, BadRecord bad) {
        return new TraceFormatException(fileName, "line " + line + ": " + bad.getMessage() + "; expected "
                + RoutingFormat.ROUTED_EXPERTS.expected());
    }

    /** Reads line after line, keeping the file's request-id rule and row emitter. */
    private static final class LineReader {
        private final String fileName;
        private final RoutingVisitor visitor;
        final RoutedRowEmitter emitter;
        private ResponseRequestIds requestIds;
        long rows;
        long responses;

        LineReader(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
            this.emitter = new RoutedRowEmitter(fileName, visitor);
        }

        void read(long line, String text) {
            responses++;
            try {
                RoutedResponse response = RoutedResponseParser.parse(text);
                if (requestIds == null) {
                    requestIds = ResponseRequestIds.of(response);
                }
                rows += emitter.emit(response, line, requestIds.requestId(response, line));
            } catch (BadRecord bad) {
                if (responses == 1 && bad.notThisFormat) {
                    throw refused(fileName, line, bad);
                }
                rows++;
                visitor.reject(new Reject(fileName, line, bad.field, bad.getMessage()));
            }
        }
    }
}
