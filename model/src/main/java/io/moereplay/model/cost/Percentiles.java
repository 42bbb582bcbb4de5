package io.moereplay.model.cost;

import java.math.BigDecimal;

/** Nearest-rank percentiles of fractions ({@code 0.99}), as {@link Percentile} takes them in percent. */
public final class Percentiles {

    private Percentiles() {}

    /** The smallest value with at least {@code q} of the sorted values at or below it; 0 for none. */
    public static double nearestRank(double[] sorted, double q) {
        return new Percentile(BigDecimal.valueOf(q).movePointRight(2).doubleValue()).of(sorted);
    }
}
