package io.moereplay.model.perf;

/**
 * MegaScale-Infer's ping-pong micro-batch pipeline for disaggregated attention and experts
 * (sec. 4.1): the global batch split into {@code m} micro-batches that alternate between the
 * attention and the expert nodes, with an A2E and an E2A transfer per MoE layer.
 *
 * <ul>
 *   <li>Eq. 1: keep {@code T_a ≈ T_e} ({@link #balance()} near 1);
 *   <li>Eq. 2: communication hidden when {@code T_c < T_f}, {@code T_f = max(T_a, T_e)};
 *   <li>Eq. 3: {@code m T_f >= 2 (T_f + T_c)}, i.e. {@code m >= 2 (1 + T_c / T_f)}: with
 *       {@code T_c < T_f / 2}, 3 micro-batches suffice, otherwise 4;
 *   <li>Eq. 4: one micro-batch's iteration takes between {@code (T_a + T_e + 2T_c) + m T_f (L - 1)}
 *       and {@code m T_f L};
 *   <li>Eq. 5: the global batch's iteration, {@code T_total = (T_a + T_e + 2T_c) + T_f (m L - 1)}.
 * </ul>
 *
 * <p>Eq. 5 assumes Eq. 2 and 3 hold. {@link #layerMicros()} and {@link #fillMicros()} do not: a
 * layer cannot take less than one micro-batch's chain through it, {@code T_a + T_e + 2T_c} (the
 * next layer's attention needs the combine), nor less than {@code m} times the busiest of the
 * attention, the experts and each link direction, so a layer costs
 * {@code max(m max(T_a, T_e, T_c), T_a + T_e + 2T_c)}; the first layer adds the pipeline's fill,
 * {@code min(T_a + T_e + 2T_c - s, (m - 1) s)} with {@code s = max(T_a, T_e, T_c)}. When Eq. 2 and 3
 * hold this is Eq. 5 exactly; with {@code m = 1} it is {@code L} chains, nothing overlapped; with
 * {@code T_c > T_f} the links pace the pipeline.
 *
 * @param attentionMicros T_a: one micro-batch through one layer's attention
 * @param expertMicros T_e: one micro-batch through one layer's experts (the busiest expert node's)
 * @param commMicros T_c: one A2E (or E2A) transfer of a micro-batch (Eq. 6)
 * @param microBatches m
 * @param layers L, MoE layers
 */
public record PingPongPipeline(double attentionMicros, double expertMicros, double commMicros, int microBatches,
        int layers) {

    public PingPongPipeline {
        if (!(attentionMicros >= 0) || !(expertMicros >= 0) || !(commMicros >= 0)
                || attentionMicros + expertMicros <= 0) {
            throw new IllegalArgumentException("T_a=" + attentionMicros + ", T_e=" + expertMicros + ", T_c="
                    + commMicros + ": times must be >= 0 and T_a + T_e > 0");
        }
        if (microBatches < 1 || layers < 1) {
            throw new IllegalArgumentException("m=" + microBatches + ", L=" + layers + ": both must be at least 1");
        }
    }

    /** T_f = max(T_a, T_e), the pipeline's slower stage. */
    public double stageMicros() {
        return Math.max(attentionMicros, expertMicros);
    }

    /** T_a / T_e (Eq. 1 wants it near 1). */
    public double balance() {
        return attentionMicros / expertMicros;
    }

    /** Eq. 2: T_c < T_f. */
    public boolean communicationHidden() {
        return commMicros < stageMicros();
    }

    /** Eq. 3's bound 2 (1 + T_c / T_f), as a real number. */
    public double microBatchBound() {
        return 2 * (1 + commMicros / stageMicros());
    }

    /** The fewest micro-batches that satisfy Eq. 3. */
    public int minMicroBatches() {
        return (int) Math.ceil(microBatchBound() - 1e-12);
    }

    /** Eq. 3 holds for this plan's m. */
    public boolean pipelineFilled() {
        return microBatches >= microBatchBound() - 1e-12;
    }

    /** Eq. 4's lower bound on one micro-batch's iteration latency. */
    public double microBatchLatencyLowerBound() {
        return attentionMicros + expertMicros + 2 * commMicros + microBatches * stageMicros() * (layers - 1);
    }

    /** Eq. 4's upper bound, m T_f L. */
    public double microBatchLatencyUpperBound() {
        return microBatches * stageMicros() * layers;
    }

    /** One layer's share of the step past the first: see the class comment. */
    public double layerMicros() {
        double stage = Math.max(stageMicros(), commMicros);
        return Math.max(microBatches * stage, chainMicros());
    }

    /** What the first layer adds to fill the pipeline: see the class comment. */
    public double fillMicros() {
        double stage = Math.max(stageMicros(), commMicros);
        return Math.min(chainMicros() - stage, (microBatches - 1) * stage);
    }

    /** The step over all layers: {@code L layerMicros + fillMicros}, Eq. 5 when Eq. 2 and 3 hold. */
    public double stepMicros() {
        return layers * layerMicros() + fillMicros();
    }

    private double chainMicros() {
        return attentionMicros + expertMicros + 2 * commMicros;
    }

    /** Eq. 5: the global batch's iteration time, the time between its tokens. */
    public double totalMicros() {
        return attentionMicros + expertMicros + 2 * commMicros + stageMicros() * ((double) microBatches * layers - 1);
    }
}
