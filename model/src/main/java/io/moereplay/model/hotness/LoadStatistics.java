package io.moereplay.model.hotness;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

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
        return gini(Arrays.stream(loads).asDoubleStream().toArray());
    }

    /** {@link #gini(long[])} of shares or fractional loads, all non-negative. */
    public static double gini(double[] loads) {
        double[] sorted = loads.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            total += sorted[i];
            weighted += (i + 1) * sorted[i];
        }
        if (total == 0) {
            return 0;
        }
        return 2 * weighted / (n * total) - (n + 1.0) / n;
    }

    /** The largest load over the mean load; 1 when even. The loads must not all be 0. */
    public static double maxOverMean(double[] loads) {
        double max = 0;
        double total = 0;
        for (double load : loads) {
            max = Math.max(max, load);
            total += load;
        }
        return max * loads.length / total;
    }

    /** {@link #maxOverMean(double[])} of counted loads. */
    public static double maxOverMean(long[] loads) {
        return maxOverMean(Arrays.stream(loads).asDoubleStream().toArray());
    }

    /**
     * Expert ids from the most loaded to the least, ties by id: entry r is the expert of
     * popularity rank r.
     */
    public static int[] byDescendingLoad(long[] loads) {
        return IntStream.range(0, loads.length).boxed()
                .sorted(Comparator.<Integer>comparingLong(e -> -loads[e]).thenComparingInt(e -> e))
                .mapToInt(Integer::intValue).toArray();
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
