package io.moereplay.model.perf.findep;

/**
 * MegaScale-Infer's ping-pong pipeline ("PPPipe", arXiv 2504.02263 §4.1): m micro-batches shuttle
 * between attention and experts, each micro-batch's expert work in one piece. It is the
 * {@code r2 = 1} case of {@link TimelineSimulator}; a micro-batch's shared experts, which
 * MegaScale-Infer does not have, run right after its attention ({@link Order#ASAS}).
 */
public final class PingPongPipeline {

    private PingPongPipeline() {
    }

    /** The ping-pong plan with {@code microBatches} micro-batches [m] of {@code microBatchSequences}. */
    public static Plan plan(int microBatchSequences, int microBatches) {
        return new Plan(microBatchSequences, microBatches, 1, Order.ASAS);
    }

    /**
     * MegaScale-Infer's Eq. 5, {@code T_total = (T_a + T_e + 2 T_c) + T_f (m L - 1)} with
     * {@code T_f = max(T_a, T_e)}: one micro-batch's trip through a layer, then the bottleneck busy
     * for the other {@code mL - 1} micro-batch-layers. Exact when {@link #hidesCommunication} holds
     * and there are no shared experts; a lower bound otherwise.
     *
     * @param attentionMs one micro-batch's attention [T_a]
     * @param expertMs one micro-batch's experts [T_e]
     * @param transferMs one micro-batch's A2E, equally its E2A [T_c]
     * @param microBatches [m]
     * @param layers [L]
     */
    public static double closedFormMs(double attentionMs, double expertMs, double transferMs, int microBatches,
                                      int layers) {
        double bottleneck = Math.max(attentionMs, expertMs);
        return attentionMs + expertMs + 2 * transferMs + bottleneck * ((double) microBatches * layers - 1);
    }

    /**
     * MegaScale-Infer's conditions (2) and (3): {@code T_c < T_f}, so each link keeps pace with the
     * bottleneck, and {@code m >= 2 (1 + T_c / T_f)}, so a micro-batch is back from its round trip
     * before the bottleneck runs out of other micro-batches.
     */
    public static boolean hidesCommunication(double attentionMs, double expertMs, double transferMs,
                                             int microBatches) {
        double bottleneck = Math.max(attentionMs, expertMs);
        return transferMs < bottleneck && microBatches >= 2 * (1 + transferMs / bottleneck);
    }
}
