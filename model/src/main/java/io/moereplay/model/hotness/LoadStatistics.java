package io.moereplay.model.hotness;

import java.util.Arrays;

/** Skew statistics over a vector of expert loads or shares. */
public final class LoadStatistics {

    private LoadStatistics() {}

    /**
     * exp(H) / n, where H = -sum p ln p (natural log, 0 ln 0 = 0): the effective number of experts
     * in use as a fraction of all of them. 1 when even, 1/n when one expert takes everything.
     */
    public static double normalizedEntropy(double[] shares) {
        double entropy = 0;
        for (double p : shares) {
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        return Math.exp(entropy) / shares.length;
    }

    /**
     * Gini coefficient, sum_i sum_j |x_i - x_j| / (2 n sum x), computed from the ascending sort as
     * 2 sum_i i x_(i) / (n sum x) - (n + 1) / n with i = 1..n. 0 when even; (n-1)/n at most.
     */
    public static double gini(long[] loads) {
        long[] sorted = loads.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            total += sorted[i];
            weighted += (i + 1) * (double) sorted[i];
        }
        if (total == 0) {
            return 0;
        }
        return 2 * weighted / (n * total) - (n + 1.0) / n;
    }

    /** Total variation distance, half the L1 distance between two share vectors of equal length. */
    public static double totalVariation(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException(
                    "share vectors of different lengths " + p.length + " and " + q.length);
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs(p[i] - q[i]);
        }
        return sum / 2;
    }
}
