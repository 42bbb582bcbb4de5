package io.moereplay.model.hotness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadStatisticsTest {

    @Test
    void giniOfSharesEqualsGiniOfTheCountsTheyCameFrom() {
        // Sorted 10, 20, 30, 40: 2 (1*10 + 2*20 + 3*30 + 4*40) / (4 * 100) - 5/4 = 0.25.
        assertThat(LoadStatistics.gini(new long[] {10, 40, 20, 30})).isCloseTo(0.25, within(1e-15));
        assertThat(LoadStatistics.gini(new double[] {0.1, 0.4, 0.2, 0.3})).isCloseTo(0.25, within(1e-15));
        assertThat(LoadStatistics.gini(new double[] {0, 0})).isZero();
    }

    @Test
    void maxOverMeanIsTheBusiestOverTheAverage() {
        assertThat(LoadStatistics.maxOverMean(new long[] {10, 40, 20, 30})).isCloseTo(1.6, within(1e-15));
        assertThat(LoadStatistics.maxOverMean(new double[] {0.25, 0.25, 0.25, 0.25})).isEqualTo(1.0);
    }

    @Test
    void expertsByDescendingLoadBreakTiesById() {
        assertThat(LoadStatistics.byDescendingLoad(new long[] {10, 40, 20, 40, 0}))
                .containsExactly(1, 3, 2, 0, 4);
    }
}
