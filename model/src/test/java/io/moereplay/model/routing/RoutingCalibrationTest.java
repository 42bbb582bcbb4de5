package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RoutingCalibrationTest {

    @Test
    void workedExampleIsPlainZipf() {
        // 480 : 240 : 160 : 120 is 1 : 1/2 : 1/3 : 1/4, Zipf s = 1, q = 0. Max/mean 480/250 = 1.92;
        // Gini from the ascending sort: 2 (120 + 2*160 + 3*240 + 4*480) / (4 * 1000) - 5/4 = 0.29.
        RoutingCalibration calibration = RoutingCalibration.fit(
                new long[][] {{120, 480, 160, 240}}, PopularityFamily.ZIPF_MANDELBROT);

        LayerFit fit = calibration.layers().get(0);
        assertThat(fit.observedMaxOverMean()).isCloseTo(1.92, within(1e-15));
        assertThat(fit.observedGini()).isCloseTo(0.29, within(1e-15));
        assertThat(fit.popularity().expertOfRank()).containsExactly(1, 3, 2, 0);
        ZipfMandelbrotPopularity zipf = (ZipfMandelbrotPopularity) fit.popularity().shares();
        assertThat(zipf.exponent()).isCloseTo(1, within(1e-9));
        assertThat(zipf.offset()).isCloseTo(0, within(1e-9));
        assertThat(fit.totalVariation()).isCloseTo(0, within(1e-10));
        assertThat(fit.maxOverMeanError()).isCloseTo(0, within(1e-10));
        assertThat(fit.giniError()).isCloseTo(0, within(1e-10));
    }

    @Test
    void recoversBothZipfMandelbrotParametersAndTheExpertOrder() {
        for (ZipfMandelbrotPopularity truth : new ZipfMandelbrotPopularity[] {
                new ZipfMandelbrotPopularity(1.2, 2.5), new ZipfMandelbrotPopularity(0.8, -0.6),
                new ZipfMandelbrotPopularity(2.5, 30)}) {
            int[] order = new SplitMix64(3).permutation(64);
            long[] counts = countsOf(truth.sharesByRank(64), order);

            LayerFit fit = RoutingCalibration.fit(new long[][] {counts}, PopularityFamily.ZIPF_MANDELBROT)
                    .layers().get(0);

            ZipfMandelbrotPopularity fitted = (ZipfMandelbrotPopularity) fit.popularity().shares();
            assertThat(fitted.exponent()).as("s of %s", truth).isCloseTo(truth.exponent(), within(1e-6));
            assertThat(fitted.offset()).as("q of %s", truth).isCloseTo(truth.offset(), within(1e-5));
            assertThat(fit.popularity().expertOfRank()).containsExactly(order);
            assertThat(fit.totalVariation()).isLessThan(1e-9);
        }
    }

    @Test
    void recoversTheLognormalSigma() {
        int[] order = new SplitMix64(4).permutation(128);
        long[] counts = countsOf(new LognormalPopularity(1.3).sharesByRank(128), order);

        LayerFit fit = RoutingCalibration.fit(new long[][] {counts}, PopularityFamily.LOGNORMAL).layers().get(0);

        assertThat(((LognormalPopularity) fit.popularity().shares()).sigma()).isCloseTo(1.3, within(1e-6));
        assertThat(fit.maxOverMeanError()).isCloseTo(0, within(1e-9));
    }

    @Test
    void aSkewTheFamilyCannotReachEndsAtItsLimitAndTheErrorsSaySo() {
        // Shares 0.4, 0.3, 0.2, 0.1 fall linearly; at Gini 0.25 Zipf-Mandelbrot reaches down only
        // to the geometric head of q -> infinity: ratio t with (1 - t) / (1 - t^4) = 0.4213...
        LayerFit fit = RoutingCalibration.fit(new long[][] {{10, 40, 20, 30}}, PopularityFamily.ZIPF_MANDELBROT)
                .layers().get(0);

        ZipfMandelbrotPopularity fitted = (ZipfMandelbrotPopularity) fit.popularity().shares();
        assertThat(fitted.offset()).isGreaterThan(0.99e6);
        assertThat(fit.giniError()).isCloseTo(0, within(1e-9));
        // Geometric with Gini 0.25 over 4: t = 0.65729..., max share (1 - t) / (1 - t^4) = 0.42135,
        // max/mean 1.6854 against 1.6 observed.
        assertThat(fit.fittedMaxOverMean()).isCloseTo(1.6854, within(1e-3));
        assertThat(fit.maxOverMeanError()).isCloseTo(1.6854 / 1.6 - 1, within(1e-3));
    }

    @Test
    void theCalibratedModelHasTheFittedSharesAtTheObservedExperts() {
        long[][] counts = {{120, 480, 160, 240}, {5, 1, 900, 94}};
        RoutingCalibration calibration = RoutingCalibration.fit(counts, PopularityFamily.ZIPF_MANDELBROT);

        SyntheticRoutingModel model = calibration.model(1, PopularityDrift.NONE, 7);

        assertThat(model.layers()).isEqualTo(2);
        assertThat(model.shares(0)).containsExactly(
                new double[] {3 / 25.0, 12 / 25.0, 4 / 25.0, 6 / 25.0}, within(1e-9));
        assertThat(model.expertOfRank(1)).containsExactly(2, 3, 0, 1);
        // At top-2 layer 1's hot expert (about 0.9 of the load) is capped at 1/2.
        SyntheticRoutingModel topTwo = calibration.model(2, PopularityDrift.NONE, 7);
        assertThat(topTwo.shares(1)[2]).isEqualTo(0.5);
        assertThat(topTwo.spec().popularity())
                .containsExactly(calibration.layers().get(0).popularity(), calibration.layers().get(1).popularity());
    }

    @Test
    void badCountsAreRefusedNamingTheLayer() {
        assertThatThrownBy(() -> RoutingCalibration.fit(new long[][] {{1, 2}, {1, 2, 3}}, PopularityFamily.LOGNORMAL))
                .hasMessage("layer 1 has 3 experts, layer 0 has 2");
        assertThatThrownBy(() -> RoutingCalibration.fit(new long[][] {{1, -2}}, PopularityFamily.LOGNORMAL))
                .hasMessage("layer 0 has a negative count -2");
        assertThatThrownBy(() -> RoutingCalibration.fit(new long[][] {{0, 0}}, PopularityFamily.LOGNORMAL))
                .hasMessage("layer 0 has no routed tokens");
        assertThatThrownBy(() -> RoutingCalibration.fit(new long[0][], PopularityFamily.LOGNORMAL))
                .hasMessage("no layers to calibrate on");
    }

    /** Counts proportional to the shares to 12 digits, rank r at expert order[r]. */
    private static long[] countsOf(double[] shareOfRank, int[] order) {
        long[] counts = new long[order.length];
        for (int rank = 0; rank < order.length; rank++) {
            counts[order[rank]] = Math.round(shareOfRank[rank] * 1e12);
        }
        return counts;
    }
}
