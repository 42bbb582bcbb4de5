package io.moereplay.model.synthetic;

import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticTraceTest {

    private static SyntheticTraceSpec spec(long seed, int decodeCap, long decisions) {
        return new SyntheticTraceSpec(300, 500, TokenDistribution.parse("lognormal:512:1.0"),
                TokenDistribution.parse("uniform:5:40"), 6, 16, 2, 1.0, 0, decodeCap, decisions, true, seed);
    }

    /** Every row as text, for comparing whole traces. */
    private static List<String> rows(SyntheticTrace trace, int from, int to) {
        List<String> rows = new ArrayList<>();
        trace.route(from, to, (request, token, phase, layer, experts, k, gates, g) -> rows.add(
                request + "/" + token + "/" + phase + "/" + layer + "/" + Arrays.toString(Arrays.copyOf(experts, k))
                        + "/" + Arrays.toString(Arrays.copyOf(gates, g))));
        return rows;
    }

    @Test
    void sameSeedGivesTheSameTraceAndAnotherSeedAnother() {
        SyntheticTrace a = SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 0));
        SyntheticTrace b = SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 0));
        SyntheticTrace c = SyntheticTrace.generate(spec(8, SyntheticTraceSpec.ALL_TOKENS, 0));
        int n = a.requests().size();

        assertThat(b.requests()).isEqualTo(a.requests());
        assertThat(rows(b, 0, n)).isEqualTo(rows(a, 0, n));
        assertThat(c.requests()).isNotEqualTo(a.requests());
        assertThat(rows(c, 0, 10)).isNotEqualTo(rows(a, 0, 10));
    }

    @Test
    void anyRangeOfRequestsGeneratesAloneAsItDoesInTheWhole() {
        SyntheticTrace trace = SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 0));
        int n = trace.requests().size();
        List<String> whole = rows(trace, 0, n);
        List<String> parts = new ArrayList<>(rows(trace, 150, n));
        parts.addAll(0, rows(trace, 0, 150));

        assertThat(parts).isEqualTo(whole);
    }

    @Test
    void requestsArriveInOrderFromZeroWithIdsAsRowIndices() {
        SyntheticTrace trace = SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 0));
        List<Request> requests = trace.requests();

        assertThat(requests.get(0).arrivalMicros()).isZero();
        for (int i = 0; i < requests.size(); i++) {
            assertThat(requests.get(i).id()).isEqualTo(i);
            assertThat(requests.get(i).outputTokens()).isBetween(5, 40);
            if (i > 0) {
                assertThat(requests.get(i).arrivalMicros()).isGreaterThanOrEqualTo(requests.get(i - 1).arrivalMicros());
            }
        }
        // 299 exponential gaps of mean 500 ms: the mean is within a few standard errors (29 ms).
        double meanGapMs = requests.get(requests.size() - 1).arrivalMicros() / 1000.0 / (requests.size() - 1);
        assertThat(meanGapMs).isBetween(400.0, 600.0);
    }

    @Test
    void routesEveryGeneratedTokenAtEveryLayerByDefault() {
        SyntheticTrace trace = SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 0));
        long outputTokens = trace.requests().stream().mapToLong(Request::outputTokens).sum();
        long[] rowsAndDecisions = new long[2];
        trace.route(0, trace.requests().size(), (request, token, phase, layer, experts, k, gates, g) -> {
            Request r = trace.requests().get((int) request);
            assertThat(phase).isEqualTo(Phase.DECODE);
            assertThat(token).isBetween(r.inputTokens(), r.inputTokens() + r.outputTokens() - 1);
            assertThat(layer).isBetween(0, 5);
            rowsAndDecisions[0]++;
            rowsAndDecisions[1] += k;
        });

        assertThat(trace.rows()).isEqualTo(outputTokens * 6).isEqualTo(rowsAndDecisions[0]);
        assertThat(trace.decisions()).isEqualTo(outputTokens * 6 * 2).isEqualTo(rowsAndDecisions[1]);
    }

    @Test
    void capsRoutedTokensPerRequestAndRoutesPrefillFirst() {
        SyntheticTrace trace = SyntheticTrace.generate(new SyntheticTraceSpec(50, 100,
                new TokenDistribution.Fixed(100), new TokenDistribution.Fixed(30), 4, 8, 2, 1.0,
                3, 5, 0, false, 1));
        List<String> request0 = new ArrayList<>();
        trace.route(0, 1, (request, token, phase, layer, experts, k, gates, g) -> {
            assertThat(g).isZero();
            if (layer == 0) {
                request0.add(phase.label() + token);
            }
        });

        assertThat(request0).containsExactly(
                "prefill0", "prefill1", "prefill2", "decode100", "decode101", "decode102", "decode103", "decode104");
        assertThat(trace.rows()).isEqualTo(50L * 8 * 4);
        assertThat(trace.decisions()).isEqualTo(50L * 8 * 4 * 2);
    }

    @Test
    void aDecisionsTargetIsMetExactlyWhenLayersTimesKDividesIt() {
        SyntheticTrace trace = SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 12_000));

        assertThat(trace.decisions()).isEqualTo(12_000);
        assertThat(trace.rows()).isEqualTo(6_000);
        for (int i = 0; i < trace.requests().size(); i++) {
            assertThat(trace.routedDecodeTokens(i)).isLessThanOrEqualTo(trace.requests().get(i).outputTokens());
        }
        // 12,012 is not a multiple of 12 decisions per token: rounds down to whole tokens.
        assertThat(SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 12_011)).decisions()).isEqualTo(12_000);
    }

    @Test
    void aTargetBeyondTheRoutableTokensIsRefused() {
        assertThatThrownBy(() -> SyntheticTrace.generate(spec(7, 1, 300 * 12 + 12)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 301 routed tokens, but the requests have only 300");
    }

    @Test
    void topKChoicesAreDistinctValidExpertsWithDescendingGateWeights() {
        for (double zipf : new double[] {0.0, 1.0, 3.0}) {
            SyntheticTrace trace = SyntheticTrace.generate(new SyntheticTraceSpec(40, 10,
                    new TokenDistribution.Fixed(8), new TokenDistribution.Fixed(20), 3, 6, 6, zipf,
                    0, SyntheticTraceSpec.ALL_TOKENS, 0, true, 3));
            trace.route(0, 40, (request, token, phase, layer, experts, k, gates, g) -> {
                assertThat(Arrays.stream(experts, 0, k).distinct().count()).isEqualTo(6);
                assertThat(Arrays.stream(experts, 0, k)).allMatch(e -> e >= 0 && e < 6);
                assertThat(g).isEqualTo(k);
                double total = 0;
                for (int i = 0; i < g; i++) {
                    assertThat(gates[i]).isGreaterThanOrEqualTo(0f);
                    if (i > 0) {
                        assertThat(gates[i]).isLessThanOrEqualTo(gates[i - 1]);
                    }
                    total += gates[i];
                }
                assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
            });
        }
    }

    @Test
    void splitsIntoPartsOfWholeRequestsAndAboutEqualRows() {
        SyntheticTrace trace = SyntheticTrace.generate(spec(7, SyntheticTraceSpec.ALL_TOKENS, 0));
        int[] bounds = trace.split(4);

        assertThat(bounds).hasSize(5);
        assertThat(bounds[0]).isZero();
        assertThat(bounds[4]).isEqualTo(300);
        long quarter = trace.rows() / 4;
        long largestRequest = 40 * 6;
        for (int f = 0; f < 4; f++) {
            assertThat(bounds[f + 1]).isGreaterThan(bounds[f]);
            assertThat(trace.rows(bounds[f], bounds[f + 1])).isBetween(quarter - largestRequest, quarter + largestRequest);
        }
        assertThatThrownBy(() -> trace.split(301)).hasMessageContaining("would be empty");
    }
}
