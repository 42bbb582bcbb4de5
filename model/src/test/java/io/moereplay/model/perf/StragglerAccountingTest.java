package io.moereplay.model.perf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StragglerAccountingTest {

    /** Every expert costs 2 us per token plus 100 us when it has tokens. */
    private static final ExpertFfnTime FFN = tokens -> tokens == 0 ? 0 : 2.0 * tokens + 100;

    /**
     * 5 experts on 5 GPUs, 100 tokens: the mean is 20; one expert has 4x the mean (80), the others
     * 5. The layer waits for T(80) = 260 us instead of T(20) = 140 us: the model predicts an
     * overhead of k1 (80 - 20) = 120 us.
     */
    @Test
    void oneExpertAtFourTimesTheMeanCostsItsExtraTokens() {
        LayerStraggler skewed = StragglerAccounting.layer(new long[] {80, 5, 5, 5, 5},
                ExpertPlacement.contiguous(5, 5), FFN);
        assertThat(skewed.busiestGpu()).isZero();
        assertThat(skewed.maxGpuTokens()).isEqualTo(80);
        assertThat(skewed.meanGpuTokens()).isEqualTo(20);
        assertThat(skewed.maxOverMean()).isEqualTo(4);
        assertThat(skewed.layerMicros()).isEqualTo(260);
        assertThat(skewed.balancedMicros()).isEqualTo(140);
        assertThat(skewed.overheadMicros()).isEqualTo(120);
    }

    @Test
    void anEvenLoadHasNoStragglerOverhead() {
        LayerStraggler even = StragglerAccounting.layer(new long[] {20, 20, 20, 20, 20},
                ExpertPlacement.contiguous(5, 5), FFN);
        assertThat(even.overheadMicros()).isZero();
        assertThat(even.layerMicros()).isEqualTo(140);
        // Two experts per GPU: 8 experts on 4 GPUs at 10 tokens each, each GPU 2 x T(10) = 240.
        LayerStraggler pairs = StragglerAccounting.layer(new long[] {10, 10, 10, 10, 10, 10, 10, 10},
                ExpertPlacement.contiguous(8, 4), FFN);
        assertThat(pairs.layerMicros()).isEqualTo(240);
        assertThat(pairs.overheadMicros()).isZero();
    }

    /**
     * The hot expert replicated onto a sixth GPU, half its load each: GPUs 0 and 5 take T(40) = 180,
     * the others T(5) = 110, so the layer takes 180. Balanced, every GPU takes the mean 100 / 6
     * tokens, 17 rounded, on its one replica: T(17) = 134, so overhead 46, down from 120.
     */
    @Test
    void aReplicaSharesTheHotExpertsLoad() {
        ExpertPlacement placement = new ExpertPlacement(6, 5, new int[] {0, 1, 2, 3, 4, 0},
                new int[] {0, 1, 2, 3, 4, 5}, new double[] {0.5, 1, 1, 1, 1, 0.5});
        LayerStraggler replicated = StragglerAccounting.layer(new long[] {80, 5, 5, 5, 5}, placement, FFN);
        assertThat(replicated.layerMicros()).isEqualTo(180);
        assertThat(replicated.balancedMicros()).isEqualTo(134);
        assertThat(replicated.overheadMicros()).isEqualTo(46);
        assertThat(replicated.maxGpuTokens()).isEqualTo(40);
        assertThat(replicated.meanGpuTokens()).isCloseTo(100.0 / 6, within(1e-12));
    }
}
