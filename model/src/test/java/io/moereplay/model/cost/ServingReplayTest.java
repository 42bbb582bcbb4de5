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
        ServingResult result = new ServingReplay(2, 1000, TABLE, PREFILL, 1300, 1000).run(requests, latencies::add);
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
        // Only r0 meets both targets (TBT 1300, TTFT 1000); one token of three came within 1300 us.
        assertThat(result.sloAttainment()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(result.tokenSloAttainment()).isCloseTo(1.0 / 3, within(1e-12));
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
        ServingResult result = new ServingReplay(2, 120, TABLE, PREFILL, 1e9, 1e9).run(requests, latencies::add);
        assertThat(result.tooLong()).isEqualTo(1);
        assertThat(result.served()).isEqualTo(2);
        // r0: prefill 100 (to 100), decode over 101 (1201, to 1301), decode over 102 (1202, to 2503).
        // r1 joins at 2503: prefill 50 (to 2553), decode over 51 (1151, to 3704).
        assertThat(latencies).extracting(RequestLatency::id, RequestLatency::e2eMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 2503.0),
                        org.assertj.core.groups.Tuple.tuple(1L, 3704.0));
    }

    /** Between grid points the table interpolates; a linear step time comes back exactly. */
    @Test
    void theTableReproducesALinearStepTime() {
        assertThat(TABLE.micros(3, 700)).isCloseTo(1000 + 300 + 2100, within(1e-9));
        assertThat(TABLE.micros(4, 4096)).isCloseTo(1000 + 400 + 4 * 4096, within(1e-9));
        assertThat(TABLE.micros(0, 100)).isZero();
    }
}
