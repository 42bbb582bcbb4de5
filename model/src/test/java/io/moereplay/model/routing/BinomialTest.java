package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BinomialTest {

    private static final int DRAWS = 1_000_000;

    /**
     * A million draws against the exact pmf, C(n, k) p^k q^(n-k) from log factorials: chi-square
     * under df + 4.5 sqrt(2 df), and the first two moments.
     */
    @ParameterizedTest(name = "n={0} p={1} ({2})")
    @CsvSource({
        "20, 0.3, inversion",
        "60, 0.9, inversion of the complement",
        "1000, 0.3, BTRD within 15 of the mode",
        "200, 0.8, BTRD of the complement",
        "10, 0.5, inversion at the largest p",
        "21, 0.5, BTRD at the smallest mode",
        "100000, 0.4, BTRD with its squeeze and Stirling tests",
    })
    void drawsFollowTheExactPmf(int n, double p, String path) {
        long[] histogram = histogram(n, p, 11);

        ChiSquare chiSquare = ChiSquare.of(histogram, pmf(n, p));
        assertThat(chiSquare.statistic()).as("chi-square").isLessThan(chiSquare.bound());
        // Mean n p and variance n p q within 5 standard errors; the variance's is
        // sqrt((mu4 - sigma^4) / D) with the binomial's mu4 = npq (1 + 3 (n - 2) p q).
        double mean = 0;
        double square = 0;
        for (int k = 0; k <= n; k++) {
            mean += k * (double) histogram[k];
            square += (double) k * k * histogram[k];
        }
        mean /= DRAWS;
        double variance = square / DRAWS - mean * mean;
        double npq = n * p * (1 - p);
        double mu4 = npq * (1 + 3 * (n - 2) * p * (1 - p));
        assertThat(mean).isCloseTo(n * p, within(5 * Math.sqrt(npq / DRAWS)));
        assertThat(variance).isCloseTo(npq, within(5 * Math.sqrt((mu4 - npq * npq) / DRAWS)));
    }

    @Test
    void theChiSquareTestTellsANearbyDistributionApart() {
        long[] histogram = histogram(1000, 0.3, 11);
        ChiSquare chiSquare = ChiSquare.of(histogram, pmf(1000, 0.302));

        assertThat(chiSquare.statistic()).isGreaterThan(chiSquare.bound());
    }

    @Test
    void degenerateCasesNeedNoDraw() {
        SplitMix64 random = new SplitMix64(1);
        assertThat(Binomial.draw(random, 0, 0.5)).isZero();
        assertThat(Binomial.draw(random, 17, 0)).isZero();
        assertThat(Binomial.draw(random, 17, 1)).isEqualTo(17);
        assertThat(Binomial.draw(random, 1, 0.5)).isBetween(0, 1);
    }

    @Test
    void stirlingCorrectionMatchesItsDefinition() {
        double logFactorial = 0;
        for (int k = 0; k <= 40; k++) {
            logFactorial += k == 0 ? 0 : Math.log(k);
            double exact = logFactorial - (k + 0.5) * Math.log(k + 1) + (k + 1) - 0.5 * Math.log(2 * Math.PI);
            // The table below 10 is exact to its digits; the series above it drops (k+1)^-7 / 1680,
            // 3e-11 at k = 10. The reference itself loses ~1e-13 to cancellation.
            assertThat(Binomial.stirlingCorrection(k)).as("fc(%d)", k)
                    .isCloseTo(exact, within(k < 10 ? 1e-14 : 4e-11));
        }
    }

    private static long[] histogram(int n, double p, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        long[] histogram = new long[n + 1];
        for (int i = 0; i < DRAWS; i++) {
            histogram[Binomial.draw(random, n, p)]++;
        }
        return histogram;
    }

    private static double[] pmf(int n, double p) {
        double[] logFactorial = new double[n + 1];
        for (int k = 1; k <= n; k++) {
            logFactorial[k] = logFactorial[k - 1] + Math.log(k);
        }
        double[] pmf = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            pmf[k] = Math.exp(logFactorial[n] - logFactorial[k] - logFactorial[n - k]
                    + k * Math.log(p) + (n - k) * Math.log1p(-p));
        }
        return pmf;
    }

    /**
     * Pearson's chi-square over cells of expected count >= 20: consecutive values pooled until a
     * cell reaches 20, the last cell taking whatever is left.
     */
    private record ChiSquare(double statistic, int degreesOfFreedom) {

        static ChiSquare of(long[] histogram, double[] pmf) {
            double[] rest = new double[pmf.length + 1];
            for (int k = pmf.length - 1; k >= 0; k--) {
                rest[k] = rest[k + 1] + pmf[k] * DRAWS;
            }
            double statistic = 0;
            int cells = 0;
            double expected = 0;
            long observed = 0;
            for (int k = 0; k < pmf.length; k++) {
                expected += pmf[k] * DRAWS;
                observed += histogram[k];
                if ((expected >= 20 && rest[k + 1] >= 20) || k == pmf.length - 1) {
                    statistic += (observed - expected) * (observed - expected) / expected;
                    cells++;
                    expected = 0;
                    observed = 0;
                }
            }
            return new ChiSquare(statistic, cells - 1);
        }

        /** Passed by a correct sampler with probability about 1e-5 (normal approximation). */
        double bound() {
            return degreesOfFreedom + 4.5 * Math.sqrt(2.0 * degreesOfFreedom);
        }
    }
}
