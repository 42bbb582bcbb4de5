package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.model.hotness.LoadStatistics;
import io.moereplay.model.routing.DecodeStep;
import io.moereplay.model.routing.LayerFit;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.PopularityDrift;
import io.moereplay.model.routing.PopularityFamily;
import io.moereplay.model.routing.RoutingCalibration;
import io.moereplay.model.routing.SyntheticRoutingModel;
import io.moereplay.model.routing.ZipfMandelbrotPopularity;
import io.moereplay.model.trace.ExpertLoad;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;

/**
 * Calibrates the synthetic routing model on Switch-base-128's per-layer expert loads (6 sparse
 * layers x 128 experts, 206,866 tokens a layer, top-1) and checks that the model's own draws, made
 * the way a replay makes them (decode steps of 256 tokens until a layer has seen 206,866 tokens),
 * have each layer's skew: max/mean and Gini within 5% of the trace's, averaged over 5 seeds.
 */
class Switch128CalibrationTest {

    private static final int STEP_TOKENS = 256;
    private static final int SEEDS = 5;

    @Test
    void drawsOfTheCalibratedModelReproduceEachLayersSkew() throws Exception {
        LocalTraceFile file = SharedRoutingTraces.routing("switch_base128_expert_statistics_3d.json");
        RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.LOAD_COUNTS_JSON);
        TraceShape shape = reader.declaredShape(file).orElseThrow();
        long[][] counts = new long[shape.layerCount()][shape.experts()];
        for (ExpertLoad load : RecordingVisitor.read(reader, file, shape).loads) {
            counts[shape.indexOf(load.layer())][load.expert()] += load.tokens();
        }
        long tokensPerLayer = Arrays.stream(counts[0]).sum();
        assertThat(tokensPerLayer).isEqualTo(206_866);

        RoutingCalibration calibration = RoutingCalibration.fit(counts, PopularityFamily.ZIPF_MANDELBROT);
        double[][] drawn = drawnSkew(calibration, shape.layerCount(), tokensPerLayer);

        System.out.println("Switch-base-128, Zipf-Mandelbrot per layer; drawn = mean of " + SEEDS
                + " seeds of steps of " + STEP_TOKENS + " tokens to " + tokensPerLayer + " tokens a layer");
        System.out.printf(Locale.ROOT, "%5s %7s %8s %6s | %8s %7s %6s %6s | %8s %6s %6s %6s%n", "layer", "s", "q",
                "TVD", "max/mean", "fitted", "drawn", "error", "Gini", "fitted", "drawn", "error");
        for (LayerFit fit : calibration.layers()) {
            int layer = fit.layer();
            ZipfMandelbrotPopularity zipf = (ZipfMandelbrotPopularity) fit.popularity().shares();
            System.out.printf(Locale.ROOT,
                    "%5d %7.4f %8.4f %6.4f | %8.3f %7.3f %6.3f %+5.1f%% | %8.4f %6.4f %6.4f %+5.1f%%%n",
                    shape.layerId(layer), zipf.exponent(), zipf.offset(), fit.totalVariation(),
                    fit.observedMaxOverMean(), fit.fittedMaxOverMean(), drawn[layer][0],
                    100 * (drawn[layer][0] / fit.observedMaxOverMean() - 1),
                    fit.observedGini(), fit.fittedGini(), drawn[layer][1],
                    100 * (drawn[layer][1] / fit.observedGini() - 1));
        }

        // Observed figures from the file (max/mean, Gini): layer 1 6.204, 0.320; layer 3 31.015,
        // 0.701; layer 5 7.978, 0.567; layer 7 10.816, 0.614; layer 9 9.969, 0.640; layer 11 22.496,
        // 0.804.
        double[][] observed = {{6.204, 0.320}, {31.015, 0.701}, {7.978, 0.567}, {10.816, 0.614},
            {9.969, 0.640}, {22.496, 0.804}};
        for (LayerFit fit : calibration.layers()) {
            int layer = fit.layer();
            assertThat(fit.observedMaxOverMean()).isCloseTo(observed[layer][0], within(5e-4));
            assertThat(fit.observedGini()).isCloseTo(observed[layer][1], within(5e-4));
            assertThat(fit.maxOverMeanError()).as("layer %d max/mean fit", layer).isCloseTo(0, within(1e-6));
            assertThat(fit.giniError()).as("layer %d Gini fit", layer).isCloseTo(0, within(1e-6));
            assertThat(drawn[layer][0] / fit.observedMaxOverMean() - 1).as("layer %d drawn max/mean", layer)
                    .isCloseTo(0, within(0.05));
            assertThat(drawn[layer][1] / fit.observedGini() - 1).as("layer %d drawn Gini", layer)
                    .isCloseTo(0, within(0.05));
        }
    }

    /** Per layer, {max/mean, Gini} of the drawn totals, each averaged over the seeds. */
    private static double[][] drawnSkew(RoutingCalibration calibration, int layers, long tokensPerLayer) {
        double[][] skew = new double[layers][2];
        for (long seed = 1; seed <= SEEDS; seed++) {
            SyntheticRoutingModel model = calibration.model(1, PopularityDrift.NONE, seed);
            for (int layer = 0; layer < layers; layer++) {
                LayerRouter router = model.layer(layer);
                long[] totals = new long[model.experts()];
                int[] counts = new int[model.experts()];
                long step = 0;
                for (long routed = 0; routed < tokensPerLayer; routed += STEP_TOKENS) {
                    int tokens = (int) Math.min(STEP_TOKENS, tokensPerLayer - routed);
                    router.route(DecodeStep.ofTokens(step, step * 20_000, tokens), counts);
                    step++;
                    for (int e = 0; e < counts.length; e++) {
                        totals[e] += counts[e];
                    }
                }
                skew[layer][0] += LoadStatistics.maxOverMean(totals) / SEEDS;
                skew[layer][1] += LoadStatistics.gini(totals) / SEEDS;
            }
        }
        return skew;
    }
}
