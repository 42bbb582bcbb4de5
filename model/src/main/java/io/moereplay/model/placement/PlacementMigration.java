package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LinkModel;

/**
 * What changing from one placement to another costs: every (GPU, expert) pair the new placement
 * has and the old lacks is one copy of the expert's weights, from a GPU that already holds it,
 * over NVLink when one on the same node does, else over the NIC. GPUs receive in parallel, each
 * its copies one after another, so the pause is the slowest GPU's.
 *
 * @param expertsMoved weight copies
 * @param bytesMoved their bytes
 * @param overNic copies that cross nodes
 * @param pauseMicros the stop-the-world time the copies take
 */
public record PlacementMigration(int expertsMoved, long bytesMoved, int overNic, double pauseMicros) {

    public static final PlacementMigration NONE = new PlacementMigration(0, 0, 0, 0);

    public static PlacementMigration between(ExpertPlacement from, ExpertPlacement to, SlotLayout layout,
            long expertBytes, LinkModel nvlink, LinkModel nic) {
        if (from.gpus() != to.gpus() || from.experts() != to.experts()) {
            throw new IllegalArgumentException("cannot migrate " + from + " to " + to);
        }
        boolean[][] had = hosting(from);
        boolean[][] has = hosting(to);
        double[] receiving = new double[to.gpus()];
        int moved = 0;
        int overNic = 0;
        for (int g = 0; g < to.gpus(); g++) {
            for (int e = 0; e < to.experts(); e++) {
                if (has[g][e] && !had[g][e]) {
                    boolean sameNode = false;
                    for (int source = 0; source < from.gpus(); source++) {
                        sameNode |= had[source][e] && layout.node(source) == layout.node(g);
                    }
                    moved++;
                    overNic += sameNode ? 0 : 1;
                    receiving[g] += (sameNode ? nvlink : nic).micros(expertBytes);
                }
            }
        }
        double pause = 0;
        for (double micros : receiving) {
            pause = Math.max(pause, micros);
        }
        return new PlacementMigration(moved, moved * expertBytes, overNic, pause);
    }

    private static boolean[][] hosting(ExpertPlacement placement) {
        boolean[][] out = new boolean[placement.gpus()][placement.experts()];
        int[] expert = placement.replicaExpert();
        int[] gpu = placement.replicaGpu();
        for (int r = 0; r < expert.length; r++) {
            out[gpu[r]][expert[r]] = true;
        }
        return out;
    }
}
