package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;

/** Draws one layer's step counts for a {@link SyntheticRoutingModel}; allocates nothing per step. */
final class SyntheticLayerRouter implements TokenCountRouter {

    private final int experts;
    private final int topK;
    private final PopularityDrift drift;
    private final SplitMix64 random;
    private final DriftingShares shares;
    private final CappedMultinomial multinomial;

    SyntheticLayerRouter(SyntheticRoutingSpec spec, int layer, int[] expertOfRank, double[] baseShareOfRank) {
        this.experts = spec.experts();
        this.topK = spec.topK();
        this.drift = spec.drift();
        this.random = SplitMix64.stream(spec.seed(), RoutingStreams.LAYER_COUNTS, layer);
        long driftSeed = SplitMix64.stream(spec.seed(), RoutingStreams.LAYER_DRIFT, layer).nextLong();
        this.shares = new DriftingShares(baseShareOfRank, drift, topK, driftSeed);
        this.multinomial = new CappedMultinomial(expertOfRank, baseShareOfRank);
    }

    @Override
    public void route(long startMicros, int tokens, int[] counts) {
        if (counts.length < experts) {
            throw new IllegalArgumentException(
                    "counts hold " + counts.length + " experts; the layer has " + experts);
        }
        if (drift.drifts() && shares.advanceTo(drift.window(startMicros))) {
            multinomial.setShares(shares.shareOfRank());
        }
        multinomial.draw(random, tokens, topK, counts);
    }

    /** The shares of the window of the last step, by rank. */
    double[] shareOfRank() {
        return shares.shareOfRank().clone();
    }
}
