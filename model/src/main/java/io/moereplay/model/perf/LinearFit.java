package io.moereplay.model.perf;

/**
 * An ordinary least-squares line {@code y = slope * x + intercept} through measured points, with
 * the figures that say how well it fits. MegaScale-Infer's compute model is this line over batch
 * size ({@code T = k1 b + k2}); FinDEP's alpha-beta model is the same line over FLOPs or bytes.
 *
 * @param slope fitted slope (k1, beta)
 * @param intercept fitted intercept (k2, alpha)
 * @param rSquared coefficient of determination, 1 - SS_res / SS_tot
 * @param meanAbsolutePercentageError mean of |predicted - measured| / measured over the points
 * @param points number of points fitted
 */
public record LinearFit(double slope, double intercept, double rSquared, double meanAbsolutePercentageError,
        int points) {

    /** The fitted line at {@code x}. */
    public double at(double x) {
        return slope * x + intercept;
    }

    /**
     * Fits {@code y} against {@code x}.
     *
     * @throws IllegalArgumentException with fewer than two distinct x values
     */
    public static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        int n = x.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }
        if (n < 2 || !(sxx > 0)) {
            throw new IllegalArgumentException("a line needs at least two distinct x values, got " + n + " points");
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        double residual = 0;
        double percentage = 0;
        for (int i = 0; i < n; i++) {
            double predicted = slope * x[i] + intercept;
            residual += (y[i] - predicted) * (y[i] - predicted);
            percentage += Math.abs(predicted - y[i]) / Math.abs(y[i]) / n;
        }
        double rSquared = syy > 0 ? 1 - residual / syy : 1;
        return new LinearFit(slope, intercept, rSquared, percentage, n);
    }
}
