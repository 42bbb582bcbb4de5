package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.BackToBackSaving;
import io.moereplay.model.perf.ProfilePoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's own GPU measurements ({@code bench/gpu/}: {@code measure_expert_ffn.py},
 * {@code measure_expert_sequence.py}, {@code measure_decode_attention.py}), as profiles per
 * measured shape.
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

    /**
     * Per catalog model, what each expert after the first saves when experts run back to back
     * ({@code measure_expert_sequence.py}): at each token count, {@code (n t(1) - t(n)) / (n - 1)}
     * for the longest run {@code n} measured.
     *
     * @throws IllegalArgumentException naming the file when a model lacks the single-expert or longest run at some count
     */
    public static Map<String, BackToBackSaving> backToBackSaving(Path csv) throws IOException {
        ProfileTable table = ProfileTable.read(csv);
        Map<String, BackToBackSaving> out = new LinkedHashMap<>();
        for (String model : table.texts("model").stream().distinct().toList()) {
            ProfileTable rows = table.where("model", model::equals);
            double longest = java.util.Arrays.stream(rows.numbers("experts_in_row")).max().orElse(1);
            ProfileTable alone = rows.where("experts_in_row", n -> Double.parseDouble(n) == 1);
            ProfileTable inRow = rows.where("experts_in_row", n -> Double.parseDouble(n) == longest);
            double[] tokens = alone.numbers("tokens");
            if (longest < 2 || !java.util.Arrays.equals(tokens, inRow.numbers("tokens"))) {
                throw new IllegalArgumentException(csv + ": " + model + " needs runs of 1 and of " + (int) longest
                        + " experts at the same token counts");
            }
            double[] one = alone.numbers("median_us");
            double[] many = inRow.numbers("median_us");
            double[] saving = new double[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                saving[i] = (longest * one[i] - many[i]) / (longest - 1);
            }
            out.put(model, new BackToBackSaving(tokens, saving));
        }
        return out;
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
