package io.moereplay.model.routing;

import io.moereplay.model.hotness.HotnessCalculator;
import io.moereplay.model.hotness.LoadStatistics;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link SyntheticRoutingModel} to recorded per-layer expert loads: per layer, a member of
 * a {@link PopularityFamily} with the observed skew, over the observed rank order of the experts
 * (so the model's hot experts are the trace's).
 *
 * <p>Worked example, 4 experts with loads {120, 480, 160, 240}: max/mean 1.92, Gini 0.29, rank
 * order {1, 3, 2, 0}; the Zipf–Mandelbrot fit is s = 1, q = 0 (the loads are 1 : 1/2 : 1/3 : 1/4),
 * with TVD 0. Loads {10, 40, 20, 30} fall linearly, flatter at the head than the family reaches at
 * their Gini 0.25: the fit ends at q = 1e6 (a geometric head) with max/mean 1.685, 5.3% over.
 */
public final class RoutingCalibration {

    private final PopularityFamily family;
    private final int experts;
    private final List<LayerFit> layers;

    private RoutingCalibration(PopularityFamily family, int experts, List<LayerFit> layers) {
        this.family = family;
        this.experts = experts;
        this.layers = List.copyOf(layers);
    }

    /**
     * Fits every layer.
     *
     * @param countsByLayer {@code countsByLayer[layer][expert]}: tokens routed, summed over the
     *     trace; every layer with the same number of experts and a positive total
     */
    public static RoutingCalibration fit(long[][] countsByLayer, PopularityFamily family) {
        if (countsByLayer.length == 0) {
            throw new IllegalArgumentException("no layers to calibrate on");
        }
        int experts = countsByLayer[0].length;
        List<LayerFit> fits = new ArrayList<>();
        for (int layer = 0; layer < countsByLayer.length; layer++) {
            long[] counts = countsByLayer[layer];
            if (counts.length != experts) {
                throw new IllegalArgumentException("layer " + layer + " has " + counts.length
                        + " experts, layer 0 has " + experts);
            }
            long total = 0;
            for (long count : counts) {
                if (count < 0) {
                    throw new IllegalArgumentException("layer " + layer + " has a negative count " + count);
                }
                total += count;
            }
            if (total == 0) {
                throw new IllegalArgumentException("layer " + layer + " has no routed tokens");
            }
            fits.add(fitLayer(layer, counts, family));
        }
        return new RoutingCalibration(family, experts, fits);
    }

    private static LayerFit fitLayer(int layer, long[] counts, PopularityFamily family) {
        double observedGini = LoadStatistics.gini(counts);
        double observedMaxOverMean = LoadStatistics.maxOverMean(counts);
        ExpertPopularity popularity = family.fit(observedGini, observedMaxOverMean, counts.length);
        double[] fittedByRank = popularity.sharesByRank(counts.length);
        int[] expertOfRank = LoadStatistics.byDescendingLoad(counts);
        double[] fittedByExpert = new double[counts.length];
        for (int rank = 0; rank < counts.length; rank++) {
            fittedByExpert[expertOfRank[rank]] = fittedByRank[rank];
        }
        return new LayerFit(layer, LayerPopularity.ranked(popularity, expertOfRank),
                LoadStatistics.totalVariation(HotnessCalculator.shares(counts), fittedByExpert),
                observedMaxOverMean, LoadStatistics.maxOverMean(fittedByRank),
                observedGini, LoadStatistics.gini(fittedByRank));
    }

    public PopularityFamily family() {
        return family;
    }

    public int experts() {
        return experts;
    }

    /** One fit per layer, in the order of the counts. */
    public List<LayerFit> layers() {
        return layers;
    }

    /** A spec with every layer's fitted popularity over its observed expert order. */
    public SyntheticRoutingSpec spec(int topK, PopularityDrift drift, long seed) {
        return new SyntheticRoutingSpec(layers.size(), experts, topK,
                layers.stream().map(LayerFit::popularity).toList(), drift, seed);
    }

    /** The model of {@link #spec}. */
    public SyntheticRoutingModel model(int topK, PopularityDrift drift, long seed) {
        return new SyntheticRoutingModel(spec(topK, drift, seed));
    }
}
