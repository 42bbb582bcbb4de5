package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.io.torch.TorchCheckpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Tells the serving engines' dumps apart by what they hold, since their extensions are shared:
 * every JSONL format by the keys of its first record, both SGLang recorder modes by the keys
 * their {@code torch.save} pickle names.
 */
final class EngineFormatSniffer {

    /** How far into a JSONL file detection looks for the distinguishing key. */
    private static final int SNIFF_BYTES = 1 << 16;

    private EngineFormatSniffer() {}

    /** An engine's JSONL by the keys of its first record, else moe-replay's token JSONL. */
    static RoutingFormat jsonlFormat(TraceFile file) throws IOException {
        String head;
        try (InputStream in = file.open()) {
            head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8).stripLeading();
        }
        int end = head.indexOf('\n');
        String first = end < 0 ? head : head.substring(0, end);
        if (first.contains("\"eplb_load_stats\"")) {
            return RoutingFormat.VLLM_EPLB_STATS;
        }
        if (first.contains("\"top_indices\"")) {
            return RoutingFormat.MEGATRON_ROUTER_TRACE;
        }
        if (first.contains("\"routed_experts\"") || first.contains("\"prompt_routed_experts\"")) {
            return RoutingFormat.ROUTED_EXPERTS;
        }
        return RoutingFormat.TOKEN_JSONL;
    }

    /**
     * One of SGLang's recorder dumps by the keys of the dict {@code torch.save} pickled: the stat
     * mode's holds {@code logical_count} where the per-pass modes' hold {@code records}. Read through
     * the archive's central directory: torch writes its entries stored with data descriptors, which
     * {@link java.util.zip.ZipInputStream} refuses.
     */
    static RoutingFormat torchFormat(TraceFile file) throws IOException {
        String expected = RoutingFormat.SGLANG_STAT.expected() + " or " + RoutingFormat.SGLANG_PER_PASS.expected();
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(file, expected)) {
            if (checkpoint.root() instanceof Map<?, ?> dict) {
                if (dict.containsKey("logical_count")) {
                    return RoutingFormat.SGLANG_STAT;
                }
                if (dict.containsKey("records")) {
                    return RoutingFormat.SGLANG_PER_PASS;
                }
            }
        }
        throw new TraceFormatException(file.name(), "its pickle names neither logical_count nor records; expected "
                + expected);
    }
}
