package io.moereplay.model.perf;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A measured kernel profile fitted as {@code T(b) = max(floor, slope * b + intercept)}: flat while
 * the kernel is bound by streaming its weights (or by launch latency), then a line once compute
 * (or the per-token bytes) dominates. It is the roofline's shape with measured constants, and
 * MegaScale-Infer's {@code T = k1 b + k2} is its line alone. The knee is chosen by trying every
 * split of the sorted points into a floor (the mean of the points below) and a line (the points
 * above, least squares on relative error, since timings span orders of magnitude), keeping the
 * split with the smallest mean absolute percentage error.
 *
 * @param floor the flat part, in the profile's time unit
 * @param line the line above the knee (k1 = slope, k2 = intercept)
 * @param knee the smallest x fitted by the line rather than the floor
 * @param rSquared of the whole fit
 * @param meanAbsolutePercentageError of the whole fit, over every point
 */
public record FloorLineFit(double floor, LinearFit line, double knee, double rSquared,
        double meanAbsolutePercentageError) {

    public double at(double x) {
        return Math.max(floor, line.at(x));
    }

    /** Fits the points; needs at least two distinct x values above the knee. */
    public static FloorLineFit of(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need matching x and y of at least 2 points, got " + x.length
                    + " and " + y.length);
        }
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        double[] xs = new double[x.length];
        double[] ys = new double[x.length];
        for (int i = 0; i < order.length; i++) {
            xs[i] = x[order[i]];
            ys[i] = y[order[i]];
        }
        FloorLineFit best = null;
        double floorSum = 0;
        for (int split = 0; split <= xs.length - 2; split++) {
            if (split > 0) {
                floorSum += ys[split - 1];
            }
            // A knee falls between distinct x values; the line needs two distinct ones.
            if ((split > 0 && xs[split] == xs[split - 1]) || xs[split] == xs[xs.length - 1]) {
                continue;
            }
            double floor = split == 0 ? Double.NEGATIVE_INFINITY : floorSum / split;
            LinearFit line = LinearFit.relative(Arrays.copyOfRange(xs, split, xs.length),
                    Arrays.copyOfRange(ys, split, ys.length));
            FloorLineFit candidate = scored(floor, line, xs[split], xs, ys);
            if (best == null || candidate.meanAbsolutePercentageError < best.meanAbsolutePercentageError) {
                best = candidate;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("a line needs at least two distinct x values");
        }
        return best;
    }

    private static FloorLineFit scored(double floor, LinearFit line, double knee, double[] x, double[] y) {
        FitQuality quality = FitQuality.of(x, y, v -> Math.max(floor, line.at(v)));
        return new FloorLineFit(floor, line, knee, quality.rSquared(), quality.meanAbsolutePercentageError());
    }
}
