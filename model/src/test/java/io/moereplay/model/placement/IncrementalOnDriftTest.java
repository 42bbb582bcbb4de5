package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LinkModel;
import io.moereplay.model.routing.DecodeStep;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.PopularityDrift;
import io.moereplay.model.routing.SyntheticRoutingModel;
import io.moereplay.model.routing.SyntheticRoutingSpec;
import io.moereplay.model.routing.ZipfMandelbrotPopularity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The yardstick for the incremental policy: EPLB placed the experts for yesterday's
 * loads; popularity drifted; a full re-placement (EPLB again) recovers the balance but moves most
 * experts. With a budget of 10% of the experts (13 copies of 128), how much of the full gain does
 * the incremental policy keep? 128 experts, top-2, Zipf-Mandelbrot skew, log-popularity drifting
 * by an AR(1) of stationary sigma 0.5; 16 GPUs on 2 nodes, 16 redundant slots.
 */
class IncrementalOnDriftTest {

    private static final SlotLayout LAYOUT = SlotLayout.of(128, 16, 16, 2);
    private static final long MINUTE = 60_000_000L;
    private static final LinkModel LINK = new LinkModel(1, 0, 1);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void tenPercentOfTheExpertsRecoverMostOfAFullReplacementsGain(long seed) {
        SyntheticRoutingSpec spec = SyntheticRoutingSpec.of(1, 128, 2, new ZipfMandelbrotPopularity(1.0, 8),
                new PopularityDrift(0.5, 0.5, MINUTE), seed);
        LayerRouter router = new SyntheticRoutingModel(spec).layer(0);
        double[] yesterday = loads(router, 0);
        double[] today = loads(router, 5 * MINUTE);

        ExpertPlacement current = new EplbPlacement(1).place(yesterday, LAYOUT, null);
        ExpertPlacement full = new EplbPlacement(1).place(today, LAYOUT, current);
        ExpertPlacement incremental = new IncrementalRebalance(13, DispatchRule.SPLIT).place(today, LAYOUT, current);

        double before = PlacementQuality.of(today, current).maxGpuLoad();
        double fullGain = before - PlacementQuality.of(today, full).maxGpuLoad();
        double incrementalGain = before - PlacementQuality.of(today, incremental).maxGpuLoad();
        int fullMoves = PlacementMigration.between(current, full, LAYOUT, 1, LINK, LINK).expertsMoved();
        int incrementalMoves = PlacementMigration.between(current, incremental, LAYOUT, 1, LINK, LINK).expertsMoved();
        // Measured: seeds 1-3 keep 93%, 97% and 85% of the gain with 10, 12 and 9 copies, where
        // EPLB moves 136, 141 and 129 (the README's placement section).
        assertThat(fullGain).isPositive();
        assertThat(fullMoves).isGreaterThan(100);
        assertThat(incrementalMoves).isLessThanOrEqualTo(13);
        assertThat(incrementalGain / fullGain).isGreaterThan(0.8);
    }

    /** Tokens per expert over 200 steps of 256 tokens at the given time. */
    private static double[] loads(LayerRouter router, long startMicros) {
        double[] load = new double[128];
        int[] counts = new int[128];
        for (int step = 0; step < 200; step++) {
            router.route(DecodeStep.ofTokens(step, startMicros, 256), counts);
            for (int e = 0; e < 128; e++) {
                load[e] += counts[e];
            }
        }
        return load;
    }
}
