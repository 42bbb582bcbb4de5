package io.moereplay.jobs.cost;

import io.moereplay.model.perf.Deployment;

/**
 * The pre-filter's decode step: every MoE layer timed with the routed tokens spread evenly over
 * the experts. No skew, so it is a lower bound on the replayed step: a candidate that misses the
 * SLO here misses it in replay too.
 */
final class AnalyticStep {

    private AnalyticStep() {}

    static double micros(Deployment deployment, int moeLayers, int experts, int topK, int batch, double meanContext) {
        long[] tokens = new long[experts];
        long choices = (long) batch * topK;
        for (int e = 0; e < experts; e++) {
            tokens[e] = choices / experts + (e < choices % experts ? 1 : 0);
        }
        long context = Math.round(batch * meanContext);
        double layer = deployment.layer(1, batch, context, tokens).stepShareMicros();
        double first = deployment.layer(0, batch, context, tokens).stepShareMicros();
        return first + (moeLayers - 1) * layer;
    }
}
