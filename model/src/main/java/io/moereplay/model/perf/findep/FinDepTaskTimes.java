package io.moereplay.model.perf.findep;

import java.util.Objects;

/**
 * FinDEP's task-time model (paper §4.1): each task's time is linear in its size, with α and β
 * derived from the testbed's {@link KernelFits} and the layer's {@link LayerDims}. Symbols are the
 * paper's; S is the sequence length, ag and eg the GPUs of the attention and expert groups.
 *
 * <ul>
 *   <li>Attention, per micro-batch of {@code m_a} sequences on each attention GPU: four projection
 *       GEMMs (Q, K, V, O) plus the attention kernel, {@code t_a = α_a + β_a m_a} with
 *       {@code α_a = 4 α_gm + α_attn},
 *       {@code β_a = β_gm (2 S M n_h d_k + 2 S M n_h d_v) + β_attn S² n_h (d_k + d_v)}.</li>
 *   <li>Shared experts, per micro-batch: three GEMMs (gate, up, down) per shared expert,
 *       {@code t_s = α_s + β_s m_a} with {@code α_s = 3 N_sh α_gm}, {@code β_s = 3 N_sh β_gm S M H}.</li>
 *   <li>Routed experts, per segment, on each expert GPU: {@code t_e = α_e + β_e m_e} with
 *       {@code α_e = (E/eg) α_gm}, {@code β_e = (E/eg) β_gm M H}. The paper prints one GEMM per
 *       expert here where the shared term has three; this keeps the paper's formula.</li>
 *   <li>A2E, per segment: {@code t_a2e = α_c + β_a2e m_e} with {@code β_a2e = β_c E M / eg}, the
 *       elements one expert GPU receives per token of each expert; E2A takes the same time.</li>
 * </ul>
 *
 * <p>{@code m_e = m_a · ag · top_k · S / (r2 · E)} is the tokens each expert gets in one segment:
 * a micro-batch's {@code m_a·ag·S} tokens, each sent to {@code top_k} experts, spread evenly over
 * {@code E} experts and cut into {@code r2} segments (even routing: the paper's assumption).
 *
 * @param fits the testbed's α-β fits, for the (ag, eg) split below
 * @param dims the MoE layer's dimensions
 * @param sequenceLength tokens per sequence [S]
 * @param attentionGpus GPUs of the attention group [ag]; each runs {@code m_a} sequences per micro-batch
 * @param expertGpus GPUs of the expert group [eg], {@code E/eg} experts each
 */
public record FinDepTaskTimes(KernelFits fits, LayerDims dims, int sequenceLength, int attentionGpus,
                              int expertGpus) implements TaskTimeModel {

    public FinDepTaskTimes {
        Objects.requireNonNull(fits, "fits");
        Objects.requireNonNull(dims, "dims");
        Checks.positive("sequenceLength", sequenceLength);
        Checks.positive("attentionGpus", attentionGpus);
        Checks.positive("expertGpus", expertGpus);
    }

    /** {@code (α_a, β_a)}: x is sequences per attention GPU. */
    public AlphaBeta attention() {
        double s = sequenceLength;
        double projections = 2 * s * dims.hidden() * dims.heads() * (dims.keyDim() + (double) dims.valueDim());
        double scores = s * s * dims.heads() * (dims.keyDim() + (double) dims.valueDim());
        return new AlphaBeta(4 * fits.gemm().alpha() + fits.attention().alpha(),
                fits.gemm().beta() * projections + fits.attention().beta() * scores);
    }

    /** {@code (α_s, β_s)}: x is sequences per attention GPU; (0, 0) without shared experts. */
    public AlphaBeta shared() {
        double gemms = 3.0 * dims.sharedExperts();
        return new AlphaBeta(gemms * fits.gemm().alpha(), gemms * fits.gemm().beta()
                * sequenceLength * dims.hidden() * dims.expertIntermediate());
    }

    /** {@code (α_e, β_e)}: x is tokens per expert [m_e]. */
    public AlphaBeta expert() {
        double expertsPerGpu = (double) dims.routedExperts() / expertGpus;
        return new AlphaBeta(expertsPerGpu * fits.gemm().alpha(),
                expertsPerGpu * fits.gemm().beta() * dims.hidden() * dims.expertIntermediate());
    }

    /** {@code (α_c, β_a2e)}: x is tokens per expert [m_e]; A2E and E2A alike. */
    public AlphaBeta transfer() {
        return new AlphaBeta(fits.a2e().alpha(),
                fits.a2e().beta() * dims.routedExperts() * dims.hidden() / expertGpus);
    }

    /** {@code m_e = m_a · ag · top_k · S / (r2 · E)}, tokens per expert in one segment. */
    public double expertTokens(int microBatchSequences, int segments) {
        return (double) microBatchSequences * attentionGpus * dims.topK() * sequenceLength
                / ((double) segments * dims.routedExperts());
    }

    @Override
    public TaskTimes taskTimes(int microBatchSequences, int segments) {
        Checks.positive("microBatchSequences", microBatchSequences);
        Checks.positive("segments", segments);
        double tokensPerExpert = expertTokens(microBatchSequences, segments);
        return new TaskTimes(attention().timeMs(microBatchSequences), shared().timeMs(microBatchSequences),
                transfer().timeMs(tokensPerExpert), expert().timeMs(tokensPerExpert));
    }

    /** A plan's throughput over the whole deployment: its batch's tokens per second of makespan. */
    public double tokensPerSecond(ScoredPlan scored) {
        return scored.sequencesPerMs() * attentionGpus * sequenceLength * 1000;
    }
}
