package io.moereplay.model.perf.findep;

import java.util.Objects;

/**
 * One candidate schedule: how the batch on each attention GPU is cut, and in which order the
 * attention group runs a layer.
 *
 * @param microBatchSequences sequences in one attention micro-batch on each attention GPU [m_a]
 * @param microBatches attention micro-batches [r1]
 * @param segments expert segments per micro-batch [r2]; 1 is MegaScale-Infer's coarse pipeline
 * @param order the attention group's order of attention and shared-expert tasks
 */
public record Plan(int microBatchSequences, int microBatches, int segments, Order order) {

    public Plan {
        Checks.positive("microBatchSequences", microBatchSequences);
        Checks.positive("microBatches", microBatches);
        Checks.positive("segments", segments);
        Objects.requireNonNull(order, "order");
    }

    /** Sequences on each attention GPU in one pass through the layers: {@code r1 · m_a}. */
    public int batchSequences() {
        return microBatches * microBatchSequences;
    }
}
