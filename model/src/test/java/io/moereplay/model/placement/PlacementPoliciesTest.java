package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LinkModel;
import org.junit.jupiter.api.Test;

import static io.moereplay.model.placement.DispatchRule.SPLIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The policies on cases small enough to place by hand. */
class PlacementPoliciesTest {

    /** Four experts, one hot; two GPUs with three slots each (two redundant); bound 120 / 2 = 60. */
    private static final double[] HOT = {90, 10, 10, 10};
    private static final SlotLayout TWO_BY_THREE = SlotLayout.of(4, 2, 2, 1);

    @Test
    void noReplicationKeepsTheContiguousBlocks() {
        ExpertPlacement none = new NoReplication().place(HOT, TWO_BY_THREE, null);
        assertThat(none).isEqualTo(ExpertPlacement.contiguous(4, 2));
        PlacementQuality quality = PlacementQuality.of(HOT, none);
        // GPU 0 holds experts 0 and 1: 100 against a mean of 60.
        assertThat(quality.lowerBound()).isEqualTo(60);
        assertThat(quality.maxGpuLoad()).isEqualTo(100);
        assertThat(quality.maxOverMean()).isCloseTo(5.0 / 3, within(1e-12));
        assertThat(quality.balancedness()).isCloseTo(0.6, within(1e-12));
        assertThat(quality.gapToBound()).isCloseTo(2.0 / 3, within(1e-12));
    }

