package io.moereplay.model.perf;

import io.moereplay.model.perf.findep.Order;
import io.moereplay.model.perf.findep.TaskTimes;
import io.moereplay.model.perf.findep.Timeline;
import io.moereplay.model.perf.findep.TimelineSimulator;

/**
 * FinDEP's fine-grained disaggregated expert parallelism: attention (and shared experts) on
 * {@code attentionNodes} nodes, routed experts one per node, each attention node's batch cut into
 * {@code r1} micro-batches and each micro-batch's expert work into {@code r2} segments, the
 * attention group running a layer in {@link Order#AASS} or {@link Order#ASAS} order. Task times come
 * from the same kernel models as the other deployments: attention and shared experts over a
 * micro-batch on the attention GPU, the busiest expert node over a segment (the straggler), and
 * Eq. 6 transfers of a segment. The step time is {@link TimelineSimulator}'s makespan; a layer's
 * share is the first layer's makespan for layer 0 and the steady increment of one more layer
 * ({@code makespan(2) - makespan(1)}) for the others, so the shares of identical layers sum to the
 * makespan of the whole model while the pipeline is in its steady state.
 *
 * @param name label
 * @param attentionNodes n_a
 * @param attentionTp tp_a
 * @param expertTp tp_e
 * @param microBatches r1
 * @param segments r2
 * @param order the attention group's order
 * @param hidden h
 * @param topK K
 * @param sharedExperts shared experts run on the attention group for each micro-batch
 * @param placement the routed experts on their nodes
 * @param ffn one routed expert's FFN on its node (split over tp_e)
 * @param sharedFfn one shared expert's FFN on an attention node (split over tp_a)
 * @param attention one attention node's decode attention
 * @param attentionLink W_a and its utilisation curve
 * @param expertLink W_e and its utilisation curve
 */
public record FineGrainedExpertParallel(String name, int attentionNodes, int attentionTp, int expertTp,
        int microBatches, int segments, Order order, int hidden, int topK, int sharedExperts,
        ExpertPlacement placement, ExpertFfnTime ffn, ExpertFfnTime sharedFfn, DecodeAttention attention,
        LinkModel attentionLink, LinkModel expertLink) implements Deployment {

    public FineGrainedExpertParallel {
        if (attentionNodes < 1 || attentionTp < 1 || expertTp < 1 || microBatches < 1 || segments < 1) {
            throw new IllegalArgumentException(name + ": n_a=" + attentionNodes + ", tp_a=" + attentionTp + ", tp_e="
                    + expertTp + ", r1=" + microBatches + ", r2=" + segments + ": all must be at least 1");
        }
    }

    @Override
    public LayerTiming layer(int layer, long sequences, long contextTokens, long[] expertTokens) {
        DisaggregatedTasks tasks = DisaggregatedTasks.of(new DisaggregatedTasks.Shape(attentionNodes, attentionTp,
                expertTp, microBatches, segments, hidden, topK, placement, ffn, attention, attentionLink, expertLink),
                sequences, contextTokens, expertTokens);
        LayerStraggler straggler = tasks.straggler();
        double sharedMicros = sharedExperts * sharedFfn.micros(tasks.sequencesPerMicroBatch());
        TaskTimes times = new TaskTimes(tasks.attentionMicros(), sharedMicros, tasks.commMicros(),
                straggler.layerMicros());
        TaskTimes balanced = new TaskTimes(tasks.attentionMicros(), sharedMicros, tasks.balancedCommMicros(),
                straggler.balancedMicros());
        Timeline oneLayer = TimelineSimulator.simulate(times, microBatches, segments, order, 1);
        double share = share(layer, times, oneLayer);
        double balancedShare = share(layer, balanced,
                TimelineSimulator.simulate(balanced, microBatches, segments, order, 1));
        return new LayerTiming(straggler, tasks.attentionMicros(), tasks.commMicros(),
                tasks.attentionMicros() + sharedMicros + straggler.layerMicros() + 2 * tasks.commMicros(), share,
                share - balancedShare, oneLayer.nonOverlappedCommMs() == 0, true);
    }

    /** Layer 0: one layer's makespan; later layers: what one more layer adds. */
    private double share(int layer, TaskTimes times, Timeline oneLayer) {
        return layer == 0 ? oneLayer.makespanMs()
                : TimelineSimulator.simulate(times, microBatches, segments, order, 2).makespanMs() - oneLayer.makespanMs();
    }
}
