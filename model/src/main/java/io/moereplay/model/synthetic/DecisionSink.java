package io.moereplay.model.synthetic;

import io.moereplay.model.trace.Phase;

/** Receives a synthetic trace's routing rows in order, without an object per row. */
@FunctionalInterface
public interface DecisionSink {

    /**
     * One token's choice at one layer.
     *
     * @param experts the chosen experts in {@code experts[0..k)}, rank order; valid only during the call
     * @param gateWeights gate weights in {@code gateWeights[0..gates)}, descending; {@code gates} is 0
     *     when the trace has none; valid only during the call
     */
    void decision(long requestId, int tokenIndex, Phase phase, int layer,
            int[] experts, int k, float[] gateWeights, int gates);
}
