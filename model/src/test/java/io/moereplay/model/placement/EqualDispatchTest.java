package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import org.junit.jupiter.api.Test;

import static io.moereplay.model.placement.DispatchRule.EQUAL;
import static io.moereplay.model.placement.DispatchRule.SPLIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Placements fitted and scored as the serving engines dispatch: every replica 1/n of its expert. */
class EqualDispatchTest {

    /** GreedyMinMax's worked example: 46 tokens on 2 GPUs of 4 slots, one redundant; bound 23. */
    private static final double[] SEVEN = {9, 9, 8, 7, 6, 6, 1};
    private static final SlotLayout TWO_BY_FOUR = SlotLayout.of(7, 1, 2, 1);
    private static final SlotLayout TWO_BY_THREE = SlotLayout.of(4, 2, 2, 1);

    /**
     * Step 1 replicates expert 0 (4.5 a replica); step 2 packs G0 {e1, e4, e5, e0} = 25.5 and
     * G1 {e2, e3, e0, e6} = 20.5; step 3 swaps e1 (9) with e3 (7): 23.5 / 22.5, the best any
     * equal-share placement does (the other six experts make 18 and 19 at best, plus 4.5 each).
     */
    @Test
    void greedySwapsReplicasWhereSharesCannotMove() {
        ExpertPlacement equal = new GreedyMinMax(EQUAL).place(SEVEN, TWO_BY_FOUR, null);

        assertThat(equal.gpuLoad(SEVEN)).containsExactly(23.5, 22.5);
        assertThat(equal.replicaExpert()).containsExactly(0, 3, 4, 5, 0, 1, 2, 6);
        assertThat(equal.replicaGpu()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(equal.replicaShare()).containsExactly(0.5, 1, 1, 1, 0.5, 1, 1, 1);
        assertThat(equal.replicas()).isEqualTo(TWO_BY_FOUR.slots());
    }

    /**
     * The split greedy keeps step 2's packing and moves 2.5 of expert 0's tokens to G1: 23 / 23 with
     * shares 2/9 and 7/9. An engine splits expert 0 evenly, so that recommendation runs at step 2's
     * 25.5 / 20.5: max/mean 25.5 / 23, where the equal-share fit delivers 23.5 / 23.
     */
    @Test
    void aSplitFitScoredUnderEqualDispatchLosesItsEvenedShares() {
        ExpertPlacement split = new GreedyMinMax(SPLIT).place(SEVEN, TWO_BY_FOUR, null);
        assertThat(split.gpuLoad(SEVEN)).containsExactly(23, 23);
        assertThat(split.replicaShare()[0]).isCloseTo(2.0 / 9, within(1e-12));

        PlacementQuality asEngineRunsIt = PlacementQuality.of(SEVEN, EQUAL.dispatch(split));
        assertThat(asEngineRunsIt.maxGpuLoad()).isCloseTo(25.5, within(1e-12));
        assertThat(asEngineRunsIt.maxOverMean()).isCloseTo(25.5 / 23, within(1e-12));
        assertThat(PlacementQuality.of(SEVEN, new GreedyMinMax(EQUAL).place(SEVEN, TWO_BY_FOUR, null)).maxOverMean())
                .isCloseTo(23.5 / 23, within(1e-12));
        assertThat(SPLIT.dispatch(split)).isSameAs(split);
    }

    /**
     * An engine loads every slot: {10, 0, 0, 0} on 2 x 3 slots. Expert 0 takes the first redundant
     * slot; under equal dispatch the second goes to expert 1 (first of the idle ones), its replicas
     * 1/2 each; the split fit leaves it empty.
     */
    @Test
    void greedyFillsEverySlotUnderEqualDispatch() {
        double[] load = {10, 0, 0, 0};
        ExpertPlacement equal = new GreedyMinMax(EQUAL).place(load, TWO_BY_THREE, null);
        assertThat(equal.replicas()).isEqualTo(6);
        assertThat(equal.replicaExpert()).containsExactly(0, 1, 2, 0, 1, 3);
        assertThat(equal.replicaShare()).containsExactly(0.5, 0.5, 1, 0.5, 0.5, 1);
        assertThat(equal.gpuLoad(load)).containsExactly(5, 5);
        assertThat(new GreedyMinMax(SPLIT).place(load, TWO_BY_THREE, null).replicas()).isEqualTo(5);
    }

    /**
     * Even loads {10, 10, 10, 10} from the contiguous layout (20 / 20, two empty slots): no change
     * relieves a GPU, so the two copies fill the empty slots. Every first fill makes 25 / 15, the
     * first taken is expert 2 on G0; the second, expert 0 on G1, evens it: 20 / 20, shares 1/2.
     */
    @Test
    void incrementalSpendsItsLeftoverCopiesFillingEmptySlots() {
        double[] load = {10, 10, 10, 10};
        ExpertPlacement two = new IncrementalRebalance(2, EQUAL).place(load, TWO_BY_THREE, null);
        assertThat(two.replicaExpert()).containsExactly(0, 1, 2, 2, 3, 0);
        assertThat(two.replicaShare()).containsExactly(0.5, 1, 0.5, 0.5, 1, 0.5);
        assertThat(two.gpuLoad(load)).containsExactly(20, 20);
        // The split policy makes no copy that does not relieve the busiest GPU.
        assertThat(new IncrementalRebalance(2, SPLIT).place(load, TWO_BY_THREE, null))
                .isEqualTo(ExpertPlacement.contiguous(4, 2));
    }

    /**
     * HOT from the contiguous layout (100 / 20): a replica of expert 0 on G1 (55 / 65), then of
     * expert 2 on G0 (60 / 60). The shares stay 1/2 where the split policy evens them (50/90 for
     * one copy).
     */
    @Test
    void incrementalKeepsEqualShares() {
        double[] hot = {90, 10, 10, 10};
        ExpertPlacement one = new IncrementalRebalance(1, EQUAL).place(hot, TWO_BY_THREE, null);
        assertThat(one.gpuLoad(hot)).containsExactly(55, 65);
        assertThat(one.replicaShare()).containsExactly(0.5, 1, 1, 1, 0.5);
        ExpertPlacement two = new IncrementalRebalance(2, EQUAL).place(hot, TWO_BY_THREE, null);
        assertThat(two.gpuLoad(hot)).containsExactly(60, 60);
        assertThat(two.replicaExpert()).containsExactly(0, 1, 2, 2, 3, 0);
    }

    @Test
    void rulesParseByLabel() {
        assertThat(DispatchRule.parse("Equal")).isEqualTo(EQUAL);
        assertThat(SPLIT.label()).isEqualTo("split");
        assertThatThrownBy(() -> DispatchRule.parse("even"))
                .hasMessageContaining("--dispatch 'even' is not a dispatch rule; rules: equal, split");
    }
}
