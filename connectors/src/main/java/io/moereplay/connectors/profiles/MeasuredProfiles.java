package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.BackToBackSaving;
import io.moereplay.model.perf.GroupedMoeTable;
import io.moereplay.model.perf.ProfilePoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of a GPU's profile folder ({@code profiles/<GPU>/}, written by {@code bench/gpu/}'s
 * {@code measure_expert_ffn.py}, {@code measure_expert_sequence.py}, the grouped MoE kernel's script
 * and {@code measure_decode_attention.py}), as profiles per measured shape.
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

    /**
     * Per measured shape, in file order, one rank's grouped MoE kernel ({@code grouped_moe.csv}):
     * time over (token-slots, active experts).
     */
    public static List<ProfiledShape<GroupedMoeTable>> groupedMoe(Path csv) throws IOException {
        ProfileTable table = ProfileTable.read(csv);
        List<ProfiledShape<GroupedMoeTable>> out = new ArrayList<>();
        for (String model : table.texts("model").stream().distinct().toList()) {
            ProfileTable rows = table.where("model", model::equals);
            double[] active = rows.numbers("active_experts");
            double[] tokens = rows.numbers("tokens");
            double[] micros = rows.numbers("median_us");
            Map<Integer, List<double[]>> grid = new TreeMap<>();
            for (int i = 0; i < active.length; i++) {
                grid.computeIfAbsent((int) active[i], a -> new ArrayList<>()).add(new double[] {tokens[i], micros[i]});
            }
            Map<Integer, double[][]> points = new TreeMap<>();
            grid.forEach((count, list) -> points.put(count, list.toArray(double[][]::new)));
            out.add(shape(rows, model, new GroupedMoeTable(points)));
        }
        return out;
    }

    /** Per measured shape, in file order, one expert's whole FFN time over tokens ({@code expert_ffn.csv}). */
    public static List<ProfiledShape<ProfilePoints>> expertFfnShapes(Path csv) throws IOException {
        ProfileTable ffn = ProfileTable.read(csv).where("component", "ffn"::equals);
        List<ProfiledShape<ProfilePoints>> out = new ArrayList<>();
        byModel(ffn, "tokens", "expert FFN").forEach((model, points) ->
                out.add(shape(ffn.where("model", model::equals), model, points)));
        return out;
    }

    private static <T> ProfiledShape<T> shape(ProfileTable rows, String model, T profile) {
        return new ProfiledShape<>(model, (int) rows.numbers("hidden")[0], (int) rows.numbers("intermediate")[0],
                profile);
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
