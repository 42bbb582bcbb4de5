package io.moereplay.model.validation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutedCountsTest {

    @Test
    void evenPopularitySplitsTheChoicesEvenlyWithTheRemainderToTheLowestIds() {
        // 10 tokens top-2 = 20 choices over 8 experts: 2.5 each, the 4 half tokens to experts 0..3.
        assertThat(RoutedCounts.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 10, 2)).containsExactly(3, 3, 3, 3, 2, 2, 2, 2);
    }

    @Test
    void noExpertGetsMoreThanTheBatchAndTheExcessGoesToTheRest() {
        // 100 tokens top-2 = 200 choices; weights 8:1:1 would give expert 0 160 > 100, so it is held
        // to 100 and the other 100 split 1:1.
        assertThat(RoutedCounts.of(new double[] {8, 1, 1}, 100, 2)).containsExactly(100, 50, 50);
        // Capping one can push the next over: 10:9:1 of 300 choices (100 tokens top-3) ends at 100 each.
        assertThat(RoutedCounts.of(new double[] {10, 9, 1}, 100, 3)).containsExactly(100, 100, 100);
    }

    @Test
    void largestRemaindersMakeTheCountsAddUp() {
        // 7 tokens top-1 over weights 1:2:4 = 1, 2, 4 exactly; over 1:1:1 = 2.33 each: one extra to expert 0.
        assertThat(RoutedCounts.of(new double[] {1, 2, 4}, 7, 1)).containsExactly(1, 2, 4);
        assertThat(RoutedCounts.of(new double[] {1, 1, 1}, 7, 1)).containsExactly(3, 2, 2);
        long[] zipf = RoutedCounts.of(new double[] {1, 0.5, 1 / 3.0, 0.25, 0.2, 1 / 6.0}, 1000, 2);
        assertThat(Arrays.stream(zipf).sum()).isEqualTo(2000);
        // Zipf 1 over 6: 2000 / 2.45 = 816.33 for expert 0; the floors add to 1999 and the one left
        // goes to the largest remainder, expert 0's 0.33.
        assertThat(zipf[0]).isEqualTo(817);
    }

    @Test
    void fewerExpertsThanTopKOrNoWeightIsAnError() {
        assertThatThrownBy(() -> RoutedCounts.of(new double[] {1}, 10, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutedCounts.of(new double[] {0, 0}, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
