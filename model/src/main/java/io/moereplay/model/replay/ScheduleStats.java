package io.moereplay.model.replay;

/**
 * What a continuous-batching replay did.
 *
 * @param iterations batch iterations run (prefill-only ones included)
 * @param decodeSteps iterations that generated at least one decode token
 * @param decodeTokens tokens generated in decode steps
 * @param prefillTokens prompt tokens prefilled
 * @param maxBatch the most requests that decoded in one step
 * @param firstArrivalMicros the first request's arrival
 * @param endMicros when the last iteration ended
 */
public record ScheduleStats(
        long iterations,
        long decodeSteps,
        long decodeTokens,
        long prefillTokens,
        int maxBatch,
        long firstArrivalMicros,
        long endMicros) implements java.io.Serializable {

    /** Mean requests per decode step, or 0 without decode steps. */
    public double meanBatch() {
        return decodeSteps == 0 ? 0 : (double) decodeTokens / decodeSteps;
    }
}
