package io.moereplay.model.routing;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SyntheticRoutingModelTest {

    private static final ExpertPopularity ZIPF = new ZipfMandelbrotPopularity(1, 0);

    @Test
    void describesItselfAndGivesEachRankItsShareAtItsExpert() {
        SyntheticRoutingModel model = new SyntheticRoutingModel(
                SyntheticRoutingSpec.of(3, 4, 1, ZIPF, PopularityDrift.NONE, 9));

        assertThat(model.name()).isEqualTo("synthetic");
        assertThat(List.of(model.layers(), model.experts(), model.topK())).containsExactly(3, 4, 1);
        for (int layer = 0; layer < 3; layer++) {
            int[] order = model.expertOfRank(layer);
            assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3);
            // Zipf(1) over 4: 12/25, 6/25, 4/25, 3/25.
            assertThat(model.shares(layer)[order[0]]).isCloseTo(12 / 25.0, within(1e-15));
            assertThat(model.shares(layer)[order[3]]).isCloseTo(3 / 25.0, within(1e-15));
        }
    }

    @Test
    void aGivenExpertOrderIsKeptAndSharesOverOneOverKAreCapped() {
        LayerPopularity popularity = LayerPopularity.ranked(
                new ExplicitPopularity(new double[] {6, 2, 1, 1}), new int[] {3, 1, 0, 2});
        SyntheticRoutingModel model = new SyntheticRoutingModel(new SyntheticRoutingSpec(
                1, 4, 2, List.of(popularity), PopularityDrift.NONE, 1));

        // {0.6, 0.2, 0.1, 0.1} capped at 1/2: {0.5, 0.25, 0.125, 0.125}, at experts 3, 1, 0, 2.
        assertThat(model.shares(0)).containsExactly(new double[] {0.125, 0.25, 0.125, 0.5}, within(1e-15));
    }

    @Test
    void seededShufflesGiveLayersDifferentHotExperts() {
        SyntheticRoutingModel model = new SyntheticRoutingModel(
                SyntheticRoutingSpec.of(8, 64, 2, ZIPF, PopularityDrift.NONE, 42));
        SyntheticRoutingModel again = new SyntheticRoutingModel(
                SyntheticRoutingSpec.of(8, 64, 2, ZIPF, PopularityDrift.NONE, 42));
        Set<Integer> hottest = new HashSet<>();
        for (int layer = 0; layer < 8; layer++) {
            hottest.add(model.expertOfRank(layer)[0]);
            assertThat(again.expertOfRank(layer)).containsExactly(model.expertOfRank(layer));
        }
        assertThat(hottest).hasSizeGreaterThan(4);
    }

    @Test
    void theSameSeedGivesTheSameCountsWhateverOrderLayersRunInAndAnotherSeedOthers() {
        PopularityDrift drift = new PopularityDrift(0.5, 0.8, 100_000);
        SyntheticRoutingSpec spec = SyntheticRoutingSpec.of(3, 64, 8, ZIPF, drift, 17);
        SyntheticRoutingModel forward = new SyntheticRoutingModel(spec);
        int[][] layer0 = run(forward.layer(0), 300, 64);
        int[][] layer1 = run(forward.layer(1), 300, 64);
        int[][] layer2 = run(forward.layer(2), 300, 64);

        SyntheticRoutingModel backward = new SyntheticRoutingModel(spec);
        LayerRouter backward2 = backward.layer(2);
        LayerRouter backward1 = backward.layer(1);
        LayerRouter backward0 = backward.layer(0);
        assertThat(run(backward2, 300, 64)).isDeepEqualTo(layer2);
        assertThat(run(backward1, 300, 64)).isDeepEqualTo(layer1);
        assertThat(run(backward0, 300, 64)).isDeepEqualTo(layer0);
        assertThat(layer1).isNotEqualTo(layer0);
        int[][] otherSeed = run(new SyntheticRoutingModel(
                SyntheticRoutingSpec.of(3, 64, 8, ZIPF, drift, 18)).layer(0), 300, 64);
        assertThat(Arrays.deepEquals(otherSeed, layer0)).isFalse();
    }

    @Test
    void zeroSigmaDriftIsNoDrift() {
        SyntheticRoutingSpec still = SyntheticRoutingSpec.of(1, 32, 2, ZIPF, PopularityDrift.NONE, 5);
        SyntheticRoutingSpec zero = SyntheticRoutingSpec.of(1, 32, 2, ZIPF, new PopularityDrift(0, 0.5, 1), 5);

        assertThat(run(new SyntheticRoutingModel(zero).layer(0), 500, 100))
                .isDeepEqualTo(run(new SyntheticRoutingModel(still).layer(0), 500, 100));
    }

    @Test
    void driftMovesTheHotExpertsBetweenWindowsReproducibly() {
        // Windows of 10 steps (20 ms apart); 20 windows. sigma 1.5 against Zipf(1) over 16 experts,
        // whose top two shares differ by 2x, reorders the head.
        SyntheticRoutingSpec spec = SyntheticRoutingSpec.of(
                1, 16, 2, ZIPF, new PopularityDrift(1.5, 0.5, 200_000), 3);
        int[][] counts = run(new SyntheticRoutingModel(spec).layer(0), 200, 512);
        Set<Integer> hottestPerWindow = new HashSet<>();
        for (int window = 0; window < 20; window++) {
            int[] total = new int[16];
            for (int step = window * 10; step < window * 10 + 10; step++) {
                for (int e = 0; e < 16; e++) {
                    total[e] += counts[step][e];
                }
            }
            hottestPerWindow.add(argMax(total));
        }

        assertThat(hottestPerWindow).hasSizeGreaterThan(2);
        assertThat(run(new SyntheticRoutingModel(spec).layer(0), 200, 512)).isDeepEqualTo(counts);
    }

    @Test
    void countsFollowTheDriftedSharesOfTheirWindow() {
        // Top-1, so no count can pass B and the counts' mean is B times the shares exactly.
        SyntheticRoutingSpec spec = SyntheticRoutingSpec.of(
                1, 16, 1, ZIPF, new PopularityDrift(1, 0, 1_000_000_000L), 8);
        SyntheticRoutingModel model = new SyntheticRoutingModel(spec);
        SyntheticLayerRouter router = (SyntheticLayerRouter) model.layer(0);
        int steps = 20_000;
        long[] sums = new long[16];
        int[] counts = new int[16];
        for (int step = 0; step < steps; step++) {
            // All in window 3 (3,000 s on the trace clock).
            router.route(DecodeStep.ofTokens(step, 3_000_000_000L + step, 64), counts);
            for (int e = 0; e < 16; e++) {
                sums[e] += counts[e];
            }
        }
        double[] shareOfRank = router.shareOfRank();
        int[] order = model.expertOfRank(0);
        assertThat(shareOfRank).isNotEqualTo(ZIPF.sharesByRank(16));
        for (int rank = 0; rank < 16; rank++) {
            double p = shareOfRank[rank];
            double se = Math.sqrt(64 * p * (1 - p) / steps);
            assertThat(sums[order[rank]] / (double) steps).as("rank %d", rank).isCloseTo(64 * p, within(5 * se));
        }
    }

    @Test
    void routingAStepAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SyntheticRoutingModel model = new SyntheticRoutingModel(SyntheticRoutingSpec.of(
                1, 64, 8, ZIPF, new PopularityDrift(0.5, 0.5, 10_000), 1));
        LayerRouter router = model.layer(0);
        int[] counts = new int[64];
        DecodeStep[] steps = new DecodeStep[2000];
        for (int i = 0; i < steps.length; i++) {
            // Batches from 1 to 256 (both ways of drawing), a new drift window every 5 steps.
            steps[i] = DecodeStep.ofTokens(i, i * 2_000L, 1 + i % 256);
        }
        // The first steps load and link classes, which allocates; a full cycle of batch sizes.
        for (int i = 0; i < 256; i++) {
            router.route(steps[i], counts);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 256; i < steps.length; i++) {
            router.route(steps[i], counts);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // The counter's own reading may cost a few bytes; a step allocating would cost 1,744 x 16+.
        assertThat(allocated).isLessThan(1024);
    }

    @Test
    void badUseIsRefusedNamingTheValue() {
        SyntheticRoutingModel model = new SyntheticRoutingModel(SyntheticRoutingSpec.of(
                2, 4, 2, ZIPF, new PopularityDrift(0.5, 0.5, 1000), 1));
        LayerRouter router = model.layer(0);
        router.route(DecodeStep.ofTokens(0, 5000, 3), new int[4]);

        assertThatThrownBy(() -> router.route(DecodeStep.ofTokens(1, 5000, 3), new int[3]))
                .hasMessage("counts hold 3 experts; the layer has 4");
        assertThatThrownBy(() -> router.route(DecodeStep.ofTokens(1, 1000, 3), new int[4]))
                .hasMessage("window 1 comes before window 5: a layer's steps must arrive in time order");
        assertThatThrownBy(() -> model.layer(2)).hasMessage("layer 2 is outside [0, 2)");
        assertThatThrownBy(() -> new SyntheticRoutingModel(new SyntheticRoutingSpec(1, 4, 2,
                List.of(LayerPopularity.shuffled(new ExplicitPopularity(new double[] {1, 0, 0, 0}))),
                PopularityDrift.NONE, 1)))
                .hasMessage("layer 0 gives 1 experts a share; top-2 routing needs at least 2");
        assertThatThrownBy(() -> SyntheticRoutingSpec.of(1, 4, 5, ZIPF, PopularityDrift.NONE, 1))
                .hasMessage("top-k 5 is not in [1, 4]");
        assertThatThrownBy(() -> new SyntheticRoutingSpec(3, 4, 2,
                List.of(LayerPopularity.shuffled(ZIPF), LayerPopularity.shuffled(ZIPF)), PopularityDrift.NONE, 1))
                .hasMessage("2 layer popularities given; need 1 for all layers or one per layer (3)");
        assertThatThrownBy(() -> new SyntheticRoutingSpec(1, 4, 2,
                List.of(LayerPopularity.ranked(ZIPF, new int[] {0, 1, 2})), PopularityDrift.NONE, 1))
                .hasMessage("an expert order of 3 experts given for layers of 4");
        assertThatThrownBy(() -> LayerPopularity.ranked(ZIPF, new int[] {0, 1, 1}))
                .hasMessage("expert order [0, 1, 1] is not a permutation of 0..2");
        assertThatThrownBy(() -> new PopularityDrift(0.5, 1, 1000)).hasMessage("drift rho 1.0 is not in [0, 1)");
    }

    /** Steps of {@code tokens} tokens, 20 ms apart from time 0; the counts of each. */
    private static int[][] run(LayerRouter router, int steps, int tokens) {
        int[][] counts = new int[steps][64];
        for (int step = 0; step < steps; step++) {
            router.route(DecodeStep.ofTokens(step, step * 20_000L, tokens), counts[step]);
        }
        return counts;
    }

    private static int argMax(int[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }
}
