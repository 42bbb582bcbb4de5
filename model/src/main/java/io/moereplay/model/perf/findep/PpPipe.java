package io.moereplay.model.perf.findep;

/**
 * MegaScale-Infer's ping-pong pipeline ("PPPipe", arXiv 2504.02263 §4.1): m micro-batches shuttle
 * between attention and experts, each micro-batch's expert work in one piece. It is the
 * {@code r2 = 1} case of {@link TimelineSimulator}; a micro-batch's shared experts, which
 * MegaScale-Infer does not have, run right after its attention ({@link Order#ASAS}). Its closed
 * form and conditions are {@link io.moereplay.model.perf.PingPongPipeline}'s.
 */
public final class PpPipe {

    private PpPipe() {
    }

    /** The ping-pong plan with {@code microBatches} micro-batches [m] of {@code microBatchSequences}. */
    public static Plan plan(int microBatchSequences, int microBatches) {
        return new Plan(microBatchSequences, microBatches, 1, Order.ASAS);
    }
}
