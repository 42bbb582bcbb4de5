package io.moereplay.model.perf.findep;

/**
 * Task times as a function of the two granularities a plan chooses; {@link FinDepSolver} searches
 * over these. {@link FinDepTaskTimes} is FinDEP's α-β model; tests pass hand-made ones.
 */
@FunctionalInterface
public interface TaskTimeModel {

    /**
     * @param microBatchSequences sequences in one attention micro-batch on each attention GPU [m_a]
     * @param segments pieces each micro-batch's expert work is cut into [r2]
     */
    TaskTimes taskTimes(int microBatchSequences, int segments);
}
