package io.moereplay.model.perf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny layer by hand: 4 experts on 2 GPUs (experts 0-1 on GPU 0, 2-3 on GPU 1), 30, 10, 0 and 20
 * tokens. One expert alone costs 10 us + 1 us a token; one grouped kernel costs 8 us + 2 us an
 * active expert + 0.5 us a token-slot.
 */
class GroupedStragglerTest {

    private static final ExpertFfnTime ALONE = tokens -> tokens == 0 ? 0 : 10 + tokens;
    private static final GroupedMoeTime KERNEL = (slots, active) -> 8 + 2.0 * active + 0.5 * slots;
    private static final ExpertPlacement PLACEMENT = ExpertPlacement.contiguous(4, 2);
    private static final long[] TOKENS = {30, 10, 0, 20};

    /** GPU 0: 40 + 20 = 60 us, GPU 1: 30 us (expert 2 is not launched); even: 2 experts of 15 = 50 us. */
    @Test
    void sequentialExpertsAddUp() {
        LayerStraggler layer = StragglerAccounting.layer(TOKENS, PLACEMENT, ALONE);

        assertThat(layer.busiestGpu()).isZero();
        assertThat(layer.layerMicros()).isEqualTo(60);
        assertThat(layer.balancedMicros()).isEqualTo(50);
        assertThat(layer.overheadMicros()).isEqualTo(10);
        assertThat(PLACEMENT.gpuMicros(TOKENS, ALONE)).containsExactly(60, 30);
    }

    /**
     * GPU 0: 8 + 2 x 2 + 0.5 x 40 = 32 us, GPU 1: 8 + 2 + 0.5 x 20 = 20 us; even: 8 + 4 + 0.5 x 30 = 27 us.
     */
    @Test
    void groupedExpertsAreOneKernelPerGpu() {
        ExpertFfnTime grouped = new GroupedExpertFfn(ALONE, KERNEL);
        LayerStraggler layer = StragglerAccounting.layer(TOKENS, PLACEMENT, grouped);

        assertThat(layer.layerMicros()).isEqualTo(32);
        assertThat(layer.balancedMicros()).isEqualTo(27);
        assertThat(layer.overheadMicros()).isEqualTo(5);
        assertThat(layer.maxGpuTokens()).isEqualTo(40);
        assertThat(PLACEMENT.gpuMicros(TOKENS, grouped)).containsExactly(32, 20);
        // A shared expert on its own is still one expert's FFN.
        assertThat(grouped.micros(12)).isEqualTo(22);
    }

    /** The per-thread scratch of a wider layer leaves nothing behind for a narrower one. */
    @Test
    void aWiderLayerBeforeLeavesNoTrace() {
        StragglerAccounting.layer(new long[] {9, 9, 9, 9, 9, 9, 9, 90}, ExpertPlacement.contiguous(8, 8),
                new GroupedExpertFfn(ALONE, KERNEL));

        assertThat(StragglerAccounting.layer(TOKENS, PLACEMENT, new GroupedExpertFfn(ALONE, KERNEL)).layerMicros())
                .isEqualTo(32);
    }
}
