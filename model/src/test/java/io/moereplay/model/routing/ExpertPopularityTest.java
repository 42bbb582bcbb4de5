package io.moereplay.model.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExpertPopularityTest {

    @Test
    void zipfMandelbrotWeighsRankRByRPlusOnePlusQToTheMinusS() {
        // q = 0, s = 1: 1, 1/2, 1/3, 1/4 over 25/12.
        assertThat(new ZipfMandelbrotPopularity(1, 0).sharesByRank(4))
                .containsExactly(new double[] {12 / 25.0, 6 / 25.0, 4 / 25.0, 3 / 25.0}, within(1e-15));
        // q = 1, s = 2: 1/4, 1/9, 1/16 over 61/144.
        assertThat(new ZipfMandelbrotPopularity(2, 1).sharesByRank(3))
                .containsExactly(new double[] {36 / 61.0, 16 / 61.0, 9 / 61.0}, within(1e-15));
        // q = -0.5, s = 1: 2 and 2/3.
        assertThat(new ZipfMandelbrotPopularity(1, -0.5).sharesByRank(2))
                .containsExactly(new double[] {0.75, 0.25}, within(1e-15));
        assertThat(new ZipfMandelbrotPopularity(0, 7).sharesByRank(5)).containsOnly(0.2);
    }

    @Test
    void zipfMandelbrotStaysFiniteFarOutOnItsParameters() {
        double[] shares = new ZipfMandelbrotPopularity(5e5, 1e6).sharesByRank(3);

        // ((r + 1 + q) / (1 + q))^-s = exp(-s ln(1 + r / (1 + q))) ~ exp(-0.5 r): 1, e^-0.5, e^-1.
        double total = 1 + Math.exp(-0.5) + Math.exp(-1);
        assertThat(shares).containsExactly(
                new double[] {1 / total, Math.exp(-0.5) / total, Math.exp(-1) / total}, within(1e-6));
    }

    @Test
    void lognormalWeighsRankRByTheNormalQuantileAtEMinusRMinusHalfOverE() {
        // E = 2: z = +-Phi^-1(0.75) = +-0.6744897501960817, so the head has 1 / (1 + e^-2z).
        assertThat(new LognormalPopularity(1).sharesByRank(2))
                .containsExactly(new double[] {0.7939627389233709, 1 - 0.7939627389233709}, within(1e-15));
        // E = 3, sigma = 2: z = Phi^-1(5/6) = 0.967421566101701, 0, -z.
        double z = 0.967421566101701;
        double total = Math.exp(2 * z) + 1 + Math.exp(-2 * z);
        assertThat(new LognormalPopularity(2).sharesByRank(3)).containsExactly(
                new double[] {Math.exp(2 * z) / total, 1 / total, Math.exp(-2 * z) / total}, within(1e-14));
        assertThat(new LognormalPopularity(0).sharesByRank(4)).containsOnly(0.25);
    }

    @ParameterizedTest(name = "Phi^-1({0}) = {1}")
    @CsvSource({
        "0.5, 0.0",
        "0.75, 0.6744897501960817",
        "0.975, 1.959963984540054",
        "0.9, 1.2815515655446004",
        "0.3, -0.5244005127080409",
        "0.07, -1.4757910281791706",
        "0.001, -3.090232306167813",
        "1e-10, -6.361340902404056",
        "0.999999999999, 7.0344869100478356",
    })
    void normalQuantileMatchesPublishedValues(double p, double z) {
        // Reference values from the normal tables (as scipy.stats.norm.ppf prints them); AS 241
        // is good to about 1e-16 relative, so a few ulps of slack.
        assertThat(NormalQuantile.of(p)).isCloseTo(z, within(4 * Math.ulp(z) + 1e-300));
    }

    @Test
    void explicitSharesAreScaledToSumToOne() {
        assertThat(new ExplicitPopularity(new double[] {6, 3, 1, 0}).sharesByRank(4))
                .containsExactly(new double[] {0.6, 0.3, 0.1, 0}, within(1e-15));
    }

    @Test
    void badParametersAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new ZipfMandelbrotPopularity(-0.1, 0))
                .hasMessage("Zipf-Mandelbrot exponent -0.1 must be a finite number >= 0");
        assertThatThrownBy(() -> new ZipfMandelbrotPopularity(1, -1))
                .hasMessage("Zipf-Mandelbrot offset -1.0 must be a finite number > -1");
        assertThatThrownBy(() -> new LognormalPopularity(Double.NaN))
                .hasMessage("lognormal sigma NaN must be a finite number >= 0");
        assertThatThrownBy(() -> new ExplicitPopularity(new double[] {1, 2}))
                .hasMessage("weights must be non-increasing by rank: [1.0, 2.0]");
        assertThatThrownBy(() -> new ExplicitPopularity(new double[] {0, 0}))
                .hasMessage("weights [0.0, 0.0] are all 0");
        assertThatThrownBy(() -> new ExplicitPopularity(new double[] {2, 1}).sharesByRank(3))
                .hasMessage("2 explicit weights cannot spread over 3 experts");
        assertThatThrownBy(() -> NormalQuantile.of(1)).hasMessage("probability 1.0 is not in (0, 1)");
    }
}
