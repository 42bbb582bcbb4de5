package io.moereplay.model.perf;

/**
 * The tasks of one disaggregated layer that a pipeline schedules, shared by MegaScale-Infer's
 * ping-pong ({@link DisaggregatedExpertParallel}, one segment) and FinDEP's fine-grained schedule
 * ({@link FineGrainedExpertParallel}): the batch split over {@code m} micro-batches on each of the
 * {@code n_a} attention nodes, each micro-batch's expert work over {@code segments}.
 *
 * @param sequencesPerMicroBatch b_a, sequences of one attention node's micro-batch
 * @param attentionMicros T_a over those sequences
 * @param straggler the expert side over one segment: busiest expert node and balanced time
 * @param commMicros Eq. 6: the slower of the attention side sending a segment's {@code b_a h K}
 *     values and the busiest expert receiving its tokens' {@code h} values (bf16)
 * @param balancedCommMicros the same were the busiest expert at the mean load
 */
record DisaggregatedTasks(long sequencesPerMicroBatch, double attentionMicros, LayerStraggler straggler,
        double commMicros, double balancedCommMicros) {

    /** The shape of a disaggregated deployment, as the tasks need it. */
    record Shape(int attentionNodes, int attentionTp, int expertTp, int microBatches, int segments, int hidden,
            int topK, ExpertPlacement placement, ExpertFfnTime ffn, DecodeAttention attention,
            LinkModel attentionLink, LinkModel expertLink) {}

    static DisaggregatedTasks of(Shape shape, long sequences, long contextTokens, long[] expertTokens) {
        long shards = (long) shape.microBatches() * shape.attentionNodes();
        long perMicroBatch = (sequences + shards - 1) / shards;
        double attentionMicros = shape.attention().micros(perMicroBatch, (contextTokens + shards - 1) / shards);
        long parts = (long) shape.microBatches() * shape.segments();
        long[] perSegment = new long[expertTokens.length];
        for (int e = 0; e < expertTokens.length; e++) {
            perSegment[e] = (expertTokens[e] + parts - 1) / parts;
        }
        LayerStraggler straggler = StragglerAccounting.layer(perSegment, shape.placement(), shape.ffn());
        double send = shape.attentionLink().micros(
                (double) perMicroBatch * shape.hidden() * shape.topK() * 2 / shape.attentionTp() / shape.segments());
        double bytesPerToken = (double) shape.hidden() * 2 / shape.expertTp();
        return new DisaggregatedTasks(perMicroBatch, attentionMicros, straggler,
                Math.max(send, shape.expertLink().micros(straggler.maxGpuTokens() * bytesPerToken)),
                Math.max(send, shape.expertLink().micros(straggler.meanGpuTokens() * bytesPerToken)));
    }
}
