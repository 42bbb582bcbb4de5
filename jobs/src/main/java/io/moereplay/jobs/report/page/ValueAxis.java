package io.moereplay.jobs.report.page;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric axis fitted to the data, so that points spread over the chart instead of bunching in a
 * corner: the range is the data's with padding on both sides (not from 0), logarithmic when the
 * data span a decade or more, with ticks at round values (1, 2, 5 x 10^k; on a log axis the
 * decades, and 2 and 5 between them when there is room).
 *
 * @param min the axis's lowest value
 * @param max the axis's highest value, greater than min
 * @param log whether positions are proportional to the logarithm
 */
public record ValueAxis(double min, double max, boolean log) {

    /** Space left on each side of the data, as a share of the axis. */
    static final double PADDING = 0.08;
    private static final double[] STEPS = {2, 5};

    public ValueAxis {
        if (!(max > min) || log && min <= 0) {
            throw new IllegalArgumentException("an axis needs min < max (and min > 0 on a log scale), got " + min + ".." + max);
        }
    }

    /** The axis for values (at least one; NaN ignored): log when all are positive and the largest is 10 x the smallest or more. */
    public static ValueAxis fit(double... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            throw new IllegalArgumentException("an axis needs at least one value");
        }
        if (lo > 0 && hi / lo >= 10) {
            double span = Math.log10(hi / lo);
            return new ValueAxis(lo / Math.pow(10, span * PADDING), hi * Math.pow(10, span * PADDING), true);
        }
        double span = hi > lo ? hi - lo : Math.max(Math.abs(hi) * 0.2, 1e-9);
        double low = lo - span * PADDING;
        // values that are all positive keep a positive axis: a cost or a latency below zero means nothing
        return new ValueAxis(lo >= 0 && low < 0 ? 0 : low, hi + span * PADDING, false);
    }

    /**
     * The values' axis, extended to hold {@code target} (an SLO) when it is near them: within their
     * own spread again beyond the largest, or up to 3 x the largest. A target far beyond every value
     * would leave them in a sliver at one end, so the chart marks it at its edge instead
     * (a DeepSeek-V3 night's candidates at 9-13 ms against a 150 ms SLO).
     */
    public static ValueAxis fitWithTarget(double target, double... values) {
        ValueAxis own = fit(values);
        double largest = Arrays.stream(values).filter(v -> !Double.isNaN(v)).max().orElse(target);
        double smallest = Arrays.stream(values).filter(v -> !Double.isNaN(v)).min().orElse(target);
        boolean near = target <= largest + (largest - smallest) || target <= 3 * largest;
        if (!near || own.contains(target)) {
            return own;
        }
        double[] withTarget = Arrays.copyOf(values, values.length + 1);
        withTarget[values.length] = target;
        return fit(withTarget);
    }

    /**
     * The top of a 0-based axis of shares (balancedness) up to {@code largest} in (0, 1]: the next
     * multiple of 0.05, so that a model whose layers all sit near 0.04 (DeepSeek-V3 under a steep
     * router) still shows its differences; 1 once any value passes 0.5.
     */
    public static double shareTop(double largest) {
        return largest > 0.5 ? 1 : Math.max(0.05, Math.ceil(largest * 20 - 1e-9) / 20);
    }

    /** Where {@code value} falls: 0 at min, 1 at max (outside 0..1 when off the axis). */
    public double position(double value) {
        return log ? Math.log(value / min) / Math.log(max / min) : (value - min) / (max - min);
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** Round values inside the axis, about {@code most} of them. */
    public List<Double> ticks(int most) {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            int perDecade = (int) (most / Math.log10(max / min));
            double[] mantissas = perDecade >= 3 ? new double[] {1, 2, 5} : perDecade == 2 ? new double[] {1, 5} : new double[] {1};
            for (double mantissa : mantissas) {
                for (double decade = Math.pow(10, Math.floor(Math.log10(min))); decade <= max; decade *= 10) {
                    if (contains(mantissa * decade)) {
                        ticks.add(round(mantissa * decade));
                    }
                }
            }
            ticks.sort(Double::compare);
            return ticks;
        }
        double step = niceStep((max - min) / Math.max(1, most));
        for (long k = (long) Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
            ticks.add(round(k * step));
        }
        return ticks;
    }

    /** A tick's label: the round value without trailing zeros or float noise (150, 2.5, 0.05). */
    public static String label(double tick) {
        return BigDecimal.valueOf(tick).stripTrailingZeros().toPlainString();
    }

    private static double round(double value) {
        return new BigDecimal(value).round(new MathContext(6)).doubleValue();
    }

    /** The one of 1, 2, 5 x 10^k nearest to {@code rough} (by ratio). */
    static double niceStep(double rough) {
        double scale = Math.pow(10, Math.floor(Math.log10(rough)));
        double nice = scale;
        for (double step : STEPS) {
            if (Math.abs(Math.log(step * scale / rough)) < Math.abs(Math.log(nice / rough))) {
                nice = step * scale;
            }
        }
        return Math.abs(Math.log(10 * scale / rough)) < Math.abs(Math.log(nice / rough)) ? 10 * scale : nice;
    }
}
