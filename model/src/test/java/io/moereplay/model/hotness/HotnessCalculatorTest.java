package io.moereplay.model.hotness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HotnessCalculatorTest {

    private final HotnessCalculator calculator = new HotnessCalculator(1.5);

    @Test
    void workedExampleFromTheJavadoc() {
        // Loads {6, 2, 0, 0}: mean 2, max 6; shares {.75, .25, 0, 0};
        // H = -(.75 ln .75 + .25 ln .25) = 0.562335; exp(H)/4 = 0.438691;
        // Gini = sum|xi - xj| / (2 n sum x) = (2*(4 + 6 + 6 + 2 + 2)) / (2*4*8) = 40/64 = 0.625.
        LayerWindowStats stats = calculator.compute(7, 3, new long[] {6, 2, 0, 0}, null);
        LayerBalance balance = stats.balance();

        assertThat(balance.totalTokens()).isEqualTo(8);
        assertThat(balance.maxTokens()).isEqualTo(6);
        assertThat(balance.meanTokens()).isEqualTo(2.0);
        assertThat(balance.balancedness()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(balance.maxOverMean()).isEqualTo(3.0);
        assertThat(balance.normalizedEntropy()).isCloseTo(0.4386913376508308, within(1e-15));
        assertThat(balance.gini()).isCloseTo(0.625, within(1e-15));
        assertThat(balance.deadExperts()).isEqualTo(2);
        assertThat(balance.hotExperts()).isEqualTo(1);
        assertThat(balance.driftTvd()).isNull();
        assertThat(stats.experts()).extracting(ExpertHotness::rank).containsExactly(1, 2, 3, 4);
        assertThat(stats.experts()).extracting(ExpertHotness::share).containsExactly(0.75, 0.25, 0.0, 0.0);
        assertThat(stats.experts()).extracting(ExpertHotness::hot).containsExactly(true, false, false, false);
        assertThat(stats.experts().get(0).loadOverMean()).isEqualTo(3.0);
    }

    @Test
    void evenLoadIsPerfectlyBalanced() {
        LayerBalance balance = calculator.compute(0, 0, new long[] {5, 5, 5, 5, 5}, null).balance();

        assertThat(balance.balancedness()).isEqualTo(1.0);
        assertThat(balance.normalizedEntropy()).isCloseTo(1.0, within(1e-15));
        assertThat(balance.gini()).isCloseTo(0.0, within(1e-15));
        assertThat(balance.hotExperts()).isZero();
    }

    @Test
    void oneExpertTakingEverythingHitsTheBounds() {
        // n = 4: entropy bound 1/n = 0.25, Gini bound (n-1)/n = 0.75.
        LayerBalance balance = calculator.compute(0, 0, new long[] {0, 0, 9, 0}, null).balance();

        assertThat(balance.normalizedEntropy()).isCloseTo(0.25, within(1e-15));
        assertThat(balance.gini()).isCloseTo(0.75, within(1e-15));
        assertThat(balance.balancedness()).isEqualTo(0.25);
        assertThat(balance.deadExperts()).isEqualTo(3);
    }

    @Test
    void driftIsHalfTheL1DistanceOfShares() {
        // {.5, .5, 0} vs {.25, .25, .5}: (.25 + .25 + .5) / 2 = 0.5.
        LayerBalance balance = calculator
                .compute(1, 0, new long[] {1, 1, 2}, new double[] {0.5, 0.5, 0.0})
                .balance();

        assertThat(balance.driftTvd()).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void ranksBreakTiesByLowerExpertId() {
        LayerWindowStats stats = calculator.compute(0, 0, new long[] {3, 7, 7, 1}, null);

        assertThat(stats.experts()).extracting(ExpertHotness::rank).containsExactly(3, 1, 2, 4);
    }

    @Test
    void hotIsInclusiveAtTheThreshold() {
        // mean 2, threshold 1.5: 3 tokens is exactly 1.5 x mean and counts as hot.
        LayerWindowStats stats = calculator.compute(0, 0, new long[] {3, 1, 2, 2}, null);

        assertThat(stats.experts()).extracting(ExpertHotness::hot).containsExactly(true, false, false, false);
    }

    @Test
    void rejectsAnEmptyLayerAndABadThreshold() {
        assertThatThrownBy(() -> calculator.compute(0, 2, new long[] {0, 0}, null))
                .hasMessageContaining("layer 2 window 0 has no routed tokens");
        assertThatThrownBy(() -> new HotnessCalculator(0))
                .hasMessageContaining("hot threshold 0.0 must be a positive finite number");
    }
}
