package io.moereplay.model.drift;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LayerDriftTest {

    /** Loads 40, 10, 10, 20 over 4 experts: mean 20, so 40 and 20 are hot at 1x (40 only at 1.5x); balancedness 20 / 40. */
    @Test
    void aDigestKeepsTheHotSetAndBalancedness() {
        LayerDigest digest = LayerDigest.of(3, new long[] {40, 10, 10, 20}, 1.5);
        assertThat(digest.hot()).containsExactly(0);
        assertThat(digest.balancedness()).isEqualTo(0.5);
        assertThat(LayerDigest.of(3, new long[] {0, 0}, 1.5)).isEqualTo(new LayerDigest(3, List.of(), 1));
    }

    /**
     * Hot {0, 1} last night, {1, 2} tonight: one in common of three, Jaccard 1/3 < 0.5, so rebalance.
     * Hot {0, 1} both nights but balancedness 0.80 -> 0.74 (7.5% lower): rebalance. 0.80 -> 0.78: keep.
     */
    @Test
    void aChangedHotSetOrAFallInBalanceCallsForRebalancing() {
        LayerDrift moved = LayerDrift.between(new LayerDigest(0, List.of(0, 1), 0.8), new LayerDigest(0, List.of(1, 2), 0.8));
        assertThat(moved.added()).containsExactly(2);
        assertThat(moved.removed()).containsExactly(0);
        assertThat(moved.hotJaccard()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(moved.rebalance()).isTrue();
        assertThat(moved.verdict()).isEqualTo("rebalance: hot set changed (1 new, 1 gone, Jaccard 0.33), balancedness 0.800 -> 0.800");
        assertThat(LayerDrift.between(new LayerDigest(0, List.of(0, 1), 0.8), new LayerDigest(0, List.of(0, 1), 0.74))
                .rebalance()).isTrue();
        LayerDrift steady = LayerDrift.between(new LayerDigest(0, List.of(0, 1), 0.8), new LayerDigest(0, List.of(0, 1), 0.78));
        assertThat(steady.rebalance()).isFalse();
        assertThat(steady.verdict()).isEqualTo("keep: hot set unchanged (0 new, 0 gone, Jaccard 1.00), balancedness 0.800 -> 0.780");
    }
}
