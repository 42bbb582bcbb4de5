package io.moereplay.model.routing;

/**
 * How a layer's routing choices spread over its experts: each expert's share by popularity rank
 * (0 = hottest). The rank of each expert is set apart, by {@link LayerPopularity}.
 */
public sealed interface ExpertPopularity extends java.io.Serializable
        permits ZipfMandelbrotPopularity, LognormalPopularity, ExplicitPopularity {

    /**
     * The share of each popularity rank over {@code experts} experts: non-negative, non-increasing,
     * summing to 1.
     */
    double[] sharesByRank(int experts);
}
