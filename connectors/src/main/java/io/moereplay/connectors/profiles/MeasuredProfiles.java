package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.ProfilePoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's own GPU measurements ({@code bench/gpu/}: {@code measure_expert_ffn.py},
 * {@code measure_decode_attention.py}), as profiles per measured shape.
 */
public final class MeasuredProfiles {

    private MeasuredProfiles() {}

    /** Whole expert FFN time (component {@code ffn}) over tokens, per catalog model, in file order. */
    public static Map<String, ProfilePoints> expertFfn(Path csv) throws IOException {
        ProfileTable ffn = ProfileTable.read(csv).where("component", "ffn"::equals);
        return byModel(ffn, "tokens", "expert FFN");
    }

    /**
     * Decode attention time over KV-cache bytes read, per catalog model, with the GQA groups
     * handled inside the kernel ({@code enable_gqa}) and the backend PyTorch picks by default.
     */
    public static Map<String, ProfilePoints> decodeAttention(Path csv) throws IOException {
        ProfileTable attention = ProfileTable.read(csv)
                .where("gqa_mode", "enable_gqa"::equals)
                .where("sdpa_backend", "default"::equals);
        return byModel(attention, "kv_bytes", "decode attention");
    }

    private static Map<String, ProfilePoints> byModel(ProfileTable table, String xColumn, String what) {
        Map<String, ProfilePoints> out = new LinkedHashMap<>();
        for (String model : table.texts("model").stream().distinct().toList()) {
            ProfileTable rows = table.where("model", model::equals);
            out.put(model, new ProfilePoints(model + " " + what, rows.numbers(xColumn), rows.numbers("median_us")));
        }
        return out;
    }
}
