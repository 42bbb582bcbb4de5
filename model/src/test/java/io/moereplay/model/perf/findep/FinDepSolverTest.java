package io.moereplay.model.perf.findep;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.moereplay.model.perf.findep.FinDepTaskTimesTest.DEEPSEEK_V2;
import static io.moereplay.model.perf.findep.FinDepTaskTimesTest.TESTBED_A_AG1_EG7;
import static io.moereplay.model.perf.findep.FinDepTaskTimesTest.TESTBED_A_AG2_EG6;
import static io.moereplay.model.perf.findep.FinDepTaskTimesTest.TESTBED_A_AG4_EG4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FinDepSolverTest {

    @Test
    void picksTheHandVerifiedBestPlan() {
        // t_a = 1 + m_a, t_s = m_a, and per segment m_e = 4 m_a / r2 tokens with t_a2e = t_e = 0.5 m_e.
        // Memory holds 2 sequences, r1 <= 2, r2 <= 2, one layer. Frontier: (m_a 2, r1 1), (m_a 1, r1 2).
        //   m_a 2, r1 1, r2 1 (t_a 3, transfer/expert 4): A 0-3, D 3-7, E 7-11, C 11-15          -> 15
        //     (S 3-5 runs under the transfer, here and below where not listed)
        //   m_a 2, r1 1, r2 2 (2 each): A 0-3, D 3-5 5-7, E 5-7 7-9, C 7-9 9-11                   -> 11
        //   m_a 1, r1 2, r2 1 (t_a 2, t_s 1, 2 each):
        //     AASS: A 0-2 2-4, S 4-5 5-6; D 2-4 4-6, E 4-6 6-8, C 6-8 8-10                        -> 10
        //     ASAS: A 0-2 3-5, S 2-3 5-6; D 2-4 5-7, E 4-6 7-9, C 6-8 9-11                        -> 11
        //   m_a 1, r1 2, r2 2 (1 each):
        //     AASS: A 0-2 2-4, S 4-5 5-6; D 2-3 3-4 4-5 5-6, E 3-4 .. 6-7, C 4-5 .. 7-8            -> 8
        //     ASAS: A 0-2 3-5, S 2-3 5-6; D 2-3 3-4 5-6 6-7, E 3-4 4-5 6-7 7-8, C .. 8-9           -> 9
        //   (r1 = 1: the two orders are the same schedule.) Every plan carries 2 sequences, so the
        //   best is the shortest: m_a 1, r1 2, r2 2, AASS, 8 ms. Ping-pong (r2 1, ASAS): 11 ms.
        TaskTimeModel model = (ma, r2) -> new TaskTimes(1 + ma, ma, 2.0 * ma / r2, 2.0 * ma / r2);
        SolverResult result = new FinDepSolver(model, 1).solve(new SearchSpace(2, 2, 2));

        assertThat(result.best().plan()).isEqualTo(new Plan(1, 2, 2, Order.AASS));
        assertThat(result.best().makespanMs()).isEqualTo(8);
        assertThat(result.bestPingPong().plan()).isEqualTo(new Plan(1, 2, 1, Order.ASAS));
        assertThat(result.bestPingPong().makespanMs()).isEqualTo(11);
        assertThat(result.speedup()).isEqualTo(11.0 / 8);
    }

    @Test
    void launchOverheadKeepsTheExpertsInOnePiece() {
        // Transfers and experts cost a flat 5 ms per segment whatever its size (all alpha): r2 = 1 gives
        // A 0-1, D 1-6, E 6-11, C 11-16 = 16 ms; every extra segment only adds 5 ms to each link and EG.
        TaskTimeModel model = (ma, r2) -> new TaskTimes(1, 0, 5, 5);
        SolverResult result = new FinDepSolver(model, 1).solve(new SearchSpace(1, 1, 4));

        assertThat(result.best().plan()).isEqualTo(new Plan(1, 1, 1, Order.AASS));
        assertThat(result.best().makespanMs()).isEqualTo(16);
        assertThat(result.speedup()).isEqualTo(1);
    }

    @Test
    void theFrontierSearchFindsWhatAnExhaustiveSearchFinds() {
        // The solver trusts the paper's monotonicity in m_a and r1; check it on Testbed A's fits.
        record Split(KernelFits fits, int ag, int eg) { }
        for (Split split : List.of(new Split(TESTBED_A_AG1_EG7, 1, 7), new Split(TESTBED_A_AG2_EG6, 2, 6),
                new Split(TESTBED_A_AG4_EG4, 4, 4))) {
            for (int sequenceLength : new int[] {1024, 4096}) {
                FinDepSolver solver = new FinDepSolver(
                        new FinDepTaskTimes(split.fits(), DEEPSEEK_V2, sequenceLength, split.ag(), split.eg()), 2);
                double exhaustive = 0;
                for (int ma = 1; ma <= 8; ma++) {
                    for (int r1 = 1; r1 * ma <= 8; r1++) {
                        exhaustive = Math.max(exhaustive, solver.best(ma, r1, 8).sequencesPerMs());
                    }
                }
                SolverResult result = solver.solve(new SearchSpace(8, 8, 8));
                assertThat(result.best().sequencesPerMs()).isCloseTo(exhaustive, within(exhaustive * 1e-12));
                assertThat(result.speedup()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void onTestbedAsSlowLinkTheMakespanIsTheLinksWork() {
        // Testbed A, (ag, eg) = (4, 4), DeepSeek-V2, S = 1024, 8 layers, 8 sequences per attention GPU.
        // With m_a = 1 (alphas and betas in FinDepTaskTimesTest): t_a = 38.385194036224, and a
        // micro-batch sends m_e = 1 * 4 * 6 * 1024 / 160 = 153.6 tokens per expert:
        //   r2 = 1: t_a2e = 0.37 + 153.6 * 0.52224 = 80.586064, t_e = 6.8 + 153.6 * 0.02702180352 = 10.950549020672
        //   r2 = 2: t_a2e = 40.478032, t_e = 8.875274510336 (m_e = 76.8)
        //   r2 = 3: t_a2e = 27.108688, t_e = 8.18351634 (m_e = 51.2)
        // A transfer outlasts a micro-batch's attention and experts, so the A2E link never idles after
        // the first attention: makespan = t_a + 8 layers * 8 micro-batches * r2 * t_a2e + t_e + t_a2e.
        //   r2 = 1 (PPPipe, m = 8): 38.385194036224 + 5157.508096 + 10.950549020672 + 80.586064 = 5287.429903056896
        //   r2 = 2: 38.385194036224 + 5181.188096 + 8.875274510336 + 40.478032 = 5268.92659654656
        //   r2 = 3: 64 more launches (+23.68) for a tail 14.06 shorter: 5278.55, worse than r2 = 2.
        FinDepTaskTimes model = new FinDepTaskTimes(TESTBED_A_AG4_EG4, DEEPSEEK_V2, 1024, 4, 4);
        SolverResult result = new FinDepSolver(model, 8).solve(new SearchSpace(8, 8, 16));

        assertThat(result.best().plan()).isEqualTo(new Plan(1, 8, 2, Order.AASS));
        assertThat(result.best().makespanMs()).isCloseTo(5268.92659654656, within(1e-8));
        assertThat(result.bestPingPong().plan()).isEqualTo(PpPipe.plan(1, 8));
        assertThat(result.bestPingPong().makespanMs()).isCloseTo(5287.429903056896, within(1e-8));
        assertThat(result.speedup()).isCloseTo(5287.429903056896 / 5268.92659654656, within(1e-12));
    }

    /** DeepSeek-V2, 2 MoE layers, S = 2048 on Testbed A's (1, 7) split: A2E 8.7 ms against 77 ms of attention. */
    private static final FinDepTaskTimes TWO_LAYER_2048 =
            new FinDepTaskTimes(TESTBED_A_AG1_EG7, DEEPSEEK_V2, 2048, 1, 7);

    @Test
    void throughputGrowsWithMicroBatchSizeAndCountAsInTables3And4() {
        FinDepSolver solver = new FinDepSolver(TWO_LAYER_2048, 2);
        // Table 3: r1 = 1, m_a = 1, 2, 4.
        double[] bySize = {
                solver.best(1, 1, 16).sequencesPerMs(),
                solver.best(2, 1, 16).sequencesPerMs(),
                solver.best(4, 1, 16).sequencesPerMs()};
        assertThat(bySize[1]).isGreaterThan(bySize[0]);
        assertThat(bySize[2]).isGreaterThan(bySize[1]);
        // Table 4: m_a = 1, r1 = 1, 2, 4. From r1 = 2 the attention group never idles, so r1 = 4 only
        // matches it (to rounding): non-decreasing, as the paper's theorem says, not strictly growing.
        double[] byCount = {
                solver.best(1, 1, 16).sequencesPerMs(),
                solver.best(1, 2, 16).sequencesPerMs(),
                solver.best(1, 4, 16).sequencesPerMs()};
        assertThat(byCount[1]).isGreaterThan(byCount[0]);
        assertThat(byCount[2]).isCloseTo(byCount[1], within(byCount[1] * 1e-12));
    }

    @Test
    void splittingAFixedBatchHelpsUntilLaunchOverheadDominates() {
        // Per sequence at S = 2048 (see FinDepTaskTimesTest for the method):
        //   beta_a = 8.59e-11 * 2 * 2048 * 5120 * 128 * 320 + 1.54e-11 * 2048^2 * 128 * 320
        //          = 73.78753814528 + 2.645699854336 = 76.433237999616
        //   beta_s = 6 * 8.59e-11 * 2048 * 5120 * 1536 = 8.301098041344
        // Once the attention group never idles and the last micro-batch's expert trip hides under the
        // shared tasks AASS runs last, the makespan is the group's work:
        //   L * (r1 (alpha_a + alpha_s) + 8 sequences (beta_a + beta_s)), r2 = 1.
        FinDepSolver withoutLaunchCost = new FinDepSolver(new FinDepTaskTimes(new KernelFits(
                new AlphaBeta(0, 8.59e-11), new AlphaBeta(0, 1.54e-11), new AlphaBeta(0, 9.61e-7)),
                DEEPSEEK_V2, 2048, 1, 7), 2);
        double[] free = new double[4];
        for (int i = 0; i < 4; i++) {
            int r1 = 1 << i;
            free[i] = withoutLaunchCost.evaluate(new Plan(8 / r1, r1, 1, Order.AASS)).makespanMs();
        }
        // Without launch cost more micro-batches never lengthen the batch; from r1 = 4 it is the
        // attention group's work alone: 2 * 8 * (76.433237999616 + 8.301098041344) = 1355.74937665536.
        assertThat(free).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(free[2]).isCloseTo(1355.74937665536, within(1e-9));
        assertThat(free[3]).isCloseTo(1355.74937665536, within(1e-9));

        // With Testbed A's launch costs (alpha_a + alpha_s = 0.83 + 1.02 = 1.85 ms per micro-batch and
        // layer) the same split costs 2 * r1 * 1.85 more: r1 = 4 takes 1370.54937665536, r1 = 8
        // 1385.34937665536, so splitting past the point of overlap loses throughput.
        FinDepSolver solver = new FinDepSolver(TWO_LAYER_2048, 2);
        assertThat(solver.evaluate(new Plan(2, 4, 1, Order.AASS)).makespanMs())
                .isCloseTo(1370.54937665536, within(1e-9));
        ScoredPlan finest = solver.evaluate(new Plan(1, 8, 1, Order.AASS));
        assertThat(finest.makespanMs()).isCloseTo(1385.34937665536, within(1e-9));
        // 8 sequences x 1 attention GPU x 2048 tokens = 16384 tokens in 1.38534937665536 s.
        assertThat(TWO_LAYER_2048.tokensPerSecond(finest)).isCloseTo(16384 / 1.38534937665536, within(1e-6));
    }
}
