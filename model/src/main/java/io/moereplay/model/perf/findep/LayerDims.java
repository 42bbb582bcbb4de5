package io.moereplay.model.perf.findep;

import io.moereplay.model.catalog.MoeModelSpec;

/**
 * The dimensions of one MoE layer that FinDEP's task-time formulas use (paper §4.1, symbols in
 * brackets).
 *
 * @param hidden model width [M]
 * @param heads attention heads [n_h]
 * @param keyDim per-head query/key width [d_k]
 * @param valueDim per-head value width [d_v]
 * @param expertIntermediate one expert's FFN width [H], routed and shared experts alike
 * @param routedExperts routed experts per layer [E]
 * @param topK routed experts each token visits [top_k]
 * @param sharedExperts always-on shared experts per layer [N_sh], 0 for none
 */
public record LayerDims(
        int hidden,
        int heads,
        int keyDim,
        int valueDim,
        int expertIntermediate,
        int routedExperts,
        int topK,
        int sharedExperts) {

    public LayerDims {
        Checks.positive("hidden", hidden);
        Checks.positive("heads", heads);
        Checks.positive("keyDim", keyDim);
        Checks.positive("valueDim", valueDim);
        Checks.positive("expertIntermediate", expertIntermediate);
        Checks.positive("routedExperts", routedExperts);
        Checks.positive("topK", topK);
        if (topK > routedExperts) {
            throw new IllegalArgumentException(
                    "topK must be at most routedExperts (" + routedExperts + "), got " + topK);
        }
        if (sharedExperts < 0) {
            throw new IllegalArgumentException("sharedExperts must not be negative, got " + sharedExperts);
        }
    }

    /**
     * A catalogued model's MoE layer. MLA models take {@code d_k = qkNope + qkRope} and
     * {@code d_v = vHead}, as the paper's formula treats every attention as multi-head attention.
     */
    public static LayerDims of(MoeModelSpec spec) {
        int valueDim = spec.mla() == null ? spec.headDim() : spec.mla().vHeadDim();
        return new LayerDims(spec.hiddenSize(), spec.heads(), spec.headDim(), valueDim,
                spec.expertIntermediateSize(), spec.routedExperts(), spec.topK(), spec.sharedExperts());
    }
}
