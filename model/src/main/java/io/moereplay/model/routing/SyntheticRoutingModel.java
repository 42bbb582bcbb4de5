package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;

/**
 * Routing drawn from per-layer expert popularity ({@code synthetic} on the command line): a step's
 * counts at a layer are one multinomial draw over its B tokens' B k choices, costing O(experts)
 * whatever B is (see {@link CappedMultinomial} for what that does and does not model), with
 * popularity drifting between windows of the trace's clock ({@link PopularityDrift}).
 *
 * <p>At construction each layer's shares by rank are capped at 1/k ({@link Shares#capForTopK}),
 * since an expert cannot be in more than every token's top-k set, and its ranks are given to
 * experts by the layer's expert order or, without one, a shuffle seeded by (seed, layer).
 *
 * <p>Every layer draws from its own streams of the seed, so a layer's counts do not depend on the
 * other layers or the order they run in, and the same spec gives the same counts on any JVM.
 */
public final class SyntheticRoutingModel implements RoutingModel {

    private final SyntheticRoutingSpec spec;
    private final int[][] expertOfRank;
    private final double[][] shareOfRank;

    public SyntheticRoutingModel(SyntheticRoutingSpec spec) {
        this.spec = spec;
        this.expertOfRank = new int[spec.layers()][];
        this.shareOfRank = new double[spec.layers()][];
        for (int layer = 0; layer < spec.layers(); layer++) {
            LayerPopularity popularity = spec.popularityOf(layer);
            double[] shares = popularity.shares().sharesByRank(spec.experts());
            if (Shares.positive(shares) < spec.topK()) {
                throw new IllegalArgumentException("layer " + layer + " gives " + Shares.positive(shares)
                        + " experts a share; top-" + spec.topK() + " routing needs at least " + spec.topK());
            }
            Shares.capForTopK(shares, spec.topK());
            shareOfRank[layer] = shares;
            int[] order = popularity.expertOfRank();
            expertOfRank[layer] = order != null ? order : SplitMix64.stream(
                    spec.seed(), RoutingStreams.LAYER_PERMUTATION, layer).permutation(spec.experts());
        }
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public int layers() {
        return spec.layers();
    }

    @Override
    public int experts() {
        return spec.experts();
    }

    @Override
    public int topK() {
        return spec.topK();
    }

    public SyntheticRoutingSpec spec() {
        return spec;
    }

    /** Each expert's share of a layer's choices before any drift, after the top-k cap. */
    public double[] shares(int layer) {
        double[] byExpert = new double[spec.experts()];
        for (int rank = 0; rank < byExpert.length; rank++) {
            byExpert[expertOfRank[layer][rank]] = shareOfRank[layer][rank];
        }
        return byExpert;
    }

    /** The expert of each popularity rank at a layer. */
    public int[] expertOfRank(int layer) {
        return expertOfRank[layer].clone();
    }

    @Override
    public LayerRouter layer(int layer) {
        if (layer < 0 || layer >= spec.layers()) {
            throw new IllegalArgumentException("layer " + layer + " is outside [0, " + spec.layers() + ")");
        }
        return new SyntheticLayerRouter(spec, layer, expertOfRank[layer], shareOfRank[layer]);
    }
}
