package io.moereplay.model.perf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LinearFitsTest {

    /**
     * x = {1, 2, 3}, y = {2, 4, 7}: mean x 2, mean y 13/3, Sxy = 5, Sxx = 2, so slope 2.5 and
     * intercept 13/3 - 5 = -2/3; residuals {1/6, -1/3, 1/6} give SS_res 1/6, SS_tot 38/3, so
     * R^2 = 1 - (1/6)/(38/3) = 1 - 1/76.
     */
    @Test
    void leastSquaresLineByHand() {
        LinearFit fit = LinearFit.of(new double[] {1, 2, 3}, new double[] {2, 4, 7});
        assertThat(fit.slope()).isCloseTo(2.5, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(-2.0 / 3, within(1e-12));
        assertThat(fit.rSquared()).isCloseTo(1 - 1.0 / 76, within(1e-12));
        // |1/6|/2 + |1/3|/4 + |1/6|/7, averaged.
        assertThat(fit.meanAbsolutePercentageError()).isCloseTo((1.0 / 12 + 1.0 / 12 + 1.0 / 42) / 3, within(1e-12));
        assertThatThrownBy(() -> LinearFit.of(new double[] {1, 1}, new double[] {2, 3}))
                .hasMessageContaining("two distinct x values");
    }

    @Test
    void floorLineRecoversAKneeExactly() {
        double[] x = {1, 2, 4, 8, 16, 32, 64, 128, 256};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(100, 2 * x[i] + 20);
        }
        FloorLineFit fit = FloorLineFit.of(x, y);
        assertThat(fit.floor()).isCloseTo(100, within(1e-9));
        assertThat(fit.line().slope()).isCloseTo(2, within(1e-9));
        assertThat(fit.line().intercept()).isCloseTo(20, within(1e-9));
        assertThat(fit.knee()).isEqualTo(64);
        assertThat(fit.meanAbsolutePercentageError()).isCloseTo(0, within(1e-12));
        FittedExpertFfn ffn = FittedExpertFfn.of(fit);
        assertThat(ffn.micros(0)).isZero();
        assertThat(ffn.micros(3)).isCloseTo(100, within(1e-9));
        assertThat(ffn.micros(1000)).isCloseTo(2020, within(1e-6));
    }

    /**
     * Eq. 6's link: a profile time = 5 us + bytes / (40 B/us) on a 50 B/us link gives alpha 5 and
     * peak utilisation 0.8; a 200-byte message takes 10 us, reaching 200 / (50 * 10) = 0.4 of W.
     */
    @Test
    void linkUtilisationCurveFromAProfile() {
        double[] bytes = {100, 1_000, 10_000, 100_000};
        double[] micros = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            micros[i] = 5 + bytes[i] / 40;
        }
        LinkModel link = LinkModel.fit(50, bytes, micros);
        assertThat(link.startupMicros()).isCloseTo(5, within(1e-9));
        assertThat(link.peakUtilisation()).isCloseTo(0.8, within(1e-12));
        assertThat(link.micros(200)).isCloseTo(10, within(1e-9));
        assertThat(link.utilisation(200)).isCloseTo(0.4, within(1e-12));
        assertThat(link.utilisation(1e12)).isCloseTo(0.8, within(1e-6));
        assertThat(link.micros(0)).isZero();
    }
}
