package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LinkModel;
import io.moereplay.model.synthetic.SplitMix64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental policy's choices, pinned: placements of seeded skewed loads (256 experts on 32
 * GPUs over 4 nodes, 32 redundant slots, as the production benchmark's DeepSeek-V3 layers) with
 * their fingerprints as the search gave them before its candidate scoring stopped allocating per
 * candidate and boxing GPU numbers (commit c300bbf), so that speed work cannot change a placement.
 */
class IncrementalRebalanceChoicesTest {

    private static final SlotLayout LAYOUT = SlotLayout.of(256, 32, 32, 4);
    private static final LinkModel LINK = new LinkModel(1, 0, 1);

    @ParameterizedTest
    @CsvSource({
        "1, EQUAL, false, -529842328072",
        "2, SPLIT, false, -1203274980670",
        "3, EQUAL, true, -1899197057764",
        "4, SPLIT, true, -1373256933492",
    })
    void placesAsBefore(long seed, DispatchRule dispatch, boolean fromEplb, long fingerprint) {
        double[] load = skewed(seed);
        ExpertPlacement current = fromEplb ? new EplbPlacement(1).place(skewed(seed + 100), LAYOUT, null) : null;
        ExpertPlacement placed = new IncrementalRebalance(40, dispatch).place(load, LAYOUT, current);
        assertThat(PlacementMigration.between(current != null ? current
                : ExpertPlacement.contiguous(256, 32), placed, LAYOUT, 1, LINK, LINK).expertsMoved()).isBetween(10, 40);
        assertThat(fingerprint(placed)).isEqualTo(fingerprint);
    }

    /** Zipf-like loads with random multiplicative noise over a shuffled expert order. */
    private static double[] skewed(long seed) {
        SplitMix64 random = new SplitMix64(seed);
        int[] order = random.permutation(256);
        double[] load = new double[256];
        for (int rank = 0; rank < 256; rank++) {
            load[order[rank]] = 1e6 / Math.pow(rank + 1, 1.1) * Math.exp(0.3 * random.nextGaussian());
        }
        return load;
    }

    private static long fingerprint(ExpertPlacement placement) {
        long hash = Arrays.hashCode(placement.replicaExpert());
        hash = 31 * hash + Arrays.hashCode(placement.replicaGpu());
        return 31 * hash + Arrays.hashCode(placement.replicaShare());
    }
}
