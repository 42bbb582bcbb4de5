package io.moereplay.model.routing;

import io.moereplay.model.hotness.LoadStatistics;

import java.util.function.DoubleUnaryOperator;

/**
 * The popularity families {@link RoutingCalibration} fits, each matching a layer's observed skew
 * with as many statistics as it has parameters.
 */
public enum PopularityFamily {

    /**
     * Zipf–Mandelbrot, matching both Gini and max/mean: for a given offset q the Gini grows with
     * the exponent s, so s is solved for the Gini; along that curve max/mean falls as q grows
     * (a larger q flattens the head), so q is solved for max/mean, over q + 1 in [1e-6, 1e6] on a
     * log scale. Outside what the family reaches, the fit stops at the nearest end and the
     * fit's errors say so.
     */
    ZIPF_MANDELBROT {
        @Override
        ExpertPopularity fit(double gini, double maxOverMean, int experts) {
            // Solved for ln(1 + q), along which max/mean falls; negated to rise.
            DoubleUnaryOperator fallingMaxOverMean = t -> -LoadStatistics.maxOverMean(
                    giniMatched(gini, StrictMath.expm1(t), experts).sharesByRank(experts));
            double logOffset = Bisection.solveIncreasing(
                    fallingMaxOverMean, -maxOverMean, StrictMath.log(1e-6), StrictMath.log(1e6));
            return giniMatched(gini, StrictMath.expm1(logOffset), experts);
        }

        private ZipfMandelbrotPopularity giniMatched(double gini, double offset, int experts) {
            double exponent = Bisection.solveIncreasingFromZero(
                    s -> LoadStatistics.gini(new ZipfMandelbrotPopularity(s, offset).sharesByRank(experts)),
                    gini, 1, MAX_PARAMETER);
            return new ZipfMandelbrotPopularity(exponent, offset);
        }
    },

    /** Lognormal quantiles, matching the Gini with sigma (the Gini grows with it). */
    LOGNORMAL {
        @Override
        ExpertPopularity fit(double gini, double maxOverMean, int experts) {
            return new LognormalPopularity(Bisection.solveIncreasingFromZero(
                    sigma -> LoadStatistics.gini(new LognormalPopularity(sigma).sharesByRank(experts)),
                    gini, 1, MAX_PARAMETER));
        }
    };

    /** Far beyond any skew a layer shows, where all load is on one expert to double precision. */
    private static final double MAX_PARAMETER = 1e9;

    /** The family's member with the layer's observed Gini and max/mean, as near as it comes. */
    abstract ExpertPopularity fit(double gini, double maxOverMean, int experts);
}
