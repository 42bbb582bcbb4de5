package io.moereplay.model.routing;

import java.util.List;

/**
 * What a {@link SyntheticRoutingModel} draws from.
 *
 * @param layers MoE layers, at least 1
 * @param experts routed experts per layer, at least 1
 * @param topK experts each token visits per layer, in [1, experts]
 * @param popularity one entry for every layer, or one per layer
 * @param drift how popularity changes over time; {@link PopularityDrift#NONE} for never
 * @param seed names the draws: the same spec and seed give the same counts
 */
public record SyntheticRoutingSpec(
        int layers, int experts, int topK, List<LayerPopularity> popularity, PopularityDrift drift, long seed)
        implements java.io.Serializable {

    public SyntheticRoutingSpec {
        if (layers < 1) {
            throw new IllegalArgumentException("layers " + layers + " must be at least 1");
        }
        if (experts < 1) {
            throw new IllegalArgumentException("experts " + experts + " must be at least 1");
        }
        if (topK < 1 || topK > experts) {
            throw new IllegalArgumentException("top-k " + topK + " is not in [1, " + experts + "]");
        }
        popularity = List.copyOf(popularity);
        if (popularity.size() != 1 && popularity.size() != layers) {
            throw new IllegalArgumentException(popularity.size()
                    + " layer popularities given; need 1 for all layers or one per layer (" + layers + ")");
        }
        for (LayerPopularity layer : popularity) {
            int[] order = layer.expertOfRank();
            if (order != null && order.length != experts) {
                throw new IllegalArgumentException("an expert order of " + order.length
                        + " experts given for layers of " + experts);
            }
        }
        if (drift == null) {
            throw new IllegalArgumentException("drift must be given; PopularityDrift.NONE for none");
        }
    }

    /** The same popularity, over a seeded shuffle of the experts, at every layer. */
    public static SyntheticRoutingSpec of(
            int layers, int experts, int topK, ExpertPopularity shares, PopularityDrift drift, long seed) {
        return new SyntheticRoutingSpec(
                layers, experts, topK, List.of(LayerPopularity.shuffled(shares)), drift, seed);
    }

    /** The popularity of one layer. */
    public LayerPopularity popularityOf(int layer) {
        return popularity.get(popularity.size() == 1 ? 0 : layer);
    }
}
