package io.moereplay.model.cost;

import io.moereplay.model.perf.Deployment;
import io.moereplay.model.perf.LayerStraggler;
import io.moereplay.model.perf.LayerTiming;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.ExplicitPopularity;
import io.moereplay.model.routing.PopularityDrift;
import io.moereplay.model.routing.SyntheticRoutingModel;
import io.moereplay.model.routing.SyntheticRoutingSpec;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A three-request replay worked by hand. One MoE layer whose step takes
 * {@code 1000 + 100 b + C} us for b sequences of C context tokens in all (linear, so the table is
 * exact between grid points); prefill 1 us a prompt token; a batch of at most 2.
 */
class ServingReplayTest {

    /** A deployment whose layer time is the formula above, whatever the loads. */
    private static final Deployment LINEAR = new Deployment() {
        @Override
        public String name() {
            return "linear";
        }

        @Override
        public LayerTiming layer(int layer, long sequences, long contextTokens, long[] expertTokens) {
            double micros = 1000 + 100.0 * sequences + contextTokens;
            return new LayerTiming(new LayerStraggler(0, 1, 1, 0, 0, 0), 0, 0, micros, micros, 0, false, true);
        }
    };

    private static final StepTimeTable TABLE = StepTimeTable.build(LINEAR,
            new SyntheticRoutingModel(SyntheticRoutingSpec.of(1, 2, 1, new ExplicitPopularity(new double[] {1, 1}),
                    PopularityDrift.NONE, 1)), 1, 4, 4096);
    private static final PrefillModel PREFILL = new PrefillModel(1, 1, 1);

