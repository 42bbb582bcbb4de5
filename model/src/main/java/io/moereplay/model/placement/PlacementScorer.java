package io.moereplay.model.placement;

import io.moereplay.model.perf.ColocatedExpertParallel;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LayerTiming;
import io.moereplay.model.perf.LinkModel;

import java.io.Serializable;

/**
 * Prices placements with the serving model: one decode step of a nominal batch, its tokens routed
 * in a window's proportions, timed under colocated expert parallelism on the placement's GPUs;
 * and the weight copies a change of placement takes over NVLink and the NIC.
 *
 * @param deployment the colocated deployment whose placement is swapped for the one priced
 * @param expertBytes one expert's weights
 * @param nvlink the link weights copy over inside a node
 * @param nic the link they copy over across nodes
 * @param batch sequences decoding in a step
 * @param contextPerSequence their mean context length
 */
public record PlacementScorer(ColocatedExpertParallel deployment, long expertBytes, LinkModel nvlink, LinkModel nic,
        int batch, long contextPerSequence) implements Serializable {

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
        int topK = deployment.topK();
        long[] tokens = new long[load.length];
        for (int e = 0; e < load.length; e++) {
            tokens[e] = total == 0 ? 0 : Math.round(load[e] / total * batch * topK);
        }
        ColocatedExpertParallel placed = new ColocatedExpertParallel(deployment.name(), deployment.gpus(),
                deployment.hidden(), topK, deployment.sharedExperts(), placement, deployment.ffn(),
                deployment.attention(), deployment.allToAll());
        return placed.layer(0, batch, batch * contextPerSequence, tokens);
    }

    /** Decode steps a window of {@code tokenChoices} routed choices takes at this batch. */
    public double steps(double tokenChoices) {
        return tokenChoices / ((double) batch * deployment.topK());
    }

    public PlacementMigration migration(ExpertPlacement from, ExpertPlacement to, SlotLayout layout) {
        return PlacementMigration.between(from, to, layout, expertBytes, nvlink, nic);
    }
}
