package io.moereplay.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run's headline says about expert loads, from tokens per (layer, expert) over the whole run
 * ({@link ExpertLoadTotals}): the most skewed layers and the hottest experts.
 */
public final class LayerLoads {

    /** Layers and experts a headline names. */
    public static final int SHOWN = 3;

    private LayerLoads() {}

    /** A layer's skew: its busiest expert's tokens over the mean, and the inverse, balancedness. */
    public record LayerSkew(int layer, double maxOverMean, double balancedness) {}

    /** An expert's tokens as a share of its layer's. */
    public record ExpertShare(int layer, int expert, double share) {}

    /** The {@code n} layers with the highest max/mean, ties to the lower layer; layers without tokens left out. */
    public static List<LayerSkew> mostSkewed(Map<Integer, long[]> loads, int n) {
        List<LayerSkew> skews = new ArrayList<>();
        loads.forEach((layer, experts) -> {
            long total = 0;
            long max = 0;
            for (long tokens : experts) {
                total += tokens;
                max = Math.max(max, tokens);
            }
            if (total > 0) {
                double mean = (double) total / experts.length;
                skews.add(new LayerSkew(layer, max / mean, mean / max));
            }
        });
        return skews.stream().sorted(Comparator.comparingDouble(LayerSkew::maxOverMean).reversed()
                .thenComparingInt(LayerSkew::layer)).limit(n).toList();
    }

    /** The {@code n} experts with the largest share of their layer's tokens, ties to the lower layer, then expert. */
    public static List<ExpertShare> hottest(Map<Integer, long[]> loads, int n) {
        List<ExpertShare> shares = new ArrayList<>();
        loads.forEach((layer, experts) -> {
            long total = 0;
            for (long tokens : experts) {
                total += tokens;
            }
            for (int e = 0; e < experts.length && total > 0; e++) {
                shares.add(new ExpertShare(layer, e, (double) experts[e] / total));
            }
        });
        return shares.stream().sorted(Comparator.comparingDouble(ExpertShare::share).reversed()
                .thenComparingInt(ExpertShare::layer).thenComparingInt(ExpertShare::expert)).limit(n).toList();
    }

    /** "layer 3 expert 17 21.5%, layer 11 expert 90 18.0%": experts with their share of the layer's tokens. */
    public static String sharesText(List<ExpertShare> experts) {
        return experts.stream().map(e -> String.format("layer %d expert %d %.1f%%", e.layer(), e.expert(), 100 * e.share()))
                .collect(Collectors.joining(", "));
    }
}