    /**
     * Greedy: the two redundant slots go to expert 0 (90 per replica) and, expert 0 now on both
     * GPUs, to expert 1 (first of the 10s). Replicas heaviest first: 45, 45, 10 (e2), 10 (e3), 5, 5
     * onto the lighter GPU not holding the expert: 55 / 55, then 60 / 60, the bound.
     */
    @Test
    void greedyReachesTheBoundWithTwoRedundantSlots() {
        ExpertPlacement greedy = new GreedyMinMax(SPLIT).place(HOT, TWO_BY_THREE, null);
        assertThat(greedy.gpuLoad(HOT)).containsExactly(60, 60);
        assertThat(greedy.replicaExpert()).containsExactly(0, 1, 2, 0, 1, 3);
        assertThat(greedy.replicaGpu()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(greedy.replicaShare()).containsExactly(0.5, 0.5, 1, 0.5, 0.5, 1);
    }

    /**
     * Loads 70, 30, 20 on two GPUs of two slots: one redundant slot, for expert 0 (35 each). Equal
     * replicas (EPLB) pack 35 + 30 = 65 against 35 + 20 = 55; greedy then moves 5 of expert 0's
     * tokens to GPU 1, reaching the bound 60 with shares 30/70 and 40/70.
     */
    @Test
    void greedySplitsAReplicatedExpertUnequallyWhereEplbCannot() {
        double[] load = {70, 30, 20};
        SlotLayout layout = SlotLayout.of(3, 1, 2, 1);
        ExpertPlacement eplb = new EplbPlacement(1).place(load, layout, null);
        assertThat(PlacementQuality.of(load, eplb).maxGpuLoad()).isEqualTo(65);
        ExpertPlacement greedy = new GreedyMinMax(SPLIT).place(load, layout, null);
        assertThat(greedy.gpuLoad(load)).containsExactly(60, 60);
        assertThat(greedy.replicaExpert()).containsExactly(0, 1, 0, 2);
        assertThat(greedy.replicaShare()[0]).isCloseTo(30.0 / 70, within(1e-12));
        assertThat(greedy.replicaShare()[2]).isCloseTo(40.0 / 70, within(1e-12));
    }

    /**
     * From the contiguous layout (100 / 20), one copy: a replica of expert 0 on GPU 1's free slot
     * (55 / 65 at equal shares) beats every other change (replicating expert 1: 95; moving expert 0:
     * 110; swaps cost two copies and gain nothing); its 90 tokens are then split 50 / 40 so both GPUs
     * take 60, the bound. A second copy: a replica of expert 2 onto GPU 0, also 60 / 60.
     */
    @Test
    void incrementalMakesTheBestCopiesWithinItsBudget() {
        assertThat(new IncrementalRebalance(0, SPLIT).place(HOT, TWO_BY_THREE, null))
                .isEqualTo(ExpertPlacement.contiguous(4, 2));
        ExpertPlacement one = new IncrementalRebalance(1, SPLIT).place(HOT, TWO_BY_THREE, null);
        assertThat(one.gpuLoad(HOT)).containsExactly(60, 60);
        assertThat(one.replicaExpert()).containsExactly(0, 1, 0, 2, 3);
        assertThat(one.replicaShare()[0]).isCloseTo(50.0 / 90, within(1e-12));
        ExpertPlacement two = new IncrementalRebalance(2, SPLIT).place(HOT, TWO_BY_THREE, null);
        assertThat(two.gpuLoad(HOT)).containsExactly(60, 60);
        assertThat(two.replicaExpert()).containsExactly(0, 1, 2, 0, 2, 3);
        assertThat(two.replicaGpu()).containsExactly(0, 0, 0, 1, 1, 1);
        // More budget finds nothing better than the bound.
        assertThat(new IncrementalRebalance(10, SPLIT).place(HOT, TWO_BY_THREE, null)).isEqualTo(two);
    }

    /**
     * A window where the replicated expert 0 took no token (an engine's short window): the placement
     * in force is kept, its two replicas splitting nothing half and half, rather than each claiming all.
     */
    @Test
    void anIdleReplicatedExpertKeepsEqualShares() {
        ExpertPlacement current = new IncrementalRebalance(2, SPLIT).place(HOT, TWO_BY_THREE, null);
        ExpertPlacement idle = new IncrementalRebalance(2, SPLIT).place(new double[] {0, 10, 10, 10}, TWO_BY_THREE, current);

        for (int r = 0; r < idle.replicas(); r++) {
            if (idle.replicaExpert()[r] == 0) {
                assertThat(idle.replicaShare()[r]).as("replica %d of idle expert 0", r).isEqualTo(0.5);
            }
        }
    }

    @Test
    void incrementalSwapsWhenNoSlotIsFree() {
        // Two GPUs, two slots each, all full: {40, 30 | 10, 0} -> swapping 30 and 10 gives 50 / 30,
        // swapping 40 and 10 gives 40 / 40 at the same two copies: the bound.
        double[] load = {40, 30, 10, 0};
        SlotLayout full = SlotLayout.of(4, 0, 2, 1);
        ExpertPlacement swapped = new IncrementalRebalance(2, SPLIT).place(load, full, null);
        assertThat(swapped.gpuLoad(load)).containsExactly(40, 40);
        assertThat(new IncrementalRebalance(1, SPLIT).place(load, full, null)).isEqualTo(ExpertPlacement.contiguous(4, 2));
    }

    /**
     * The two copies above, 1000 bytes each, one received by each GPU: over NVLink (10 us + 1000 B
     * at 100 B/us = 20 us) when both GPUs share a node, over the NIC (5 us + 1000 B at 10 B/us =
     * 105 us) when they do not; GPUs receive in parallel.
     */
    @Test
    void migrationCountsCopiesAndTimesTheSlowestReceiver() {
        LinkModel nvlink = new LinkModel(100, 10, 1);
        LinkModel nic = new LinkModel(10, 5, 1);
        ExpertPlacement from = ExpertPlacement.contiguous(4, 2);
        ExpertPlacement to = new IncrementalRebalance(2, SPLIT).place(HOT, TWO_BY_THREE, null);
        PlacementMigration oneNode = PlacementMigration.between(from, to, TWO_BY_THREE, 1000, nvlink, nic);
        assertThat(oneNode).isEqualTo(new PlacementMigration(2, 2000, 0, 20));
        PlacementMigration twoNodes =
                PlacementMigration.between(from, to, SlotLayout.of(4, 2, 2, 2), 1000, nvlink, nic);
        assertThat(twoNodes).isEqualTo(new PlacementMigration(2, 2000, 2, 105));
        assertThat(PlacementMigration.between(to, to, TWO_BY_THREE, 1000, nvlink, nic))
                .isEqualTo(PlacementMigration.NONE);
    }

    @Test
    void layoutsThatDoNotDivideAreRefused() {
        assertThatThrownBy(() -> SlotLayout.of(128, 15, 16, 2))
                .hasMessageContaining("128 experts + 15 redundant slots do not divide evenly over 16 GPUs");
        assertThatThrownBy(() -> new SlotLayout(6, 4, 2)).hasMessageContaining("GPUs divisible by the nodes");
        assertThatThrownBy(() -> new GreedyMinMax(SPLIT).place(new double[9], new SlotLayout(2, 1, 4), null))
                .hasMessageContaining("9 experts do not fit in 8 slots");
    }
}
