package io.moereplay.model.routing;

/**
 * Lognormal popularity without draws: rank r of E weighs {@code exp(sigma * z_r)}, where z_r is the
 * standard normal quantile at {@code (E - r - 0.5) / E}, so the weights are the E evenly spaced
 * quantiles of a lognormal distribution with shape sigma.
 *
 * @param sigma the spread of log-popularity, at least 0 (0 = uniform)
 */
public record LognormalPopularity(double sigma) implements ExpertPopularity {

    public LognormalPopularity {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("lognormal sigma " + sigma + " must be a finite number >= 0");
        }
    }

    @Override
    public double[] sharesByRank(int experts) {
        double[] weights = new double[experts];
        double headQuantile = NormalQuantile.of((experts - 0.5) / experts);
        // Relative to the head, as in ZipfMandelbrotPopularity, so a large sigma cannot overflow.
        for (int rank = 0; rank < experts; rank++) {
            double z = NormalQuantile.of((experts - rank - 0.5) / experts);
            weights[rank] = StrictMath.exp(sigma * (z - headQuantile));
        }
        return Shares.normalize(weights);
    }
}
