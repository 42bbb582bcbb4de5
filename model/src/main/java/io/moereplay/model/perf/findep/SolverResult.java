package io.moereplay.model.perf.findep;

import java.util.Objects;

/**
 * The solver's choice and the baseline it is measured against.
 *
 * @param best the highest-throughput plan over every granularity and order
 * @param bestPingPong the highest-throughput MegaScale-Infer ping-pong plan ({@code r2 = 1},
 *                     micro-batch count and size chosen in the same space): the paper's
 *                     "best-configured PPPipe"
 */
public record SolverResult(ScoredPlan best, ScoredPlan bestPingPong) {

    public SolverResult {
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(bestPingPong, "bestPingPong");
    }

    /** Throughput of the best plan over that of the best ping-pong plan, at least 1. */
    public double speedup() {
        return best.sequencesPerMs() / bestPingPong.sequencesPerMs();
    }
}
