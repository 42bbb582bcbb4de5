package io.moereplay.model.perf.findep;

/**
 * The order in which the attention group runs one layer's attention (A) and shared-expert (S)
 * tasks (paper §4.2). Neither is better in general; the solver tries both. Without shared experts
 * the two are the same schedule.
 */
public enum Order {

    /**
     * "Attention-All, Shared-All": {@code A0 A1 … A(r1-1) S0 S1 … S(r1-1)}. Every micro-batch's
     * A2E starts as soon as possible, so the expert group starts earlier.
     */
    AASS,

    /**
     * "Attention-Shared-Alternating-Sequential": {@code A0 S0 A1 S1 …}. A micro-batch's shared
     * experts run while the attention group would otherwise wait for the next micro-batch to come
     * back from the experts, so the layer's attention-group work ends sooner.
     */
    ASAS
}
