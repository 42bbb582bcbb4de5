package io.moereplay.model.hotness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one layer's per-expert token counts in one window into hotness rows and balance figures.
 *
 * <p>Worked example, 4 experts with loads {6, 2, 0, 0} and threshold 1.5: mean 2, max 6,
 * balancedness 1/3, max/mean 3, shares {0.75, 0.25, 0, 0}, exp(H)/E = exp(0.5623)/4 = 0.4387,
 * Gini 0.625, two dead experts, one hot expert (6 >= 1.5 x 2).
 */
public final class HotnessCalculator {

    private final double hotThreshold;

    /**
     * @param hotThreshold an expert is hot when its load is at least this multiple of the layer's
     *     mean load; must be positive
     */
    public HotnessCalculator(double hotThreshold) {
        if (!(hotThreshold > 0) || Double.isInfinite(hotThreshold)) {
            throw new IllegalArgumentException(
                    "hot threshold " + hotThreshold + " must be a positive finite number");
        }
        this.hotThreshold = hotThreshold;
    }

    /**
     * Computes the layer's rows for one window.
     *
     * @param counts tokens per expert, indexed by expert id; the total must be positive
     * @param previousShares the layer's expert shares in its previous window, or null if none
     */
    public LayerWindowStats compute(long window, int layer, long[] counts, double[] previousShares) {
        int experts = counts.length;
        long total = Arrays.stream(counts).sum();
        if (total <= 0) {
            throw new IllegalArgumentException(
                    "layer " + layer + " window " + window + " has no routed tokens");
        }
        double mean = (double) total / experts;
        double[] shares = shares(counts);
        int[] ranks = ranks(counts);
        List<ExpertHotness> rows = new ArrayList<>(experts);
        long max = 0;
        int dead = 0;
        int hot = 0;
        for (int e = 0; e < experts; e++) {
            boolean isHot = counts[e] >= hotThreshold * mean;
            rows.add(new ExpertHotness(
                    window, layer, e, counts[e], shares[e], ranks[e], counts[e] / mean, isHot));
            max = Math.max(max, counts[e]);
            dead += counts[e] == 0 ? 1 : 0;
            hot += isHot ? 1 : 0;
        }
        Double drift = previousShares == null ? null : LoadStatistics.totalVariation(shares, previousShares);
        LayerBalance balance = new LayerBalance(
                window, layer, experts, total, max, mean, mean / max, max / mean,
                LoadStatistics.normalizedEntropy(shares), LoadStatistics.gini(counts), dead, hot, drift);
        return new LayerWindowStats(balance, rows);
    }

    /** Each expert's share of the total; the total must be positive. */
    public static double[] shares(long[] counts) {
        double total = Arrays.stream(counts).sum();
        return Arrays.stream(counts).mapToDouble(c -> c / total).toArray();
    }

    private static int[] ranks(long[] counts) {
        int[] order = LoadStatistics.byDescendingLoad(counts);
        int[] ranks = new int[counts.length];
        for (int position = 0; position < order.length; position++) {
            ranks[order[position]] = position + 1;
        }
        return ranks;
    }
}
