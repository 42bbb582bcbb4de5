package io.moereplay.model.perf;

import io.moereplay.model.hardware.GpuSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** MegaScale-Infer (arXiv 2504.02263) sec. 2.3 and 4.1-4.2, rebuilt on worked numbers. */
class MegaScaleInferEquationsTest {

    /** Eq. 3: m >= 2(1 + T_c/T_f). T_c = 0.4 T_f gives 2.8, so 3; T_c = 0.6 T_f gives 3.2, so 4. */
    @Test
    void fastLinksNeedThreeMicroBatchesSlowerOnesFour() {
        PingPongPipeline fast = new PingPongPipeline(10, 8, 4, 3, 1);
        assertThat(fast.microBatchBound()).isCloseTo(2.8, within(1e-12));
        assertThat(fast.minMicroBatches()).isEqualTo(3);
        assertThat(fast.pipelineFilled()).isTrue();
        PingPongPipeline slow = new PingPongPipeline(10, 8, 6, 3, 1);
        assertThat(slow.microBatchBound()).isCloseTo(3.2, within(1e-12));
        assertThat(slow.minMicroBatches()).isEqualTo(4);
        assertThat(slow.pipelineFilled()).isFalse();
        // Exactly half: 2 (1 + 0.5) = 3.
        assertThat(new PingPongPipeline(10, 10, 5, 3, 1).minMicroBatches()).isEqualTo(3);
        // Eq. 2: T_c < T_f, and Eq. 1's balance T_a / T_e.
        assertThat(slow.communicationHidden()).isTrue();
        assertThat(new PingPongPipeline(10, 8, 12, 4, 1).communicationHidden()).isFalse();
        assertThat(fast.balance()).isCloseTo(1.25, within(1e-12));
    }

    /**
     * T_a = 10, T_e = 8, T_c = 3 (us), m = 3, L = 2: T_f = 10. Eq. 4: one micro-batch takes
     * between (10 + 8 + 6) + 3*10*1 = 54 and 3*10*2 = 60. Eq. 5: the global batch takes
     * 24 + 10 * (3*2 - 1) = 74, the last micro-batch finishing (m - 1) T_f = 20 after the first.
     */
    @Test
    void latencyBoundsAndTotalIterationTime() {
        PingPongPipeline plan = new PingPongPipeline(10, 8, 3, 3, 2);
        assertThat(plan.stageMicros()).isEqualTo(10);
        assertThat(plan.microBatchLatencyLowerBound()).isEqualTo(54);
        assertThat(plan.microBatchLatencyUpperBound()).isEqualTo(60);
        assertThat(plan.totalMicros()).isEqualTo(74);
        // m = 1 degenerates to running layers back to back: (T_a + T_e + 2T_c) + T_f (L - 1).
        assertThat(new PingPongPipeline(10, 8, 3, 1, 2).totalMicros()).isEqualTo(34);
    }

    /**
     * Sec. 2.3: an A100 (312 TFLOPS, 2 TB/s) needs b >= 156 tokens to be compute-bound; Mixtral-8x22B
     * at b = 156 gives each of its 8 experts 156 * 2 / 8 = 39 tokens, so its FFN GEMMs run at about
     * 39 / 156 = 25% of peak (bf16 weights: 2 FLOPs per weight per token over 2 bytes per weight).
     */
    /**
     * T_a = 10, T_e = 8, T_c = 4, L = 5. With m = 3 Eq. 2 and 3 hold and the step is Eq. 5:
     * 26 + 10 (15 - 1) = 166. With m = 1 nothing overlaps: each layer is the chain 10 + 8 + 2 x 4 = 26,
     * 130 in all, where Eq. 5 would claim 66. With links slower than compute (T_c = 12, m = 4) each
     * layer takes 4 x 12 = 48 on the links, plus a fill of min(42 - 12, 3 x 12) = 30: 270, not Eq. 5's
     * 232.
     */
    @Test
    void theStepHonoursEachLayersChainWhereEq5DoesNotHold() {
        PingPongPipeline filled = new PingPongPipeline(10, 8, 4, 3, 5);
        assertThat(filled.stepMicros()).isEqualTo(166).isEqualTo(filled.totalMicros());
        PingPongPipeline single = new PingPongPipeline(10, 8, 4, 1, 5);
        assertThat(single.stepMicros()).isEqualTo(130);
        assertThat(single.totalMicros()).isEqualTo(66);
        PingPongPipeline slowLinks = new PingPongPipeline(10, 8, 12, 4, 5);
        assertThat(slowLinks.stepMicros()).isEqualTo(270);
        assertThat(slowLinks.totalMicros()).isEqualTo(232);
    }

    @Test
    void expertsAtTheAttentionBatchAreMemoryBound() {
        GpuSpec a100 = new GpuSpec("A100 (paper)", 312, 2000, 80, 600, 200, 1.79, 400);
        assertThat(a100.ridgeFlopsPerByte()).isCloseTo(156, within(1e-9));
        RooflineExpertFfn expert = new RooflineExpertFfn(6144, 16384, 3, 2, 1, a100, 1, 1, 0);
        double micros = expert.micros(39);
        double mfu = expert.flops(39) / (micros * a100.flopsPerMicro());
        assertThat(mfu).isCloseTo(0.25, within(0.005));
        // Weights 3 * 6144 * 16384 * 2 B = 604.0 MB at 2 TB/s = 302.0 us, plus activations
        // 39 * (2 * 6144 + 3 * 16384) * 2 B = 4.79 MB = 2.4 us.
        assertThat(micros).isCloseTo(304.39, within(0.01));
        ExpertFfnTime compiled = expert.compiled();
        for (long tokens : new long[] {0, 1, 39, 156, 157, 1000, 8192}) {
            assertThat(compiled.micros(tokens)).isCloseTo(expert.micros(tokens), within(1e-9 * (1 + expert.micros(tokens))));
        }
        // Far past the ridge the FLOPs rule: 8192 tokens = 4.95 TFLOP at 312 TFLOPS = 15.9 ms.
        assertThat(expert.micros(8192)).isCloseTo(2.0 * 3 * 6144 * 16384 * 8192 / 312e6, within(1e-6));
    }

    /** Eq. 8: 4 m b_a s h L / g + 2 P_a < tp_a C_a. */
    @Test
    void attentionMemoryLimit() {
        // m=3, b_a=64, s=2048, h=6144, L=56, g=6 (48 heads / 8 KV heads), P_a = 56 * 2 * 6144 * (6144 + 1024) = 4.93e9.
        double attentionParams = 56.0 * 2 * 6144 * (6144 + 1024);
        double needed = AttentionMemory.bytesNeeded(3, 64, 2048, 6144, 56, 6, attentionParams);
        assertThat(needed).isCloseTo(4.0 * 3 * 64 * 2048 * 6144 * 56 / 6 + 2 * attentionParams, within(1.0));
        // 90.19 GB of KV cache + 9.86 GB of weights.
        assertThat(needed / 1e9).isCloseTo(100.06, within(0.01));
        assertThat(AttentionMemory.fits(needed, 1, 80e9)).isFalse();
        assertThat(AttentionMemory.fits(needed, 2, 80e9)).isTrue();
    }
}
