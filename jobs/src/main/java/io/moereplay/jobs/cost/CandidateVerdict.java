package io.moereplay.jobs.cost;

/**
 * A candidate after the analytic pre-filter.
 *
 * @param candidate the candidate
 * @param kvCapacityTokens its KV cache in tokens (0 when the weights do not fit)
 * @param analyticTbtMicros its decode step at full batch and the trace's mean context, even loads; NaN
 *     when not computed
 * @param dropped why it is not replayed, or null when it is
 */
public record CandidateVerdict(CostCandidate candidate, long kvCapacityTokens, double analyticTbtMicros,
        String dropped) implements java.io.Serializable {

    /** MegaScale-Infer's figure of merit: decode tokens per second per GPU at full batch. */
    public double capacityTokensPerSecondPerGpu() {
        return candidate.batch() / (analyticTbtMicros / 1e6) / candidate.gpus();
    }

    /** Algorithm 1's objective: decode tokens per dollar at full batch. */
    public double capacityTokensPerUsd() {
        return candidate.batch() / (analyticTbtMicros / 1e6) / (candidate.usdPerHour() / 3600);
    }
}
