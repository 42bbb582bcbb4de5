package io.moereplay.jobs.cost;

import io.moereplay.jobs.straggler.DeploymentSpecs.GpuPool;
import io.moereplay.model.cost.Percentile;
import io.moereplay.model.cost.ServingResult;
import io.moereplay.model.cost.ServingSlo;
import io.moereplay.model.cost.SloOutcome;
import io.moereplay.model.hardware.GpuSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two candidates serving {@code ServingReplayTest}'s two-request trace, 6 tokens over 7,460 us. The
 * cheap one ($1 an hour) is that test's replay: r0's gaps 1111, 4112, 1113 and 1114 us, mean
 * 1862.5 us, within a 2 ms TBT target while its p99 gap, 4112 us, is not; TTFT p99 4233 us. The dear
 * one ($2 an hour) has every gap at 1500 us. Dollars per million tokens: 1 x 7460 / 3.6e9 / 6e-6 =
 * 0.3454 and twice that.
 */
class RecommendationTest {

    private static final SloOutcome CHEAP_P99 = new SloOutcome(slo(99), 4112, 4233, 0.75, 1, 0);
    private static final SloOutcome DEAR_P99 = new SloOutcome(slo(99), 1500, 4233, 1, 1, 0);

    @Test
    void aCandidateWithinTheTargetOnlyOnAverageIsNotRecommended() {
        DeploymentCostRow cheap = row("cheap", 1, CHEAP_P99);
        DeploymentCostRow dear = row("dear", 2, DEAR_P99);
        assertThat(cheap.result().tpotP99Micros()).isLessThan(2000);
        assertThat(cheap.usdPerMillionTokens()).isCloseTo(7460 / 3.6e9 / 6e-6, org.assertj.core.api.Assertions.within(1e-12));
        Recommendation choice = Recommendation.among(cheapestFirst(dear, cheap), slo(99));
        assertThat(choice.best()).isSameAs(dear);
        assertThat(choice.label()).isEqualTo("colocated:gpu=dear,gpus=1,batch=2");
        assertThat(choice.sentence()).isEqualTo("colocated:gpu=dear,gpus=1,batch=2 at $0.69 per million tokens:"
                + " TBT p99 1.5 ms, TTFT p99 4.2 ms, within TBT p99 <= 2 ms and TTFT p99 <= 5 ms");
    }

    @Test
    void whenNoCandidateMeetsTheSloNoneIsRecommendedAndTheClosestIsNamed() {
        DeploymentCostRow cheap = row("cheap", 1, CHEAP_P99);
        DeploymentCostRow slower = row("slower", 1.5, new SloOutcome(slo(99), 4500, 1000, 0.5, 1, 0));
        Recommendation choice = Recommendation.among(cheapestFirst(cheap, slower), slo(99));
        assertThat(choice.best()).isNull();
        assertThat(choice.label()).isEqualTo("none");
        // 4112 / 2000 = 2.056 against 4500 / 2000 = 2.25: the cheap one is closer.
        assertThat(choice.sentence()).isEqualTo("none: no candidate meets TBT p99 <= 2 ms and TTFT p99 <= 5 ms;"
                + " the closest is colocated:gpu=cheap,gpus=1,batch=2 at TBT p99 4.1 ms, TTFT p99 4.2 ms");
    }

    /** At p75 the cheap candidate's third gap of four, 1114 us, is within 2 ms: it meets the SLO and wins. */
    @Test
    void theSameCandidateMeetsALowerPercentile() {
        DeploymentCostRow cheap = row("cheap", 1, new SloOutcome(slo(75), 1114, 4233, 0.75, 1, 0));
        DeploymentCostRow dear = row("dear", 2, DEAR_P99);
        assertThat(Recommendation.among(cheapestFirst(dear, cheap), slo(75)).best()).isSameAs(cheap);
    }

    /** A candidate that leaves a request unserved misses the SLO whatever its latencies. */
    @Test
    void unservedRequestsMissTheSlo() {
        DeploymentCostRow cheap = row("cheap", 1, new SloOutcome(slo(99), 1000, 1000, 1, 1, 1));
        Recommendation choice = Recommendation.among(List.of(cheap), slo(99));
        assertThat(choice.best()).isNull();
        assertThat(choice.sentence()).endsWith("at TBT p99 1.0 ms, TTFT p99 1.0 ms, 1 requests never fit its KV cache");
    }

    private static ServingSlo slo(double tbtPercentile) {
        return new ServingSlo(2, new Percentile(tbtPercentile), 5, new Percentile(99));
    }

    private static List<DeploymentCostRow> cheapestFirst(DeploymentCostRow... rows) {
        List<DeploymentCostRow> sorted = new ArrayList<>(List.of(rows));
        sorted.sort(Recommendation.CHEAPEST);
        return sorted;
    }

    private static DeploymentCostRow row(String gpu, double usdPerHour, SloOutcome slo) {
        GpuSpec spec = new GpuSpec(gpu, 1, 1, 80, 1, 1, usdPerHour, 700);
        CostCandidate candidate = new CostCandidate("colocated:gpu=" + gpu + ",gpus=1", 2,
                List.of(new GpuPool("colocated", spec, 1)));
        ServingResult result = new ServingResult(2, 2, slo.unserved(), 6, 4, 7460, 7460, 10, 4233, 1862.5, 1862.5,
                1113, slo.tbtAtPercentileMicros(), 7460, slo, 0.5, 0.5, 1.25);
        return new DeploymentCostRow(new CandidateVerdict(candidate, 10_000, 1111, null), slo.slo(), result);
    }
}
