package io.moereplay.model.validation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Whole tokens per expert for one batch routed top-k: {@code tokens * topK} choices split in
 * proportion to a popularity, no expert above {@code tokens} (a token picks an expert at most
 * once), rounded by largest remainder so the counts add up exactly. Deterministic: ties go to the
 * lower expert id.
 */
public final class RoutedCounts {

    private RoutedCounts() {}

    /**
     * @param popularity non-negative weight per expert, not all zero
     * @throws IllegalArgumentException when the experts cannot take the choices ({@code experts < topK})
     */
    public static long[] of(double[] popularity, long tokens, int topK) {
        int experts = popularity.length;
        if (experts < topK || tokens < 0 || Arrays.stream(popularity).anyMatch(p -> p < 0 || Double.isNaN(p))
                || Arrays.stream(popularity).sum() <= 0) {
            throw new IllegalArgumentException("cannot route " + tokens + " tokens top-" + topK + " over "
                    + experts + " experts with popularity " + Arrays.toString(popularity));
        }
        double[] share = capped(popularity, tokens, topK);
        long[] counts = new long[experts];
        long assigned = 0;
        for (int e = 0; e < experts; e++) {
            counts[e] = (long) Math.floor(share[e]);
            assigned += counts[e];
        }
        long left = tokens * topK - assigned;
        Integer[] byRemainder = IntStream.range(0, experts).boxed()
                .filter(e -> counts[e] < tokens)
                .sorted(Comparator.comparingDouble((Integer e) -> -(share[e] - Math.floor(share[e]))).thenComparing(e -> e))
                .toArray(Integer[]::new);
        for (int i = 0; i < left; i++) {
            counts[byRemainder[i]]++;
        }
        return counts;
    }

    /** Expected choices per expert with every expert held to {@code tokens}, the excess spread over the rest (water filling). */
    private static double[] capped(double[] popularity, long tokens, int topK) {
        int experts = popularity.length;
        double[] share = new double[experts];
        boolean[] full = new boolean[experts];
        double toSpread = (double) tokens * topK;
        while (true) {
            double weight = 0;
            for (int e = 0; e < experts; e++) {
                weight += full[e] ? 0 : popularity[e];
            }
            boolean capped = false;
            for (int e = 0; e < experts; e++) {
                if (!full[e]) {
                    share[e] = weight > 0 ? toSpread * popularity[e] / weight : 0;
                    if (share[e] > tokens) {
                        full[e] = true;
                        share[e] = tokens;
                        toSpread -= tokens;
                        capped = true;
                    }
                }
            }
            if (!capped) {
                return share;
            }
        }
    }
}
