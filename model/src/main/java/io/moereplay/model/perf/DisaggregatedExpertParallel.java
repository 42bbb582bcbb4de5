package io.moereplay.model.perf;

/**
 * MegaScale-Infer's disaggregated expert parallelism: {@code attentionNodes} nodes of
 * {@code attentionTp} GPUs run attention (data parallel across nodes); each expert runs on its own
 * node of {@code expertTp} GPUs; the batch is split into {@code microBatches} that ping-pong
 * between them (see {@link PingPongPipeline}).
 *
 * <p>Per layer and micro-batch: {@code T_a} is attention over {@code b_a = B / (m n_a)} sequences;
 * {@code T_e} is the busiest expert node's FFN over its tokens of the micro-batch (the straggler:
 * a skewed router slows the whole pipeline stage); {@code T_c} is Eq. 6, the slower of the
 * attention side sending {@code b_a h K} and the busiest expert receiving {@code b_e h} values
 * (bf16), each over its GPUs' links. The step takes Eq. 5,
 * {@code (T_a + T_e + 2T_c) + T_f (m L - 1)}, where Eq. 2 and 3 hold; where they do not (one
 * micro-batch, or links slower than compute) it takes {@link PingPongPipeline#layerMicros()} a layer,
 * which honours the chain of each micro-batch through the layer and the links' occupancy. Layers
 * that differ (skew differs by layer) are each charged their own layer time, layer 0 the fill too.
 *
 * @param name label
 * @param attentionNodes n_a
 * @param attentionTp tp_a
 * @param expertTp tp_e
 * @param microBatches m
 * @param hidden h
 * @param topK K
 * @param experts E, one node each
 * @param placement the experts on their nodes (one each: {@code ExpertPlacement.contiguous(E, E)};
 *     redundant experts add nodes)
 * @param ffn one expert's FFN time on its node (already split over tp_e)
 * @param attention one attention node's decode attention (already split over tp_a)
 * @param attentionLink W_a and its utilisation curve, per attention GPU
 * @param expertLink W_e and its utilisation curve, per expert GPU
 */
public record DisaggregatedExpertParallel(String name, int attentionNodes, int attentionTp, int expertTp,
        int microBatches, int hidden, int topK, int experts, ExpertPlacement placement, ExpertFfnTime ffn,
        DecodeAttention attention, LinkModel attentionLink, LinkModel expertLink) implements Deployment {

    public DisaggregatedExpertParallel {
        if (placement.experts() != experts) {
            throw new IllegalArgumentException(name + ": a placement of " + placement.experts() + " experts for "
                    + experts);
        }
        if (attentionNodes < 1 || attentionTp < 1 || expertTp < 1 || microBatches < 1 || experts < 1) {
            throw new IllegalArgumentException(name + ": n_a=" + attentionNodes + ", tp_a=" + attentionTp
                    + ", tp_e=" + expertTp + ", m=" + microBatches + ", E=" + experts + ": all must be at least 1");
        }
    }

    @Override
    public LayerTiming layer(int layer, long sequences, long contextTokens, long[] expertTokens) {
        DisaggregatedTasks tasks = DisaggregatedTasks.of(new DisaggregatedTasks.Shape(attentionNodes, attentionTp,
                expertTp, microBatches, 1, hidden, topK, placement, ffn, attention, attentionLink, expertLink),
                sequences, contextTokens, expertTokens);
        double attentionMicros = tasks.attentionMicros();
        LayerStraggler straggler = tasks.straggler();
        double comm = tasks.commMicros();
        PingPongPipeline pipeline = new PingPongPipeline(attentionMicros, straggler.layerMicros(), comm,
                microBatches, 1);
        double share = stepShare(layer, attentionMicros, straggler.layerMicros(), comm);
        double balanced = stepShare(layer, attentionMicros, straggler.balancedMicros(), tasks.balancedCommMicros());
        return new LayerTiming(straggler, attentionMicros, comm,
                attentionMicros + straggler.layerMicros() + 2 * comm, share, share - balanced,
                pipeline.communicationHidden(), pipeline.pipelineFilled());
    }

    /** This layer's part of the step: its layer time, plus the pipeline's fill on layer 0. */
    private double stepShare(int layer, double attentionMicros, double expertMicros, double comm) {
        PingPongPipeline pipeline = new PingPongPipeline(attentionMicros, expertMicros, comm, microBatches, 1);
        return pipeline.layerMicros() + (layer == 0 ? pipeline.fillMicros() : 0);
    }
}
