package io.moereplay.model.perf;

import java.util.function.DoubleUnaryOperator;

/**
 * How well a fitted curve follows measured points, unweighted whatever the fit minimised.
 *
 * @param rSquared 1 - SS_res / SS_tot (1 when the points are all equal and met)
 * @param meanAbsolutePercentageError mean of |predicted - measured| / measured
 */
record FitQuality(double rSquared, double meanAbsolutePercentageError) {

    static FitQuality of(double[] x, double[] y, DoubleUnaryOperator predicted) {
        double mean = 0;
        for (double value : y) {
            mean += value / y.length;
        }
        double residual = 0;
        double total = 0;
        double percentage = 0;
        for (int i = 0; i < x.length; i++) {
            double p = predicted.applyAsDouble(x[i]);
            residual += (y[i] - p) * (y[i] - p);
            total += (y[i] - mean) * (y[i] - mean);
            percentage += Math.abs(p - y[i]) / Math.abs(y[i]) / x.length;
        }
        return new FitQuality(total > 0 ? 1 - residual / total : 1, percentage);
    }
}
