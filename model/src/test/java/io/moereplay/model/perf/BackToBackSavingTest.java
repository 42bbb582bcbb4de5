package io.moereplay.model.perf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Back-to-back savings on a GPU: an FFN of 100 us + 1 us per token alone, and each expert after the
 * first saving 10 us up to 8 tokens, falling linearly to -20 us (a slowdown) at 1,000 tokens.
 */
class BackToBackSavingTest {

    private static final BackToBackSaving SAVING = new BackToBackSaving(new double[] {8, 1000}, new double[] {10, -20});
    private static final ExpertFfnTime FFN = new SequencedExpertFfn(tokens -> tokens == 0 ? 0 : 100 + tokens, SAVING);

    @Test
    void theSavingIsInterpolatedInTokensAndFlatBeyondTheMeasuredCounts() {
        assertThat(SAVING.micros(1)).isEqualTo(10);
        assertThat(SAVING.micros(504)).isCloseTo(10 - 30 * 496.0 / 992, within(1e-12));
        assertThat(SAVING.micros(5000)).isEqualTo(-20);
        assertThat(FFN.backToBackSavingMicros(0)).isZero();
        assertThatThrownBy(() -> new BackToBackSaving(new double[] {8, 8}, new double[] {1, 2}))
                .hasMessageContaining("must ascend");
    }

    @Test
    void aGpuSavesOnEveryActiveExpertButOne() {
        // 4 experts, 2 per GPU: GPU 0 runs experts 0 and 1 (10 tokens each), GPU 1 only expert 2
        // (expert 3 gets none, so it is not launched and saves nothing).
        ExpertPlacement placement = ExpertPlacement.contiguous(4, 2);
        double[] micros = placement.gpuMicros(new long[] {10, 10, 10, 0}, FFN);
        double saving10 = SAVING.micros(10);
        assertThat(micros[0]).isCloseTo(2 * 110 - saving10, within(1e-9));
        assertThat(micros[1]).isCloseTo(110, within(1e-9));
        // Unequal experts: (n - 1) / n of the savings summed.
        double[] uneven = placement.gpuMicros(new long[] {8, 1000, 0, 0}, FFN);
        assertThat(uneven[0]).isCloseTo(108 + 1100 - (10 + -20) / 2.0, within(1e-9));
        // Without a saving the sum is the plain one.
        assertThat(placement.gpuMicros(new long[] {10, 10, 10, 0}, tokens -> tokens == 0 ? 0 : 100 + tokens)[0])
                .isEqualTo(220);
    }

    @Test
    void theBalancedReferenceRunsItsExpertsBackToBackToo() {
        // Even load, 2 experts per GPU at 50 tokens each: 2 x 150 - one saving.
        assertThat(ExpertPlacement.contiguous(4, 2).balancedMicros(50, FFN))
                .isCloseTo(300 - SAVING.micros(50), within(1e-9));
    }
}
