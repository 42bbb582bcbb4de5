package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Tells the serving engines' dumps apart by what they hold, since their extensions are shared:
 * every JSONL format by the keys of its first record, both SGLang recorder modes by the keys
 * their {@code torch.save} pickle names.
 */
final class EngineFormatSniffer {

    /** How far into a JSONL file or a pickle detection looks for the distinguishing key. */
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
        // Later revisions of vLLM's format open with an eplb_load_meta header record.
        if (first.contains("\"eplb_load_stats\"") || first.contains("\"eplb_load_meta\"")) {
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
     * One of SGLang's recorder dumps: {@code torch.save} writes a zip whose {@code data.pkl} is a
     * pickled dict, and the stat mode's names {@code logical_count} where the per-pass modes'
     * name {@code records}.
     */
    static RoutingFormat torchFormat(TraceFile file) throws IOException {
        String pickle = pickleHead(file);
        if (pickle.contains("logical_count")) {
            return RoutingFormat.SGLANG_STAT;
        }
        if (pickle.contains("records")) {
            return RoutingFormat.SGLANG_PER_PASS;
        }
        throw new TraceFormatException(file.name(), "its pickle names neither logical_count nor records; expected "
                + RoutingFormat.SGLANG_STAT.expected() + " or " + RoutingFormat.SGLANG_PER_PASS.expected());
    }

    private static String pickleHead(TraceFile file) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(file.open())) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith("/data.pkl") || entry.getName().equals("data.pkl")) {
                    // ISO-8859-1 keeps every byte, so the pickle's ASCII keys can be searched for.
                    return new String(zip.readNBytes(SNIFF_BYTES), StandardCharsets.ISO_8859_1);
                }
            }
        } catch (ZipException e) {
            throw notTorchZip(file);
        }
        throw notTorchZip(file);
    }

    private static TraceFormatException notTorchZip(TraceFile file) {
        return new TraceFormatException(file.name(), "is not a torch.save zip archive with a data.pkl (truncated,"
                + " or saved with _use_new_zipfile_serialization=False); expected "
                + RoutingFormat.SGLANG_STAT.expected() + " or " + RoutingFormat.SGLANG_PER_PASS.expected());
    }
}
