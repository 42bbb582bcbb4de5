package io.moereplay.jobs.hotness;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class HotnessHeadlineTest {

    @Test
    void namesTheMostSkewedLayersAndTheHottestExperts() {
        // 40 tokens over 4 experts a layer (mean 10): max/mean 3 (30), 2 (20) and 1 (10); layer 3 has none.
        Map<Integer, long[]> loads = new TreeMap<>(Map.of(0, new long[] {10, 10, 10, 10}, 1, new long[] {30, 5, 5, 0},
                2, new long[] {20, 10, 6, 4}, 3, new long[] {0, 0, 0, 0}));
        assertThat(HotnessHeadline.text(loads)).isEqualTo("most skewed layers (max/mean, balancedness): layer 1 3.00"
                + " (0.33), layer 2 2.00 (0.50), layer 0 1.00 (1.00); hottest experts (share of their layer's tokens):"
                + " layer 1 expert 0 75.0%, layer 2 expert 0 50.0%, layer 0 expert 0 25.0%");
    }

    @Test
    void saysSoWhenNothingWasRouted() {
        assertThat(HotnessHeadline.text(Map.of())).startsWith("no routed tokens");
    }
}
