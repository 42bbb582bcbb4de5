package io.moereplay.model.cost;

/**
 * What a serving replay of a request trace measured.
 *
 * @param requests requests in the trace
 * @param served requests that ran to their last token
 * @param tooLong requests that could never fit the KV cache alone (input + output tokens beyond its
 *     capacity), left out of every latency
 * @param outputTokens tokens the served requests generated (prefill's first tokens included)
 * @param decodeSteps decode iterations
 * @param makespanMicros first arrival to last token
 * @param busyMicros time the deployment spent in iterations (not waiting for arrivals)
 * @param ttftP50Micros median time to first token over served requests
 * @param ttftP99Micros its 99th percentile
 * @param tpotP50Micros median per-request mean time between tokens
 * @param tpotP99Micros its 99th percentile
 * @param tbtP50Micros median decode step time over generated tokens (each token weighs its step)
 * @param tbtP99Micros its 99th percentile
 * @param e2eP50Micros median end-to-end latency
 * @param slo the SLO's percentiles and whether they are within its targets
 * @param attentionUtilisation the attention GPUs' compute time over the makespan
 * @param expertUtilisation the expert GPUs' mean compute time over the makespan
 * @param meanBatch decode tokens per decode step
 */
public record ServingResult(long requests, long served, long tooLong, long outputTokens, long decodeSteps,
        long makespanMicros, double busyMicros, double ttftP50Micros, double ttftP99Micros, double tpotP50Micros,
        double tpotP99Micros, double tbtP50Micros, double tbtP99Micros, double e2eP50Micros, SloOutcome slo,
        double attentionUtilisation, double expertUtilisation, double meanBatch) {

    /** Output tokens per second over the makespan. */
    public double tokensPerSecond() {
        return makespanMicros == 0 ? 0 : outputTokens / (makespanMicros / 1e6);
    }
}
