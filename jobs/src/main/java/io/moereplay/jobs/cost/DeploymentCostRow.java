package io.moereplay.jobs.cost;

import io.moereplay.model.cost.ServingResult;
import io.moereplay.model.cost.ServingSlo;

/**
 * One candidate's row: its configuration and pre-filter verdict, and, when it was replayed, what
 * serving the trace measured and cost.
 *
 * @param verdict the candidate and the pre-filter's figures
 * @param slo the SLO the run judges candidates against
 * @param result the replay, or null when the candidate was dropped
 */
public record DeploymentCostRow(CandidateVerdict verdict, ServingSlo slo, ServingResult result) {

    public CostCandidate candidate() {
        return verdict.candidate();
    }

    public boolean replayed() {
        return result != null;
    }

    /** Dollars per million output tokens over the makespan; null when not replayed. */
    public Double usdPerMillionTokens() {
        if (result == null || result.outputTokens() == 0) {
            return null;
        }
        return candidate().usdPerHour() * (result.makespanMicros() / 3.6e9) / (result.outputTokens() / 1e6);
    }

    /** Output tokens per joule at board power over the makespan (a floor: GPUs rarely draw their maximum). */
    public Double tokensPerJoule() {
        if (result == null || result.makespanMicros() == 0) {
            return null;
        }
        return result.outputTokens() / (candidate().watts() * result.makespanMicros() / 1e6);
    }

    public Double tokensPerSecondPerGpu() {
        return result == null ? null : result.tokensPerSecond() / candidate().gpus();
    }
}
