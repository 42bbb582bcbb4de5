package io.moereplay.model.cost;

/** Nearest-rank percentiles. */
public final class Percentiles {

    private Percentiles() {}

    /** The smallest value with at least {@code q} of the sorted values at or below it; 0 for none. */
    public static double nearestRank(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
