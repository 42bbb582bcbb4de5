package io.moereplay.model.perf.findep;

import java.util.Objects;

/**
 * The three α-β fits FinDEP's micro-benchmark produces for one testbed and one (ag, eg) split
 * (paper §4.1, §5.2; Testbed A's values are in the caption of its Fig. 7). Every task time of
 * {@link FinDepTaskTimes} is built from these. The paper gives no units; milliseconds fit its
 * magnitudes (an A6000 GEMM at {@code β_gm = 8.59e-11} runs 1.16e13 {@code m·n·k}/s, 23 TFLOP/s).
 *
 * @param gemm {@code α_gm} ms per GEMM launch, {@code β_gm} ms per {@code m·n·k} of the GEMM
 * @param attention {@code α_attn} ms per attention-kernel launch, {@code β_attn} ms per unit of
 *                  {@code S²·n_h·(d_k + d_v)} (one sequence's score and value products)
 * @param a2e {@code α_c} ms per A2E transfer, {@code β_c} ms per hidden-state element that one GPU
 *            of the expert group receives (elements or bytes: the paper does not say); the fit
 *            belongs to one (ag, eg) split, as the paper fits each split apart
 */
public record KernelFits(AlphaBeta gemm, AlphaBeta attention, AlphaBeta a2e) {

    public KernelFits {
        Objects.requireNonNull(gemm, "gemm");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(a2e, "a2e");
    }
}
