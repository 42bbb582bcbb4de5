package io.moereplay.jobs.input;

import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;

/**
 * Sums a trace's routed tokens per (layer, expert), from token decisions or counted loads; fed by
 * {@link RoutingTraceScan#read}, which collects the rejects itself.
 *
 * @param counts tokens per [layer][expert], added to
 */
public record LoadSummer(long[][] counts) implements RoutingVisitor {

    @Override
    public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
            float[] gateWeights, int gates) {
        for (int j = 0; j < k; j++) {
            counts[layer][experts[j]]++;
        }
    }

    @Override
    public void load(long row, long startMicros, int layer, int expert, long tokens) {
        counts[layer][expert] += tokens;
    }

    @Override
    public void reject(Reject reject) {
        throw new IllegalStateException("unreachable: the scan collects rejects");
    }
}
