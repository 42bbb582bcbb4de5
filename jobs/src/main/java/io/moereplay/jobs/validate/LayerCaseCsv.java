package io.moereplay.jobs.validate;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.validation.LayerCase;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The cases file the GPU harness ({@code bench/gpu/measure_moe_layer.py}) reads: one row per
 * (case, GPU, replica) with the expert shape, so the harness needs nothing else.
 */
public final class LayerCaseCsv {

    static final String HEADER = "case,model,hidden,intermediate,experts,top_k,tokens,gpus,policy,skew,gpu,expert,replica_tokens";

    private LayerCaseCsv() {}

    public static void write(List<LayerCase> cases, Function<String, MoeModelSpec> models, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path pending = Files.createTempFile(parent, file.getFileName().toString(), ".pending");
        try (BufferedWriter out = Files.newBufferedWriter(pending)) {
            out.write(HEADER);
            out.newLine();
            for (LayerCase c : cases) {
                MoeModelSpec model = models.apply(c.model());
                long[] replicaTokens = c.replicaTokens();
                ExpertPlacement placement = c.placement();
                for (int r = 0; r < replicaTokens.length; r++) {
                    out.write(String.join(",", c.id(), c.model(), Integer.toString(model.hiddenSize()),
                            Integer.toString(model.expertIntermediateSize()), Integer.toString(model.routedExperts()),
                            Integer.toString(model.topK()), Long.toString(c.tokens()), Integer.toString(c.gpus()), c.policy(),
                            c.skew(), Integer.toString(placement.replicaGpu()[r]), Integer.toString(placement.replicaExpert()[r]),
                            Long.toString(replicaTokens[r])));
                    out.newLine();
                }
            }
        }
        Files.move(pending, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The cases back, each replica's share its tokens over its expert's (so the serving model's
     * rounding gives back exactly the tokens the harness ran).
     *
     * @throws IllegalArgumentException naming the file, line and field of a bad value
     */
    public static List<LayerCase> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": line 1: expected the header " + HEADER);
        }
        Map<String, List<String[]>> byCase = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 13) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + f.length + " fields, expected 13");
            }
            for (int col : new int[] {2, 3, 4, 5, 6, 7, 10, 11, 12}) {
                number(file, i + 1, col, f[col]);
            }
            String[] row = java.util.Arrays.copyOf(f, 14);
            row[13] = Integer.toString(i + 1);
            byCase.computeIfAbsent(f[0], k -> new ArrayList<>()).add(row);
        }
        List<LayerCase> out = new ArrayList<>();
        for (List<String[]> rows : byCase.values()) {
            out.add(layerCase(file, rows));
        }
        return out;
    }

    private static LayerCase layerCase(Path file, List<String[]> rows) {
        String[] first = rows.get(0);
        int experts = Integer.parseInt(first[4]);
        int gpus = Integer.parseInt(first[7]);
        long[] expertTokens = new long[experts];
        int[] replicaExpert = new int[rows.size()];
        int[] replicaGpu = new int[rows.size()];
        long[] replicaTokens = new long[rows.size()];
        int[] copies = new int[experts];
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            replicaGpu[r] = Integer.parseInt(row[10]);
            replicaExpert[r] = Integer.parseInt(row[11]);
            replicaTokens[r] = Long.parseLong(row[12]);
            if (replicaGpu[r] < 0 || replicaGpu[r] >= gpus || replicaExpert[r] < 0 || replicaExpert[r] >= experts) {
                throw new IllegalArgumentException(file + ": line " + row[13] + ": gpu " + replicaGpu[r] + " / expert "
                        + replicaExpert[r] + " outside the case's " + gpus + " GPUs and " + experts + " experts");
            }
            expertTokens[replicaExpert[r]] += replicaTokens[r];
            copies[replicaExpert[r]]++;
        }
        double[] share = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            long total = expertTokens[replicaExpert[r]];
            share[r] = total == 0 ? 1.0 / copies[replicaExpert[r]] : (double) replicaTokens[r] / total;
        }
        return new LayerCase(first[0], first[1], Long.parseLong(first[6]), first[8], first[9], expertTokens,
                new ExpertPlacement(gpus, experts, replicaExpert, replicaGpu, share));
    }

    private static void number(Path file, int line, int column, String value) {
        try {
            if (Long.parseLong(value) < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + line + ": field '" + HEADER.split(",")[column]
                    + "' is '" + value + "', expected a whole number >= 0");
        }
    }
}
