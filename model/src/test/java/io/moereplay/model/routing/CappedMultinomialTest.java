package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CappedMultinomialTest {

    private static final int DRAWS = 200_000;

    @Test
    void countsSumToBTimesKAndNonePassesBOverManyRandomSteps() {
        double[] zipf = new ZipfMandelbrotPopularity(1.2, 0).sharesByRank(64);
        // 16 experts, rank 0 with 8/23 of the weight: over 1/k for k = 8 and k = 2, so capped.
        double[] heavy = {8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        SplitMix64 steps = new SplitMix64(5);
        for (double[] weights : List.of(zipf, heavy)) {
            for (int topK : new int[] {1, 2, 8}) {
                CappedMultinomial multinomial = multinomial(weights, topK);
                int[] counts = new int[weights.length];
                for (int step = 0; step < 3000; step++) {
                    // B = 1 every fourth step; up to 300 otherwise, past the switch to the chain.
                    int tokens = step % 4 == 0 ? 1 : 1 + steps.nextInt(300);
                    multinomial.draw(steps, tokens, topK, counts);
                    assertThat(Arrays.stream(counts).sum()).isEqualTo(tokens * topK);
                    assertThat(Arrays.stream(counts).min().getAsInt()).isNotNegative();
                    assertThat(Arrays.stream(counts).max().getAsInt()).isLessThanOrEqualTo(tokens);
                }
            }
        }
    }

    /**
     * Both ways of drawing against the exact law of the process they implement: an endless stream
     * of choices with the shares, those landing on a full expert skipped, until B k are kept. Its
     * law over count vectors is worked out here state by state, apart from the sampler.
     */
    @Test
    void bothWaysDrawTheExactLawOfChoicesSkippingFullExperts() {
        double[] shares = {0.4, 0.3, 0.2, 0.1};
        int tokens = 3;
        int topK = 2;
        Map<List<Integer>, Double> exact = skipProcessLaw(shares, tokens, tokens * topK);
        CappedMultinomial multinomial = multinomial(shares, topK);

        Map<List<Integer>, Long> oneByOne = histogram(counts -> multinomial.drawOneByOne(
                RANDOM, tokens * topK, tokens, counts), shares.length);
        Map<List<Integer>, Long> chain = histogram(counts -> multinomial.drawByBinomials(
                RANDOM, tokens * topK, tokens, counts), shares.length);

        assertThat(exact.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
        assertFollows(oneByOne, exact);
        assertFollows(chain, exact);
    }

    /**
     * At B = 1 and k = 2, shares {0.7, 0.1, 0.1, 0.1} are capped to {1/2, 1/6, 1/6, 1/6}; by hand,
     * pair {0, j} comes first 0 then j (1/2 x 1/3) or first j then 0 (1/6 x 3/5): 4/15 for each j;
     * a pair {i, j} without 0, 2 x 1/6 x 1/5 = 1/15. Expert 0 is in the step with probability 4/5,
     * not pi = k share = 1: the cut's documented cost at B = 1.
     */
    @Test
    void atOneTokenACappedExpertIsPickedWithProbabilityFourFifths() {
        double[] capped = {0.7, 0.1, 0.1, 0.1};
        Shares.capForTopK(capped, 2);
        assertThat(capped).containsExactly(new double[] {0.5, 1 / 6.0, 1 / 6.0, 1 / 6.0}, within(1e-15));
        Map<List<Integer>, Double> byHand = Map.of(
                List.of(1, 1, 0, 0), 4 / 15.0, List.of(1, 0, 1, 0), 4 / 15.0, List.of(1, 0, 0, 1), 4 / 15.0,
                List.of(0, 1, 1, 0), 1 / 15.0, List.of(0, 1, 0, 1), 1 / 15.0, List.of(0, 0, 1, 1), 1 / 15.0);
        CappedMultinomial multinomial = multinomial(capped, 2);

        assertFollows(histogram(counts -> multinomial.drawOneByOne(RANDOM, 2, 1, counts), 4), byHand);
        assertFollows(histogram(counts -> multinomial.drawByBinomials(RANDOM, 2, 1, counts), 4), byHand);
    }

    @Test
    void meanCountsAreBTimesKTimesTheSharesWhenTheCutDoesNotBind() {
        // Zipf(1) over 16: the top share 0.296 gives 38 of 128 choices at B = 64, 8 sd below the cut.
        double[] shares = new ZipfMandelbrotPopularity(1, 0).sharesByRank(16);
        CappedMultinomial multinomial = multinomial(shares, 2);
        for (int tokens : new int[] {64, 256}) {
            int steps = 20_000;
            long[] sums = new long[16];
            int[] counts = new int[16];
            for (int step = 0; step < steps; step++) {
                multinomial.draw(RANDOM, tokens, 2, counts);
                for (int e = 0; e < 16; e++) {
                    sums[e] += counts[e];
                }
            }
            for (int e = 0; e < 16; e++) {
                double n = 2.0 * tokens;
                // Multinomial: a count's variance is n p (1 - p) per step; 5 standard errors.
                double se = Math.sqrt(n * shares[e] * (1 - shares[e]) / steps);
                assertThat(sums[e] / (double) steps).as("B %d expert %d", tokens, e)
                        .isCloseTo(n * shares[e], within(5 * se));
            }
        }
    }

    /**
     * An expert at the cap (share 1/k, pi = 1) should be in every token's top-k, B of B. Before the
     * cut its count X is Binomial(B k, 1/k), mean B and sd sigma = sqrt(B (1 - 1/k)); the cut takes
     * E[(X - B)+] ~ sigma / sqrt(2 pi) (normal approximation), and as a cut expert is full the redraw
     * gives none of it back. Within 10% (5 standard errors of the mean at B = 256 are 2%).
     */
    @Test
    void anExpertAtTheCapLosesAboutSigmaOverRootTwoPiOfItsBTokens() {
        // Expert 0 has 19 of 38: exactly 1/2.
        double[] shares = {19, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        CappedMultinomial multinomial = multinomial(shares, 2);
        for (int tokens : new int[] {16, 64, 256}) {
            long sum = 0;
            int[] counts = new int[shares.length];
            int steps = 20_000;
            for (int step = 0; step < steps; step++) {
                multinomial.draw(RANDOM, tokens, 2, counts);
                sum += counts[0];
            }
            double deficit = tokens - sum / (double) steps;
            double expected = Math.sqrt(tokens * 0.5) / Math.sqrt(2 * Math.PI);
            assertThat(deficit).as("B %d", tokens).isCloseTo(expected, within(0.1 * expected));
        }
    }

    private static final SplitMix64 RANDOM = new SplitMix64(2024);

    private static CappedMultinomial multinomial(double[] weights, int topK) {
        double[] shares = Shares.normalize(weights.clone());
        Shares.capForTopK(shares, topK);
        int[] identity = new int[shares.length];
        Arrays.setAll(identity, e -> e);
        return new CappedMultinomial(identity, shares);
    }

    private interface Draw {
        void into(int[] counts);
    }

    private static Map<List<Integer>, Long> histogram(Draw draw, int experts) {
        Map<List<Integer>, Long> histogram = new HashMap<>();
        int[] counts = new int[experts];
        for (int i = 0; i < DRAWS; i++) {
            Arrays.fill(counts, 0);
            draw.into(counts);
            histogram.merge(Arrays.stream(counts).boxed().toList(), 1L, Long::sum);
        }
        return histogram;
    }

    /** The law of the final counts: from each state, the next kept choice is e w.p. share_e / open. */
    private static Map<List<Integer>, Double> skipProcessLaw(double[] shares, int tokens, int choices) {
        Map<List<Integer>, Double> states = Map.of(Collections.nCopies(shares.length, 0), 1.0);
        for (int choice = 0; choice < choices; choice++) {
            Map<List<Integer>, Double> next = new HashMap<>();
            for (Map.Entry<List<Integer>, Double> state : states.entrySet()) {
                double open = 0;
                for (int e = 0; e < shares.length; e++) {
                    open += state.getKey().get(e) < tokens ? shares[e] : 0;
                }
                for (int e = 0; e < shares.length; e++) {
                    if (state.getKey().get(e) < tokens) {
                        Integer[] counts = state.getKey().toArray(new Integer[0]);
                        counts[e]++;
                        next.merge(List.of(counts), state.getValue() * shares[e] / open, Double::sum);
                    }
                }
            }
            states = next;
        }
        return states;
    }

    /**
     * Chi-square over the outcomes, those expected fewer than 20 times pooled into one cell, under
     * df + 4.5 sqrt(2 df), passed by a correct sampler with probability about 1e-5; and no outcome
     * outside the law.
     */
    private static void assertFollows(Map<List<Integer>, Long> histogram, Map<List<Integer>, Double> law) {
        assertThat(law.keySet()).containsAll(histogram.keySet());
        double chiSquare = 0;
        int cells = 0;
        double rareExpected = 0;
        long rareObserved = 0;
        for (Map.Entry<List<Integer>, Double> outcome : law.entrySet()) {
            double expected = outcome.getValue() * DRAWS;
            long observed = histogram.getOrDefault(outcome.getKey(), 0L);
            if (expected < 20) {
                rareExpected += expected;
                rareObserved += observed;
            } else {
                chiSquare += (observed - expected) * (observed - expected) / expected;
                cells++;
            }
        }
        if (rareExpected > 0) {
            chiSquare += (rareObserved - rareExpected) * (rareObserved - rareExpected) / rareExpected;
            cells++;
        }
        int df = cells - 1;
        assertThat(chiSquare).isLessThan(df + 4.5 * Math.sqrt(2.0 * df));
    }
}
