package io.moereplay.model.cost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentileTest {

    /** Nearest rank ceil(p / 100 x n), worked in decimal. */
    @Test
    void theRankIsTheCeilingOfTheExactShare() {
        assertThat(new Percentile(99).rank(4)).isEqualTo(4);
        assertThat(new Percentile(99).rank(100)).isEqualTo(99);
        assertThat(new Percentile(99).rank(101)).isEqualTo(100);
        assertThat(new Percentile(50).rank(4)).isEqualTo(2);
        // 99.9 x 1000 / 100 is 999 exactly; in doubles it is 999.0000000000001 and the ceiling 1000.
        assertThat(new Percentile(99.9).rank(1000)).isEqualTo(999);
        assertThat(new Percentile(100).rank(7)).isEqualTo(7);
        assertThat(new Percentile(0.1).rank(7)).isEqualTo(1);
        assertThat(new Percentile(99).rank(0)).isZero();
    }

    @Test
    void valuesLabelsAndRange() {
        assertThat(new Percentile(50).of(new double[] {1, 2, 3, 4})).isEqualTo(2);
        assertThat(new Percentile(99).of(new double[0])).isZero();
        assertThat(Percentiles.nearestRank(new double[] {1, 2, 3, 4}, 0.75)).isEqualTo(3);
        assertThat(new Percentile(99).label()).isEqualTo("p99");
        assertThat(new Percentile(99.9).label()).isEqualTo("p99.9");
        assertThat(ServingSlo.DEFAULT.describe()).isEqualTo("TBT p99 <= 150 ms and TTFT p99 <= 5000 ms");
        assertThatThrownBy(() -> new Percentile(0)).hasMessage("percentile 0.0 is not in (0, 100]: give e.g. 99 for p99");
        assertThatThrownBy(() -> new Percentile(101)).hasMessageContaining("percentile 101.0 is not in (0, 100]");
    }
}
