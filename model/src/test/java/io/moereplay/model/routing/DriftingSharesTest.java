package io.moereplay.model.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DriftingSharesTest {

    private static final double[] BASE = new ZipfMandelbrotPopularity(1, 0).sharesByRank(64);

    @Test
    void windowZeroHasTheBaseSharesAndStayingInAWindowChangesNothing() {
        DriftingShares shares = new DriftingShares(BASE, new PopularityDrift(1, 0.5, 1000), 1, 7);

        assertThat(shares.advanceTo(0)).isFalse();
        assertThat(shares.shareOfRank()).containsExactly(BASE);
        assertThat(shares.advanceTo(3)).isTrue();
        assertThat(shares.advanceTo(3)).isFalse();
        assertThatThrownBy(() -> shares.advanceTo(2)).hasMessage(
                "window 2 comes before window 3: a layer's steps must arrive in time order");
    }

    @Test
    void skippingWindowsLandsWhereSteppingThroughThemDoes() {
        PopularityDrift drift = new PopularityDrift(0.8, 0.7, 1000);
        DriftingShares skipping = new DriftingShares(BASE, drift, 2, 7);
        DriftingShares stepping = new DriftingShares(BASE, drift, 2, 7);

        skipping.advanceTo(25);
        for (long w = 1; w <= 25; w++) {
            stepping.advanceTo(w);
        }

        assertThat(skipping.logPopularityOfRank()).containsExactly(stepping.logPopularityOfRank());
        assertThat(skipping.shareOfRank()).containsExactly(stepping.shareOfRank());
        DriftingShares otherSeed = new DriftingShares(BASE, drift, 2, 8);
        otherSeed.advanceTo(25);
        assertThat(otherSeed.logPopularityOfRank()).isNotEqualTo(skipping.logPopularityOfRank());
    }

    @Test
    void aJumpOfAnyLengthStepsOnlyThroughTheWindowsTheProcessRemembers() {
        // rho = 0.9: rho^M < 2^-56 from M = ceil(56 ln 2 / -ln 0.9) = 369 windows on.
        PopularityDrift drift = new PopularityDrift(1, 0.9, 1_000_000);
        long far = 1_700_000_000_000L;
        DriftingShares jumping = new DriftingShares(BASE, drift, 1, 7);
        DriftingShares stepping = new DriftingShares(BASE, drift, 1, 7);

        jumping.advanceTo(far);
        // From another jump, 2 x 369 windows one by one forget where they started.
        stepping.advanceTo(far - 738);
        for (long w = far - 737; w <= far; w++) {
            stepping.advanceTo(w);
        }

        assertThat(jumping.logPopularityOfRank())
                .containsExactly(stepping.logPopularityOfRank(), within(1e-14));
    }

    @Test
    void sharesAreTheBaseTimesExpOfLogPopularityRenormalised() {
        DriftingShares shares = new DriftingShares(BASE, new PopularityDrift(1, 0.5, 1000), 1, 7);

        shares.advanceTo(4);

        double[] x = shares.logPopularityOfRank();
        double total = 0;
        for (int r = 0; r < 64; r++) {
            total += BASE[r] * Math.exp(x[r]);
        }
        for (int r = 0; r < 64; r++) {
            assertThat(shares.shareOfRank()[r]).isCloseTo(BASE[r] * Math.exp(x[r]) / total, within(1e-15));
        }
    }

    @Test
    void withoutMemoryLogPopularityIsNormalWithSdSigmaEveryWindow() {
        // rho = 0: x(w) = sigma z, independent. Over 64 experts x 400 windows, the mean is within
        // 5 sigma / sqrt(25,600) of 0 and the variance within 5 sigma^2 sqrt(2 / 25,599) of sigma^2.
        double sigma = 0.8;
        DriftingShares shares = new DriftingShares(BASE, new PopularityDrift(sigma, 0, 1000), 1, 3);
        double sum = 0;
        double square = 0;
        int n = 0;
        for (long w = 1; w <= 400; w++) {
            shares.advanceTo(w);
            for (double x : shares.logPopularityOfRank()) {
                sum += x;
                square += x * x;
                n++;
            }
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(5 * sigma / Math.sqrt(n)));
        assertThat((square - n * mean * mean) / (n - 1))
                .isCloseTo(sigma * sigma, within(5 * sigma * sigma * Math.sqrt(2.0 / (n - 1))));
    }

    @Test
    void logPopularityIsCorrelatedRhoFromOneWindowToTheNext() {
        // After 100 windows the start at 0 has faded (0.9^200 ~ 1e-9): stationary, sd sigma, lag-1
        // correlation rho. 64 independent series of 2,000 windows: the estimate's standard error is
        // about sqrt((1 - rho^2) / 128,000) = 0.0012; 0.01 is 8 of them.
        double rho = 0.9;
        DriftingShares shares = new DriftingShares(BASE, new PopularityDrift(1.5, rho, 1000), 1, 11);
        shares.advanceTo(100);
        double[] previous = shares.logPopularityOfRank().clone();
        double products = 0;
        double squares = 0;
        for (long w = 101; w <= 2100; w++) {
            shares.advanceTo(w);
            double[] x = shares.logPopularityOfRank();
            for (int r = 0; r < x.length; r++) {
                products += previous[r] * x[r];
                squares += previous[r] * previous[r];
            }
            System.arraycopy(x, 0, previous, 0, x.length);
        }
        assertThat(products / squares).isCloseTo(rho, within(0.01));
    }

    @Test
    void driftedSharesStayWithinTheTopKCap() {
        DriftingShares shares = new DriftingShares(BASE, new PopularityDrift(3, 0, 1000), 4, 5);
        for (long w = 1; w <= 200; w++) {
            shares.advanceTo(w);
            double max = 0;
            double total = 0;
            for (double share : shares.shareOfRank()) {
                max = Math.max(max, share);
                total += share;
            }
            assertThat(max).isLessThanOrEqualTo(0.25);
            assertThat(total).isCloseTo(1, within(1e-12));
        }
    }
}
