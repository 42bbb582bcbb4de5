package io.moereplay.jobs.report;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class LayerLoadsTest {

    /** Each layer 40 tokens over 4 experts (mean 10), but layer 3, which has none. */
    static Map<Integer, long[]> loads() {
        Map<Integer, long[]> loads = new TreeMap<>();
        loads.put(0, new long[] {10, 10, 10, 10});
        loads.put(1, new long[] {30, 5, 5, 0});
        loads.put(2, new long[] {20, 10, 6, 4});
        loads.put(3, new long[] {0, 0, 0, 0});
        return loads;
    }

    @Test
    void mostSkewedLayersByMaxOverMean() {
        assertThat(LayerLoads.mostSkewed(loads(), 2)).containsExactly(
                new LayerLoads.LayerSkew(1, 3.0, 1 / 3.0), new LayerLoads.LayerSkew(2, 2.0, 0.5));
    }

    @Test
    void hottestExpertsByShareOfTheirLayerTiesToTheLowerLayer() {
        // 30/40, 20/40, then four experts of layer 0 and expert 1 of layer 2 at 10/40.
        assertThat(LayerLoads.hottest(loads(), 4)).containsExactly(new LayerLoads.ExpertShare(1, 0, 0.75),
                new LayerLoads.ExpertShare(2, 0, 0.5), new LayerLoads.ExpertShare(0, 0, 0.25),
                new LayerLoads.ExpertShare(0, 1, 0.25));
    }
}
