package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;

/**
 * One layer's shares under {@link PopularityDrift}, window by window. Window w's innovations come
 * from their own stream (the layer's drift seed, w), so the shares of a window depend only on the
 * seed, the layer and w: not on the order layers run in, nor on which windows had steps.
 *
 * <p>Log-popularity starts at 0 in window 0, so windows up to 0 have the base shares and the
 * process approaches its stationary spread sigma as rho^w fades. Moving ahead m windows costs
 * O(experts m); a period much shorter than the gaps between steps makes that add up.
 *
 * <p>Mutable, one per layer router; allocates nothing once built.
 */
final class DriftingShares {

    private final double[] baseShareOfRank;
    private final double[] logPopularityOfRank;
    private final double[] shareOfRank;
    private final PopularityDrift drift;
    private final double innovationScale;
    private final int topK;
    private final long layerSeed;
    private final SplitMix64 windowRandom = new SplitMix64(0);
    private long window;

    /**
     * @param baseShareOfRank window 0's shares by rank
     * @param layerSeed the layer's own drift seed
     */
    DriftingShares(double[] baseShareOfRank, PopularityDrift drift, int topK, long layerSeed) {
        this.baseShareOfRank = baseShareOfRank.clone();
        this.logPopularityOfRank = new double[baseShareOfRank.length];
        this.shareOfRank = baseShareOfRank.clone();
        this.drift = drift;
        this.innovationScale = Math.sqrt(1 - drift.rho() * drift.rho()) * drift.sigma();
        this.topK = topK;
        this.layerSeed = layerSeed;
    }

    /**
     * Moves on to a window no earlier than the current one, an AR(1) step for every window passed.
     *
     * @return whether the shares changed
     */
    boolean advanceTo(long target) {
        if (target < window) {
            throw new IllegalArgumentException("window " + target + " comes before window " + window
                    + ": a layer's steps must arrive in time order");
        }
        if (target == window) {
            return false;
        }
        for (long w = window + 1; w <= target; w++) {
            windowRandom.restart(layerSeed, RoutingStreams.DRIFT_WINDOW, w);
            for (int rank = 0; rank < logPopularityOfRank.length; rank++) {
                logPopularityOfRank[rank] = drift.rho() * logPopularityOfRank[rank]
                        + innovationScale * windowRandom.nextGaussian();
            }
        }
        window = target;
        for (int rank = 0; rank < shareOfRank.length; rank++) {
            shareOfRank[rank] = baseShareOfRank[rank] * StrictMath.exp(logPopularityOfRank[rank]);
        }
        Shares.normalize(shareOfRank);
        Shares.capForTopK(shareOfRank, topK);
        return true;
    }

    /** The current window's shares by rank; read-only for callers. */
    double[] shareOfRank() {
        return shareOfRank;
    }

    /** The current window's log-popularity by rank, x in the AR(1); read-only for callers. */
    double[] logPopularityOfRank() {
        return logPopularityOfRank;
    }
}
