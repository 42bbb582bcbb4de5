package io.moereplay.model.cost;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A percentile as users write it, in percent ({@code 99}, {@code 99.9}, {@code 50}), taken by
 * nearest rank: the {@code p}-th percentile of {@code n} values is the value of rank
 * {@code ceil(p / 100 * n)} in ascending order, so it is at most a target exactly when at least
 * {@code p}% of the values are. The rank is computed in decimal: in binary floating point
 * {@code 99.9 / 100 * 1000} comes out just above 999 and would take the next value.
 *
 * @param percent in (0, 100]
 */
public record Percentile(double percent) implements Serializable {

    public Percentile {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile " + percent + " is not in (0, 100]: give e.g. 99 for p99");
        }
    }

    /** The 1-based rank of this percentile among {@code n} values; 0 for none. */
    public long rank(long n) {
        if (n == 0) {
            return 0;
        }
        BigDecimal exact = BigDecimal.valueOf(percent).multiply(BigDecimal.valueOf(n))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING);
        return Math.max(1, exact.longValueExact());
    }

    /** The value at this percentile of ascending values; 0 for none. */
    public double of(double[] sorted) {
        return sorted.length == 0 ? 0 : sorted[(int) rank(sorted.length) - 1];
    }

    /** {@code p99}, {@code p99.9}, {@code p50}. */
    public String label() {
        return "p" + BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }
}
