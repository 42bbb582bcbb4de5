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
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1);
        return weighted(x, y, ones);
    }

    /**
     * Fits {@code y} against {@code x} minimising squared relative errors (weights {@code 1/y^2}):
     * for timings that span orders of magnitude, where a plain fit lets the largest points decide
     * and the percentage error of the small ones goes unchecked.
     */
    public static LinearFit relative(double[] x, double[] y) {
        double[] weights = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            weights[i] = 1 / (y[i] * y[i]);
        }
        return weighted(x, y, weights);
    }

    /**
     * Weighted least squares; R^2 and the percentage error are reported unweighted.
     *
     * @throws IllegalArgumentException with fewer than two distinct x values
     */
    public static LinearFit weighted(double[] x, double[] y, double[] w) {
        if (x.length != y.length || x.length != w.length) {
            throw new IllegalArgumentException(x.length + " x values, " + y.length + " y values, " + w.length + " weights");
        }
        int n = x.length;
        double sw = 0;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            meanX += w[i] * x[i];
            meanY += w[i] * y[i];
        }
        meanX /= sw;
        meanY /= sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += w[i] * (x[i] - meanX) * (x[i] - meanX);
            sxy += w[i] * (x[i] - meanX) * (y[i] - meanY);
        }
        if (n < 2 || !(sxx > 0)) {
            throw new IllegalArgumentException("a line needs at least two distinct x values, got " + n + " points");
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        FitQuality quality = FitQuality.of(x, y, v -> slope * v + intercept);
        return new LinearFit(slope, intercept, quality.rSquared(), quality.meanAbsolutePercentageError(), n);
    }
}
