package io.moereplay.model.perf.findep;

/**
 * The plans the solver may choose from.
 *
 * @param maxBatchSequences sequences one attention GPU holds at once (KV cache, activations):
 *                          the memory constraint {@code r1 · m_a <= maxBatchSequences}
 * @param maxMicroBatches the most attention micro-batches [r1]
 * @param maxSegments the most expert segments per micro-batch [r2]
 */
public record SearchSpace(int maxBatchSequences, int maxMicroBatches, int maxSegments) {

    public SearchSpace {
        Checks.positive("maxBatchSequences", maxBatchSequences);
        Checks.positive("maxMicroBatches", maxMicroBatches);
        Checks.positive("maxSegments", maxSegments);
    }
}