    /**
     * t=0: r0 (100 in, 3 out) and r1 (50 in, 2 out) are prefilled together: 150 us, first tokens at
     * 150. t=150: both decode over 101 + 51 = 152 context tokens: 1000 + 200 + 152 = 1352 us, ending
     * at 1502; r1 is done (TPOT 1352). t=1502: r2 (arrived at 1500; 10 in, 1 out) is prefilled while
     * r0 decodes over 102 tokens: 1202 + 10 = 1212 us, ending at 2714; r0 is done (TPOT
     * (2714 - 150) / 2 = 1282), r2 too (TTFT 1214).
     */
    @Test
    void theIterationsAreTimedAndTheLatenciesFollow() {
        ReplayRequests requests = ReplayRequests.of(List.of(new Request(0, 0, 100, 3, List.of()),
                new Request(1, 0, 50, 2, List.of()), new Request(2, 1500, 10, 1, List.of())));
        List<RequestLatency> latencies = new ArrayList<>();
        ServingResult result = new ServingReplay(2, 1000, TABLE, PREFILL, slo(1.3, 99, 1.0, 99)).run(requests, latencies::add);
        assertThat(latencies).containsExactly(
                new RequestLatency(1, 0, 2, 150, 1352, 1352, 1502),
                new RequestLatency(0, 0, 3, 150, 1282, 1352, 2714),
                new RequestLatency(2, 1500, 1, 1214, 0, 0, 1214));
        assertThat(result.served()).isEqualTo(3);
        assertThat(result.outputTokens()).isEqualTo(6);
        assertThat(result.decodeSteps()).isEqualTo(2);
        assertThat(result.makespanMicros()).isEqualTo(2714);
        assertThat(result.busyMicros()).isEqualTo(2714);
        assertThat(result.ttftP50Micros()).isEqualTo(150);
        assertThat(result.ttftP99Micros()).isEqualTo(1214);
        assertThat(result.tpotP50Micros()).isEqualTo(1282);
        assertThat(result.tpotP99Micros()).isEqualTo(1352);
        // Tokens: 2 at 1352 us, 1 at 1212 us; the median token waited 1352.
        assertThat(result.tbtP50Micros()).isEqualTo(1352);
        // Gaps 1352, 1352 and 1212: one of three within 1300 us, so p99 (rank 3) is 1352; TTFT 150, 150
        // and 1214: two of three within 1000 us, p99 1214.
        assertThat(result.slo().tbtAtPercentileMicros()).isEqualTo(1352);
        assertThat(result.slo().tokenAttainment()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(result.slo().ttftAtPercentileMicros()).isEqualTo(1214);
        assertThat(result.slo().ttftAttainment()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(result.slo().met()).isFalse();
        assertThat(result.meanBatch()).isEqualTo(1.5);
        assertThat(result.tokensPerSecond()).isCloseTo(6 / 2714e-6, within(1e-6));
    }

    /**
     * A KV cache of 120 tokens: r0 reserves 103, so r1 (52) waits until r0 is done; a request
     * needing 200 can never run and is counted apart.
     */
    @Test
    void theKvCacheBoundsAdmission() {
        ReplayRequests requests = ReplayRequests.of(List.of(new Request(0, 0, 100, 3, List.of()),
                new Request(1, 0, 50, 2, List.of()), new Request(2, 0, 150, 50, List.of())));
        List<RequestLatency> latencies = new ArrayList<>();
        ServingResult result = new ServingReplay(2, 120, TABLE, PREFILL, slo(1e6, 99, 1e6, 99)).run(requests, latencies::add);
        assertThat(result.tooLong()).isEqualTo(1);
        assertThat(result.served()).isEqualTo(2);
        // Whatever the latencies, a request never served misses the SLO.
        assertThat(result.slo().unserved()).isEqualTo(1);
        assertThat(result.slo().met()).isFalse();
        // r0: prefill 100 (to 100), decode over 101 (1201, to 1301), decode over 102 (1202, to 2503).
        // r1 joins at 2503: prefill 50 (to 2553), decode over 51 (1151, to 3704).
        assertThat(latencies).extracting(RequestLatency::id, RequestLatency::e2eMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 2503.0),
                        org.assertj.core.groups.Tuple.tuple(1L, 3704.0));
    }

    /**
     * A request whose mean time between tokens is within the target while its p99 gap is not. r0
     * (10 in, 5 out) is prefilled alone (10 us, first token at 10) and decodes over 11 context
     * tokens: 1000 + 100 + 11 = 1111 us, to 1121. r1 (3000 in, 1 out) arrived at 1000: its prefill
     * joins r0's next step over 12 tokens, 1112 + 3000 = 4112 us, to 5233 (r1 done, TTFT 4233); then
     * 1113 (to 6346) and 1114 us (to 7460). r0's four gaps are 1111, 4112, 1113 and 1114 us, their
     * mean (7460 - 10) / 4 = 1862.5 us. Against a 2 ms TBT target the mean is within and the p99
     * gap (rank ceil(0.99 x 4) = 4: 4112 us) is not; at p75 (rank 3: 1114 us) it is.
     */
    @Test
    void theTbtTargetIsMetAtItsPercentileOfEveryGapNotByTheMean() {
        ReplayRequests requests = ReplayRequests.of(List.of(new Request(0, 0, 10, 5, List.of()),
                new Request(1, 1000, 3000, 1, List.of())));
        List<RequestLatency> latencies = new ArrayList<>();
        ServingResult p99 = new ServingReplay(2, 10_000, TABLE, PREFILL, slo(2, 99, 5, 99)).run(requests, latencies::add);
        assertThat(latencies).containsExactly(new RequestLatency(1, 1000, 1, 4233, 0, 0, 4233),
                new RequestLatency(0, 0, 5, 10, 1862.5, 4112, 7460));
        assertThat(p99.slo().tbtAtPercentileMicros()).isEqualTo(4112);
        assertThat(p99.slo().tokenAttainment()).isEqualTo(0.75);
        assertThat(p99.slo().ttftAtPercentileMicros()).isEqualTo(4233);
        assertThat(p99.slo().met()).isFalse();
        assertThat(p99.slo().distance()).isCloseTo(4112 / 2000.0, within(1e-12));
        assertThat(p99.slo().describe()).isEqualTo("TBT p99 4.1 ms, TTFT p99 4.2 ms");
        ServingResult p75 = new ServingReplay(2, 10_000, TABLE, PREFILL, slo(2, 75, 5, 99)).run(requests, null);
        assertThat(p75.slo().tbtAtPercentileMicros()).isEqualTo(1114);
        assertThat(p75.slo().met()).isTrue();
    }

    /** Between grid points the table interpolates; a linear step time comes back exactly. */
    @Test
    void theTableReproducesALinearStepTime() {
        assertThat(TABLE.micros(3, 700)).isCloseTo(1000 + 300 + 2100, within(1e-9));
        assertThat(TABLE.micros(4, 4096)).isCloseTo(1000 + 400 + 4 * 4096, within(1e-9));
        assertThat(TABLE.micros(0, 100)).isZero();
    }

    private static ServingSlo slo(double tbtMs, double tbtPercentile, double ttftMs, double ttftPercentile) {
        return new ServingSlo(tbtMs, new Percentile(tbtPercentile), ttftMs, new Percentile(ttftPercentile));
    }
}
