package io.moereplay.model.placement;

import io.moereplay.model.perf.ColocatedExpertParallel;
import io.moereplay.model.perf.DecodeAttention;
import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LayerTiming;
import io.moereplay.model.perf.LinkModel;

import java.io.Serializable;

/**
 * Prices placements with the serving model: one decode step of a nominal batch, its tokens routed
 * in a window's proportions, timed under colocated expert parallelism on the placement's GPUs;
 * and the weight copies a change of placement takes over NVLink and the NIC.
 *
 * @param hidden model width
 * @param topK experts per token
 * @param sharedExperts always-on experts
 * @param expertBytes one expert's weights
 * @param ffn one expert's FFN time on one GPU
 * @param attention decode attention on one GPU
 * @param allToAll the link dispatch and combine cross
 * @param nvlink the link weights copy over inside a node
 * @param nic the link they copy over across nodes
 * @param batch sequences decoding in a step
 * @param contextPerSequence their mean context length
 */
public record PlacementScorer(int hidden, int topK, int sharedExperts, long expertBytes, ExpertFfnTime ffn,
        DecodeAttention attention, LinkModel allToAll, LinkModel nvlink, LinkModel nic, int batch,
        long contextPerSequence) implements Serializable {

    public PlacementScorer {
        if (batch < 1 || contextPerSequence < 0) {
            throw new IllegalArgumentException("batch " + batch + " and context " + contextPerSequence
                    + ": need at least one sequence and a context of 0 or more");
        }
    }

    /**
     * One layer of one step with {@code batch x topK} token choices split in proportion to
     * {@code load}, each expert's rounded to whole tokens.
     */
    public LayerTiming step(ExpertPlacement placement, double[] load) {
        double total = 0;
        for (double l : load) {
            total += l;
        }
        long[] tokens = new long[load.length];
        for (int e = 0; e < load.length; e++) {
            tokens[e] = total == 0 ? 0 : Math.round(load[e] / total * batch * topK);
        }
        ColocatedExpertParallel deployment = new ColocatedExpertParallel("placement", placement.gpus(), hidden, topK,
                sharedExperts, placement, ffn, attention, allToAll);
        return deployment.layer(0, batch, batch * contextPerSequence, tokens);
    }

    /** Decode steps a window of {@code tokenChoices} routed choices takes at this batch. */
    public double steps(double tokenChoices) {
        return tokenChoices / ((double) batch * topK);
    }

    public PlacementMigration migration(ExpertPlacement from, ExpertPlacement to, SlotLayout layout) {
        return PlacementMigration.between(from, to, layout, expertBytes, nvlink, nic);
    }
}
