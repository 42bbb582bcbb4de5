package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tells the serving engines' dumps apart by what they hold, since their extensions are shared:
 * every JSONL format by the keys of its first record, both SGLang recorder modes by the keys
 * their {@code torch.save} pickle names.
 */
final class EngineFormatSniffer {

    /** How far into a JSONL file or a pickle detection looks for the distinguishing key. */
    private static final int SNIFF_BYTES = 1 << 16;
    private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
    private static final int LOCAL_HEADER_BYTES = 30;

    private EngineFormatSniffer() {}

    /**
     * An engine's JSONL by the keys of its first record, else moe-replay's token JSONL. The whole
     * first line is searched, block by block: an API response's generated text can push its
     * routing keys far from the line's start.
     */
    static RoutingFormat jsonlFormat(TraceFile file) throws IOException {
        List<String> keys = List.of("\"eplb_load_stats\"", "\"eplb_load_meta\"", "\"top_indices\"",
                "\"routed_experts\"", "\"prompt_routed_experts\"");
        String carried = "";
        boolean started = false;
        try (InputStream in = file.open()) {
            byte[] block = new byte[SNIFF_BYTES];
            for (int n = in.readNBytes(block, 0, block.length); n > 0; n = in.readNBytes(block, 0, block.length)) {
                String text = new String(block, 0, n, StandardCharsets.ISO_8859_1);
                if (!started) {
                    text = text.stripLeading();
                    started = !text.isEmpty();
                }
                int end = started ? text.indexOf('\n') : -1;
                String window = carried + (end < 0 ? text : text.substring(0, end));
                for (String key : keys) {
                    if (window.contains(key)) {
                        return formatOf(key);
                    }
                }
                if (end >= 0) {
                    break;
                }
                // Keeps a key that straddles two blocks findable.
                carried = window.substring(Math.max(0, window.length() - 32));
            }
        }
        return RoutingFormat.TOKEN_JSONL;
    }

    private static RoutingFormat formatOf(String key) {
        return switch (key) {
            case "\"eplb_load_stats\"", "\"eplb_load_meta\"" -> RoutingFormat.VLLM_EPLB_STATS;
            case "\"top_indices\"" -> RoutingFormat.MEGATRON_ROUTER_TRACE;
            default -> RoutingFormat.ROUTED_EXPERTS;
        };
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

    /**
     * The start of the pickle, read from the archive's first local entry, which is where
     * {@code torch.save} puts {@code data.pkl}, stored uncompressed. Read from the stream rather than
     * through {@link java.util.zip.ZipInputStream}, which refuses the data descriptors torch writes
     * after stored entries.
     */
    private static String pickleHead(TraceFile file) throws IOException {
        try (InputStream in = file.open()) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(LOCAL_HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            if (header.limit() < LOCAL_HEADER_BYTES || header.getInt(0) != LOCAL_HEADER_SIGNATURE
                    || header.getShort(8) != 0) {
                throw notTorchZip(file);
            }
            String name = new String(in.readNBytes(Short.toUnsignedInt(header.getShort(26))), StandardCharsets.UTF_8);
            in.skipNBytes(Short.toUnsignedInt(header.getShort(28)));
            if (!name.endsWith("data.pkl")) {
                throw notTorchZip(file);
            }
            // ISO-8859-1 keeps every byte, so the pickle's ASCII keys can be searched for.
            return new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        } catch (java.io.EOFException e) {
            throw notTorchZip(file);
        }
    }

    private static TraceFormatException notTorchZip(TraceFile file) {
        return new TraceFormatException(file.name(), "is not a torch.save zip archive with a data.pkl (truncated,"
                + " or saved with _use_new_zipfile_serialization=False); expected "
                + RoutingFormat.SGLANG_STAT.expected() + " or " + RoutingFormat.SGLANG_PER_PASS.expected());
    }
}
