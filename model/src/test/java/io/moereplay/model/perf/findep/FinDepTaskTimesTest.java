package io.moereplay.model.perf.findep;

import io.moereplay.model.catalog.MoeModelSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FinDepTaskTimesTest {

    /** FinDEP's Testbed A fits (8x RTX A6000, Fig. 7 caption) with the A2E fit of (ag, eg) = (4, 4). */
    static final KernelFits TESTBED_A_AG4_EG4 = testbedA(0.37, 2.55e-6);
    /** The same testbed's A2E fit for (ag, eg) = (1, 7). */
    static final KernelFits TESTBED_A_AG1_EG7 = testbedA(0.10, 9.61e-7);
    /** The same testbed's A2E fit for (ag, eg) = (2, 6). */
    static final KernelFits TESTBED_A_AG2_EG6 = testbedA(0.01, 1.28e-6);

    /** DeepSeek-V2's layer: M 5120, 128 heads, d_k 128 + 64 (MLA nope + rope), d_v 128, H 1536, 160 x top-6, 2 shared. */
    static final LayerDims DEEPSEEK_V2 = new LayerDims(5120, 128, 192, 128, 1536, 160, 6, 2);

    private static KernelFits testbedA(double a2eAlpha, double a2eBeta) {
        return new KernelFits(new AlphaBeta(0.17, 8.59e-11), new AlphaBeta(0.15, 1.54e-11),
                new AlphaBeta(a2eAlpha, a2eBeta));
    }

    @Test
    void testbedADeepSeekV2TaskTimes() {
        FinDepTaskTimes model = new FinDepTaskTimes(TESTBED_A_AG4_EG4, DEEPSEEK_V2, 1024, 4, 4);

        // S = 1024, M = 5120, n_h = 128, d_k = 192, d_v = 128, H = 1536, E = 160, top_k = 6, N_sh = 2.
        // alpha_a = 4 * 0.17 + 0.15 = 0.83
        // beta_a  = 8.59e-11 * 2 * 1024 * 5120 * 128 * (192 + 128)      [= 4.294967296e11]
        //         + 1.54e-11 * 1024^2 * 128 * (192 + 128)              [= 4.294967296e10]
        //         = 36.89376907264 + 0.661424963584 = 37.555194036224 ms per sequence
        // alpha_s = 3 * 2 * 0.17 = 1.02; beta_s = 6 * 8.59e-11 * 1024 * 5120 * 1536 = 4.150549020672
        // alpha_e = 160/4 * 0.17 = 6.8;  beta_e = 40 * 8.59e-11 * 5120 * 1536 = 0.02702180352 per token
        // beta_a2e = 2.55e-6 * 160 * 5120 / 4 = 0.52224 per token
        assertAlphaBeta(model.attention(), 0.83, 37.555194036224);
        assertAlphaBeta(model.shared(), 1.02, 4.150549020672);
        assertAlphaBeta(model.expert(), 6.8, 0.02702180352);
        assertAlphaBeta(model.transfer(), 0.37, 0.52224);

        // m_a = 1, r2 = 2: m_e = 1 * 4 * 6 * 1024 / (2 * 160) = 76.8 tokens per expert per segment.
        // t_a = 0.83 + 37.555194036224 = 38.385194036224;  t_s = 1.02 + 4.150549020672 = 5.170549020672
        // t_e = 6.8 + 76.8 * 0.02702180352 = 8.875274510336; t_a2e = 0.37 + 76.8 * 0.52224 = 40.478032
        assertThat(model.expertTokens(1, 2)).isCloseTo(76.8, within(1e-12));
        TaskTimes times = model.taskTimes(1, 2);
        assertThat(times.attentionMs()).isCloseTo(38.385194036224, within(1e-9));
        assertThat(times.sharedMs()).isCloseTo(5.170549020672, within(1e-9));
        assertThat(times.expertMs()).isCloseTo(8.875274510336, within(1e-9));
        assertThat(times.transferMs()).isCloseTo(40.478032, within(1e-9));
    }

    @Test
    void layerDimsFromTheCatalog() {
        MoeModelSpec deepSeekV2 = new MoeModelSpec("DeepSeek-V2", 60, 59, 5120, 1536, 12288, 160, 6, 2,
                128, 128, 192, new MoeModelSpec.Mla(1536, 512, 128, 64, 128), 102400, false, 2, true, 0);
        assertThat(LayerDims.of(deepSeekV2)).isEqualTo(DEEPSEEK_V2);

        MoeModelSpec mixtral = new MoeModelSpec("Mixtral-8x7B", 32, 32, 4096, 14336, 0, 8, 2, 0,
                32, 8, 128, null, 32000, false, 2, true, 0);
        LayerDims dims = LayerDims.of(mixtral);
        assertThat(dims).isEqualTo(new LayerDims(4096, 32, 128, 128, 14336, 8, 2, 0));
        // No shared experts: no shared time, so the schedule gets no shared tasks.
        FinDepTaskTimes model = new FinDepTaskTimes(TESTBED_A_AG4_EG4, dims, 512, 4, 4);
        assertThat(model.shared()).isEqualTo(new AlphaBeta(0, 0));
        assertThat(model.taskTimes(2, 1).sharedMs()).isZero();
    }

    @Test
    void rejectsValuesOutsideTheirRange() {
        assertThatThrownBy(() -> new AlphaBeta(-0.1, 1e-9))
                .hasMessage("alpha must be finite and at least 0, got -0.1");
        assertThatThrownBy(() -> new LayerDims(5120, 128, 192, 128, 1536, 4, 6, 2))
                .hasMessage("topK must be at most routedExperts (4), got 6");
        FinDepTaskTimes model = new FinDepTaskTimes(TESTBED_A_AG4_EG4, DEEPSEEK_V2, 1024, 4, 4);
        assertThatThrownBy(() -> model.taskTimes(1, 0)).hasMessage("segments must be positive, got 0");
    }

    private static void assertAlphaBeta(AlphaBeta actual, double alpha, double beta) {
        assertThat(actual.alpha()).isCloseTo(alpha, within(1e-12));
        assertThat(actual.beta()).isCloseTo(beta, within(beta * 1e-12));
    }
}
