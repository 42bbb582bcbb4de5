package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;

import java.util.Arrays;

/**
 * One layer's shares under {@link PopularityDrift}, window by window. Window w's innovations come
 * from their own stream (the layer's drift seed, w), so the shares of a window depend only on the
 * seed, the layer and w: not on the order layers run in, nor on which windows had steps.
 *
 * <p>Log-popularity starts at 0 in window 0, so windows up to 0 have the base shares and the
 * process approaches its stationary spread sigma as rho^w fades. Moving ahead m windows costs
 * O(experts min(m, M)), where M is the memory of the process: the windows after which rho^M is
 * below 2^-56, so that a state M windows old no longer shows in a double. A jump of more than M
 * windows (an idle gap, or a clock that starts far from 0) restarts from 0 M windows before the
 * target and steps from there: the same as stepping all the way up to that last bit.
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
    private final long memoryWindows;
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
        this.memoryWindows = drift.rho() == 0 ? 1
                : (long) Math.ceil(-56 * StrictMath.log(2) / StrictMath.log(drift.rho()));
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
        long from = window + 1;
        if (target - window > memoryWindows) {
            Arrays.fill(logPopularityOfRank, 0);
            from = target - memoryWindows + 1;
        }
        for (long w = from; w <= target; w++) {
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
