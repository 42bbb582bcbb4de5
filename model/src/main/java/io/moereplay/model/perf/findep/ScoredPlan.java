package io.moereplay.model.perf.findep;

import java.util.Objects;

/**
 * A plan and its simulated timeline.
 *
 * @param plan the schedule's granularities and order
 * @param timeline every task's start and end through all layers
 */
public record ScoredPlan(Plan plan, Timeline timeline) {

    public ScoredPlan {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(timeline, "timeline");
    }

    public double makespanMs() {
        return timeline.makespanMs();
    }

    /**
     * Throughput per attention GPU, the solver's objective: the batch's sequences over the makespan.
     * {@link FinDepTaskTimes#tokensPerSecond} scales it to the deployment's tokens per second.
     */
    public double sequencesPerMs() {
        return plan.batchSequences() / makespanMs();
    }
}
