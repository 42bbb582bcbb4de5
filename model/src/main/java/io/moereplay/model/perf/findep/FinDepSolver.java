package io.moereplay.model.perf.findep;

import java.util.Objects;

/**
 * FinDEP's solver (paper §4.2, Algorithm 1): the plan of highest throughput under the memory
 * constraint, with the best-configured ping-pong pipeline to compare it with.
 *
 * <p>Throughput grows with the micro-batch size {@code m_a} and with the micro-batch count
 * {@code r1} (the paper's Theorems 1-3), so only the frontier of the memory constraint
 * {@code r1 · m_a <= maxBatchSequences} is searched: each {@code m_a}, largest first, with the most
 * micro-batches that fit, skipped when it fits no more micro-batches than a larger {@code m_a}
 * did. For each frontier pair every {@code r2} up to the limit and both orders are simulated. The
 * paper finds {@code r2} by convex optimisation (its Theorem 4); scanning costs microseconds per
 * plan and does not lean on the convexity holding for the simulated schedule.
 *
 * <p>Ties keep the plan found first: larger {@code m_a}, fewer segments, {@link Order#AASS}, i.e.
 * the one with fewer launches.
 */
public final class FinDepSolver {

    /** Relative margin a plan must win by, so rounding noise does not pick a finer plan. */
    private static final double TIE = 1e-12;

    private final TaskTimeModel model;
    private final int layers;

    /**
     * @param model task times for each (m_a, r2)
     * @param layers MoE layers each batch passes through [L]
     */
    public FinDepSolver(TaskTimeModel model, int layers) {
        this.model = Objects.requireNonNull(model, "model");
        Checks.positive("layers", layers);
        this.layers = layers;
    }

    /** The plan simulated through every layer. */
    public ScoredPlan evaluate(Plan plan) {
        TaskTimes times = model.taskTimes(plan.microBatchSequences(), plan.segments());
        return new ScoredPlan(plan, TimelineSimulator.simulate(
                times, plan.microBatches(), plan.segments(), plan.order(), layers));
    }

    /** The best segment count and order for a fixed micro-batch size and count. */
    public ScoredPlan best(int microBatchSequences, int microBatches, int maxSegments) {
        ScoredPlan best = null;
        for (int segments = 1; segments <= maxSegments; segments++) {
            for (Order order : Order.values()) {
                best = better(best, evaluate(new Plan(microBatchSequences, microBatches, segments, order)));
            }
        }
        return best;
    }

    /** The best plan in the space and the best ping-pong plan in the same space. */
    public SolverResult solve(SearchSpace space) {
        ScoredPlan best = null;
        ScoredPlan bestPingPong = null;
        int frontierMicroBatches = 0;
        for (int size = space.maxBatchSequences(); size >= 1; size--) {
            int microBatches = Math.min(space.maxMicroBatches(), space.maxBatchSequences() / size);
            if (microBatches == frontierMicroBatches) {
                continue;
            }
            frontierMicroBatches = microBatches;
            best = better(best, best(size, microBatches, space.maxSegments()));
            bestPingPong = better(bestPingPong, evaluate(PpPipe.plan(size, microBatches)));
        }
        return new SolverResult(best, bestPingPong);
    }

    private static ScoredPlan better(ScoredPlan incumbent, ScoredPlan candidate) {
        if (incumbent == null || candidate.sequencesPerMs() > incumbent.sequencesPerMs() * (1 + TIE)) {
            return candidate;
        }
        return incumbent;
    }
}
