package io.moereplay.model.placement;

import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.ColocatedExpertParallel;
import io.moereplay.model.perf.DecodeAttention;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LinkModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.moereplay.model.placement.DispatchRule.SPLIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A two-window study worked by hand. Four experts on two GPUs of three slots; the hot expert
 * moves from 0 to 2 between windows. Top-1, a batch of 120, so a window of 1200 choices is 10
 * steps; experts take t + 10 us for t tokens; attention is free (no context, no weights); the
 * dispatch of 60 sequences' 1-wide bf16 states, half of it remote (60 B at 60 B/us), takes 1 us
 * each way.
 */
class PlacementStudyTest {

    private static final SlotLayout LAYOUT = SlotLayout.of(4, 2, 2, 1);
    private static final List<WindowLoad> WINDOWS = List.of(
            new WindowLoad(0, new double[] {900, 100, 100, 100}),
            new WindowLoad(1, new double[] {100, 100, 900, 100}));
    private static final GpuSpec GPU = new GpuSpec("test", 1, 1, 1, 1, 1, 1, 1);
    private static final PlacementScorer SCORER = new PlacementScorer(new ColocatedExpertParallel("test", 2, 1, 1, 0,
            ExpertPlacement.contiguous(4, 2), tokens -> tokens == 0 ? 0 : tokens + 10.0,
            new DecodeAttention(2, 0, 1, 1, GPU, 1, 0, null), new LinkModel(60, 0, 1)),
            1000, new LinkModel(100, 10, 1), new LinkModel(10, 5, 1), 120, 0);

    private final PlacementStudy study = new PlacementStudy(LAYOUT, SPLIT,
            List.of(new NoReplication(), new IncrementalRebalance(2, SPLIT)), SCORER, 1, 1, List.of(1, 2));

    /**
     * Interval 1. None: both windows put 100 tokens with two experts on one GPU, 120 us + 2 us of
     * dispatch and combine, 10 steps each: 2440 us. Incremental: window 0 the same, 1220 us; then
     * it copies expert 0 to GPU 1 and expert 2 to GPU 0 (two copies, one per GPU, 1000 B over
     * NVLink each: 10 + 10 = 20 us); window 1 then splits 45 + 10 + 5 (90 us with three launches)
     * on each GPU: 10 x 92 = 920 us. Interval 2 never re-places within two windows: 2440 us.
     */
    @Test
    void intervalCostsAddTheLayerTimeInForceAndTheCopies() {
        PlacementStudy.LayerResult result = study.run(WINDOWS, null);
        assertThat(result.costs()).containsExactly(
                new IntervalCost("none", 1, 20, 2440, 1, 0, 0, 0),
                new IntervalCost("none", 2, 20, 2440, 0, 0, 0, 0),
                new IntervalCost("incremental", 1, 20, 2140, 1, 2, 2000, 20),
                new IntervalCost("incremental", 2, 20, 2440, 0, 0, 0, 0));
    }

    /** The recommendation fits the last window: incremental reaches 60 / 60 from 20 / 100. */
    @Test
    void outcomesCompareTheCurrentPlacementWithEachRecommendation() {
        PlacementStudy.LayerResult result = study.run(WINDOWS, null);
        PolicyOutcome incremental = result.outcomes().get(1);
        assertThat(incremental.policy()).isEqualTo("incremental");
        assertThat(incremental.before().maxOverMean()).isCloseTo(100.0 / 60, within(1e-12));
        assertThat(incremental.after().maxOverMean()).isCloseTo(1, within(1e-12));
        assertThat(incremental.stepBefore().layerMicros()).isEqualTo(122);
        assertThat(incremental.stepAfter().layerMicros()).isEqualTo(92);
        assertThat(incremental.migration().expertsMoved()).isEqualTo(2);
        PolicyOutcome none = result.outcomes().get(0);
        assertThat(none.placement()).isEqualTo(ExpertPlacement.contiguous(4, 2));
        assertThat(none.migration()).isEqualTo(PlacementMigration.NONE);
    }

    /** Fitted at window 0 and scored on windows 0 and 1, then fitted at 1 and scored on 1. */
    @Test
    void theBacktestScoresEachFitOnTheWindowsAfterIt() {
        List<BacktestPoint> incremental = study.run(WINDOWS, null).backtest().stream()
                .filter(point -> point.policy().equals("incremental")).toList();
        assertThat(incremental).extracting(BacktestPoint::fitWindow, BacktestPoint::horizon, BacktestPoint::window)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0, 0L),
                        org.assertj.core.groups.Tuple.tuple(0L, 1, 1L),
                        org.assertj.core.groups.Tuple.tuple(1L, 0, 1L));
        // The placement fitted to window 0 (the replicas of experts 0 and 2) also balances window 1.
        assertThat(incremental).allSatisfy(point -> assertThat(point.quality().maxOverMean()).isCloseTo(1, within(1e-12)));
    }

    /**
     * The placement in force splits expert 0's 900 tokens 400 / 500 so that both GPUs take 600
     * (G0 {e0, e1, e2}, G1 {e0, e3}). Under equal dispatch an engine sends 450 to each replica:
     * 650 / 550, max/mean 13/12; the step's tokens 90, 10, 10, 10 put 45 + 10 + 10 on G0: 95 us of
     * experts + 2 us of all-to-all, where the split shares (40 + 10 + 10) take 92 us.
     */
    @Test
    void equalDispatchScoresThePlacementInForceWithEqualShares() {
        ExpertPlacement current = new ExpertPlacement(2, 4, new int[] {0, 1, 2, 0, 3}, new int[] {0, 0, 0, 1, 1},
                new double[] {4.0 / 9, 1, 1, 5.0 / 9, 1});
        List<WindowLoad> first = WINDOWS.subList(0, 1);
        PolicyOutcome equal = new PlacementStudy(LAYOUT, DispatchRule.EQUAL, List.of(new NoReplication()), SCORER, 1, 0,
                List.of(1)).run(first, current).outcomes().get(0);
        PolicyOutcome split = new PlacementStudy(LAYOUT, SPLIT, List.of(new NoReplication()), SCORER, 1, 0,
                List.of(1)).run(first, current).outcomes().get(0);

        assertThat(equal.before().maxOverMean()).isCloseTo(13.0 / 12, within(1e-12));
        assertThat(equal.stepBefore().layerMicros()).isEqualTo(97);
        assertThat(split.before().maxOverMean()).isCloseTo(1, within(1e-12));
        assertThat(split.stepBefore().layerMicros()).isEqualTo(92);
    }

    /** A look-back of 3 windows weighs the newest by 2 / 4: window 1's smoothed share of expert 0 is 0.5. */
    @Test
    void theLookBackSmoothsSharesExponentially() {
        PlacementStudy smoothed = new PlacementStudy(LAYOUT, SPLIT, List.of(new NoReplication()), SCORER, 3, 0, List.of(1));
        PolicyOutcome none = smoothed.run(WINDOWS, null).outcomes().get(0);
        // Shares 0.5 x (0.75, 1/12, 1/12, 1/12) + 0.5 x (1/12, 1/12, 0.75, 1/12): GPUs 5/12 and 5/12.
        assertThat(none.before().maxOverMean()).isCloseTo(1, within(1e-12));
    }
}
