package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.StragglerAccounting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EplbPlacementTest {

    /** Balanced packing: 5, 4, 3, 2 into 2 packs of 2: 5 -> A, 4 -> B, 3 -> B (4 < 5), 2 -> A. */
    @Test
    void balancedPackingPutsEachItemOnTheLightestPackWithRoom() {
        int[][] packing = EplbPlacement.balancedPacking(new double[] {3, 5, 2, 4}, 2);
        assertThat(packing[0]).containsExactly(1, 0, 0, 1);
        assertThat(packing[1]).containsExactly(1, 0, 1, 0);
    }

    /** A single hot expert gets every redundant slot while its load per replica stays the highest. */
    @Test
    void aSingleHotExpertTakesTheRedundantSlots() {
        double[] load = {100, 10, 10, 10, 10, 10, 10, 10};
        int[] phy2log = EplbPlacement.phy2log(load, 12, 1, 1, 4);
        assertThat(phy2log).hasSize(12);
        assertThat(java.util.Arrays.stream(phy2log).filter(e -> e == 0).count()).isEqualTo(5);
        ExpertPlacement placement = EplbPlacement.placement(load, 12, 1, 1, 4);
        long[] tokens = {100, 10, 10, 10, 10, 10, 10, 10};
        // Without replicas 2 experts a GPU: the hot one's GPU has 110 tokens. With 5 replicas of 20
        // spread over 4 GPUs of 3 slots: 170 tokens / 4 GPUs = 42.5 is the bound.
        double[] gpuTokens = placement.gpuTokens(tokens);
        double max = java.util.Arrays.stream(gpuTokens).max().orElseThrow();
        assertThat(max).isLessThan(110).isGreaterThanOrEqualTo(42.5);
        assertThat(StragglerAccounting.layer(tokens, placement, t -> t).maxGpuTokens()).isEqualTo(max);
    }

    @Test
    void allEqualLoadsSpreadEvenly() {
        double[] load = new double[16];
        java.util.Arrays.fill(load, 7);
        ExpertPlacement placement = EplbPlacement.placement(load, 16, 4, 2, 8);
        long[] tokens = new long[16];
        java.util.Arrays.fill(tokens, 7);
        assertThat(placement.gpuTokens(tokens)).containsOnly(14.0);
    }

    /** Groups that do not divide over nodes fall back to the global policy (one node, one group). */
    @Test
    void unevenGroupsUseTheGlobalPolicy() {
        double[] load = {9, 1, 8, 2, 7, 3};
        assertThat(EplbPlacement.phy2log(load, 8, 3, 2, 2)).containsExactly(EplbPlacement.phy2log(load, 8, 1, 1, 2));
    }

    /** More GPUs than experts: each GPU one slot, the extra slots replicas of the heaviest experts. */
    @Test
    void moreGpusThanExperts() {
        int[] phy2log = EplbPlacement.phy2log(new double[] {40, 30, 20, 10}, 8, 1, 1, 8);
        assertThat(java.util.Arrays.stream(phy2log).boxed().toList()).containsOnly(0, 1, 2, 3);
        assertThat(java.util.Arrays.stream(phy2log).filter(e -> e == 0).count()).isEqualTo(3);
        assertThatThrownBy(() -> EplbPlacement.phy2log(new double[] {1, 2, 3}, 4, 1, 1, 3))
                .hasMessageContaining("slots divisible by GPUs");
    }
}
