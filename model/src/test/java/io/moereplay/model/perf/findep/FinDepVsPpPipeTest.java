package io.moereplay.model.perf.findep;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FinDEP's claim, 1.02x-1.61x over PPPipe on DeepSeek-V2 and Qwen3-MoE, checked under FinDEP's own
 * alpha-beta model with Testbed A's fits (the only ones the paper's summary gives), its three
 * attention/expert splits (ag, eg) = (1, 7), (2, 6), (4, 4), 8 sequences a GPU and 8 layers,
 * S = 1024 and 4096 (the README's table). Against PPPipe at its best micro-batch count the
 * fine-grained schedule gains under 2.5% everywhere; against PPPipe held to two micro-batches (the
 * ping-pong default) it gains 1-55%: the paper's range comes from choosing r1, not from r2 or the
 * order.
 */
class FinDepVsPpPipeTest {

    private static final LayerDims QWEN3_235B = new LayerDims(4096, 64, 128, 128, 1536, 128, 8, 0);
    private static final KernelFits[] SPLITS = {
            FinDepTaskTimesTest.TESTBED_A_AG1_EG7, FinDepTaskTimesTest.TESTBED_A_AG2_EG6, FinDepTaskTimesTest.TESTBED_A_AG4_EG4};
    private static final int[][] GROUPS = {{1, 7}, {2, 6}, {4, 4}};

    @Test
    void theGainOverPpPipeComesFromTheMicroBatchCount() {
        double lowestOverBest = Double.MAX_VALUE;
        double highestOverBest = 0;
        double lowestOverTwo = Double.MAX_VALUE;
        double highestOverTwo = 0;
        for (LayerDims dims : new LayerDims[] {FinDepTaskTimesTest.DEEPSEEK_V2, QWEN3_235B}) {
            for (int split = 0; split < SPLITS.length; split++) {
                for (int s : new int[] {1024, 4096}) {
                    FinDepSolver solver = new FinDepSolver(
                            new FinDepTaskTimes(SPLITS[split], dims, s, GROUPS[split][0], GROUPS[split][1]), 8);
                    SolverResult result = solver.solve(new SearchSpace(8, 8, 16));
                    double overTwo = result.best().sequencesPerMs() / solver.evaluate(PpPipe.plan(4, 2)).sequencesPerMs();
                    lowestOverBest = Math.min(lowestOverBest, result.speedup());
                    highestOverBest = Math.max(highestOverBest, result.speedup());
                    lowestOverTwo = Math.min(lowestOverTwo, overTwo);
                    highestOverTwo = Math.max(highestOverTwo, overTwo);
                }
            }
        }
        assertThat(lowestOverBest).isGreaterThanOrEqualTo(1.0);
        assertThat(highestOverBest).isLessThan(1.025);
        assertThat(lowestOverTwo).isGreaterThanOrEqualTo(1.0);
        assertThat(highestOverTwo).isBetween(1.5, 1.61);
    }
}
