package io.moereplay.model.perf;

import java.io.Serializable;

/**
 * How a MoE model is deployed on GPUs, as far as timing a decode step needs: given one layer's
 * batch and per-expert token loads, the layer's attention, communication and expert times, the
 * straggler, and the layer's share of the step (the time between tokens).
 */
public interface Deployment extends Serializable {

    /** A label for output rows, e.g. {@code colocated H100-SXM x8}. */
    String name();

    /**
     * @param layer MoE layer, from 0
     * @param sequences decoding sequences in the step (one token each)
     * @param contextTokens their context lengths summed
     * @param expertTokens routed tokens per expert at this layer
     */
    LayerTiming layer(int layer, long sequences, long contextTokens, long[] expertTokens);
}
