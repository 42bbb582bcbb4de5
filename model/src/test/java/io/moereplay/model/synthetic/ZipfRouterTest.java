package io.moereplay.model.synthetic;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class ZipfRouterTest {

    private static final int DRAWS = 400_000;

    @Test
    void sharesFollowZipfOverEachLayersPermutation() {
        ZipfRouter router = new ZipfRouter(4, 16, 1.0, 11);
        double harmonic = 0;
        for (int r = 1; r <= 16; r++) {
            harmonic += 1.0 / r;
        }
        for (int layer = 0; layer < 4; layer++) {
            for (int rank = 0; rank < 16; rank++) {
                assertThat(router.share(layer, router.expertOfRank(layer, rank)))
                        .isCloseTo(1.0 / (rank + 1) / harmonic, offset(1e-12));
            }
        }
    }

    @Test
    void topOneDrawsMatchTheZipfShares() {
        ZipfRouter router = new ZipfRouter(2, 16, 1.2, 5);
        SplitMix64 random = new SplitMix64(99);
        int[] out = new int[1];
        long[] counts = new long[16];
        for (int i = 0; i < DRAWS; i++) {
            router.choose(1, random, out, 1);
            counts[out[0]]++;
        }
        for (int expert = 0; expert < 16; expert++) {
            // Binomial standard error is at most 0.0008 at these counts: 5 of them.
            assertThat(counts[expert] / (double) DRAWS).isCloseTo(router.share(1, expert), offset(0.004));
        }
    }

    @Test
    void topTwoDrawsMatchSamplingWithoutReplacement() {
        ZipfRouter router = new ZipfRouter(1, 8, 1.0, 5);
        SplitMix64 random = new SplitMix64(3);
        int[] out = new int[2];
        long[] first = new long[8];
        long[] either = new long[8];
        for (int i = 0; i < DRAWS; i++) {
            router.choose(0, random, out, 2);
            first[out[0]]++;
            either[out[0]]++;
            either[out[1]]++;
        }
        for (int e = 0; e < 8; e++) {
            double p = router.share(0, e);
            // P(e in top-2) = p_e + sum over f != e of p_f * p_e / (1 - p_f).
            double inTopTwo = p;
            for (int f = 0; f < 8; f++) {
                if (f != e) {
                    double pf = router.share(0, f);
                    inTopTwo += pf * p / (1 - pf);
                }
            }
            assertThat(first[e] / (double) DRAWS).isCloseTo(p, offset(0.004));
            assertThat(either[e] / (double) DRAWS).isCloseTo(inTopTwo, offset(0.004));
        }
    }

    @Test
    void layersHaveDifferentHotExpertsAndZeroExponentIsUniform() {
        ZipfRouter router = new ZipfRouter(8, 16, 1.0, 42);
        Set<Integer> hottest = new HashSet<>();
        for (int layer = 0; layer < 8; layer++) {
            hottest.add(router.expertOfRank(layer, 0));
        }
        assertThat(hottest).hasSizeGreaterThan(3);

        ZipfRouter uniform = new ZipfRouter(1, 10, 0.0, 42);
        for (int e = 0; e < 10; e++) {
            assertThat(uniform.share(0, e)).isCloseTo(0.1, offset(1e-12));
        }
    }

    @Test
    void rejectsBadShapes() {
        assertThatThrownBy(() -> new ZipfRouter(0, 4, 1, 1)).hasMessageContaining("layers 0");
        assertThatThrownBy(() -> new ZipfRouter(1, 4, -1, 1)).hasMessageContaining("Zipf exponent -1.0");
        ZipfRouter router = new ZipfRouter(1, 4, 1, 1);
        assertThatThrownBy(() -> router.choose(0, new SplitMix64(1), new int[5], 5))
                .hasMessageContaining("top-k 5 is not in [1, 4]");
    }
}
