package io.moereplay.model.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SharesTest {

    @Test
    void aShareAboveOneOverKIsCutAndItsExcessSpreadInProportion() {
        double[] shares = {0.6, 0.2, 0.1, 0.1};

        Shares.capForTopK(shares, 2);

        // 0.6 -> 1/2; the other 0.4 grow to 1/2 in all: 0.2 * 5/4, 0.1 * 5/4, 0.1 * 5/4.
        assertThat(shares).containsExactly(new double[] {0.5, 0.25, 0.125, 0.125}, within(1e-15));
    }

    @Test
    void spreadingCanPushAnotherShareOverTheCapSoItRepeats() {
        double[] shares = {0.5, 0.3, 0.1, 0.1};

        Shares.capForTopK(shares, 3);

        // Round 1: 0.5 -> 1/3, the rest scaled by (2/3) / 0.5: 0.4, 2/15, 2/15. Round 2: 0.4 -> 1/3,
        // the last two share 1/3 equally: 1/6 each.
        assertThat(shares).containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 6.0, 1 / 6.0}, within(1e-15));
    }

    @Test
    void exactlyKPositiveSharesEndEvenAndZerosStayZero() {
        double[] shares = {0.9, 0.1, 0, 0};

        Shares.capForTopK(shares, 2);

        assertThat(shares).containsExactly(new double[] {0.5, 0.5, 0, 0}, within(1e-15));
    }

    @Test
    void feasibleSharesAreLeftAlone() {
        double[] shares = {0.5, 0.25, 0.25};

        Shares.capForTopK(shares, 2);

        assertThat(shares).containsExactly(0.5, 0.25, 0.25);
    }
}
