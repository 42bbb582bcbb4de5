package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerSlotsTest {

    @Test
    void gpusAreRankMajorAndOrderedByExpertWithEqualSharesOnTheWayBack() {
        // 3 experts on 2 GPUs x 2 slots; expert 0 on both GPUs at unequal fitted shares
        ExpertPlacement fitted = new ExpertPlacement(2, 3, new int[] {2, 0, 1, 0}, new int[] {0, 0, 1, 1},
                new double[] {1, 0.7, 1, 0.3});

        LayerSlots slots = LayerSlots.of(5, fitted, 2);

        assertThat(slots.physicalToLogical()).containsExactly(0, 2, 0, 1);
        ExpertPlacement served = slots.toPlacement(3, 2);
        assertThat(served.replicaShare()).containsExactly(0.5, 1, 0.5, 1);
        assertThat(served.gpuLoad(new double[] {100, 10, 20})).containsExactly(70, 60);
    }

    @Test
    void aFreeSlotIsFilledWithAnExpertHeldOnlyOnThatGpuSoNoLoadMoves() {
        // contiguous 4 experts on 2 GPUs x 3 slots: one slot free on each GPU
        ExpertPlacement contiguous = ExpertPlacement.contiguous(4, 2);
        double[] load = {40, 30, 20, 10};

        LayerSlots slots = LayerSlots.of(0, contiguous, 3);

        assertThat(slots.physicalToLogical()).containsExactly(0, 0, 1, 2, 2, 3);
        assertThat(slots.toPlacement(4, 2).gpuLoad(load)).containsExactly(contiguous.gpuLoad(load));
    }

    @Test
    void aFreeSlotWithNothingToFillItIsRefused() {
        // GPU 1 holds only a replica of expert 0, which also lives on GPU 0
        ExpertPlacement placement = new ExpertPlacement(2, 2, new int[] {0, 1, 0}, new int[] {0, 0, 1},
                new double[] {0.5, 1, 0.5});
        assertThatThrownBy(() -> LayerSlots.of(7, placement, 2))
                .hasMessageStartingWith("layer 7: GPU 1 has 1 free slots and no expert held only there");
    }
}
