package io.moereplay.model.perf;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A grid of two active-expert counts, 1 and 4, at 8, 16 and 32 token-slots: 10, 12, 20 us with one
 * expert and 20, 22, 30 us with four.
 */
class GroupedMoeTableTest {

    private static final GroupedMoeTable TABLE = new GroupedMoeTable(Map.of(
            1, new double[][] {{16, 12}, {8, 10}, {32, 20}},
            4, new double[][] {{8, 20}, {16, 22}, {32, 30}}));

    @Test
    void measuredPointsAreReadBack() {
        assertThat(TABLE.micros(16, 1)).isEqualTo(12);
        assertThat(TABLE.micros(32, 4)).isEqualTo(30);
    }

    @Test
    void betweenPointsItIsLinearInTokensThenInActiveExperts() {
        // One expert at 24 slots: halfway from 12 to 20.
        assertThat(TABLE.micros(24, 1)).isEqualTo(16);
        // Two experts: a third of the way from 1 expert (16) to 4 (22 + 8 / 2 = 26).
        assertThat(TABLE.micros(24, 2)).isCloseTo(16 + 10.0 / 3, within(1e-12));
    }

    @Test
    void beyondTheGridItKeepsTheFloorBelowAndGrowsLinearlyAbove() {
        // Below the fewest slots: the first point, the kernel's floor.
        assertThat(TABLE.micros(4, 1)).isEqualTo(10);
        // Above the most: 20 + 32 slots x (20 - 12) / 16 us a slot.
        assertThat(TABLE.micros(64, 1)).isEqualTo(36);
        // Above the most experts: at 24 slots, 26 + 2 x (26 - 16) / 3 us an expert.
        assertThat(TABLE.micros(24, 6)).isCloseTo(26 + 20.0 / 3, within(1e-12));
        assertThat(TABLE.micros(0, 3)).isZero();
    }
}
