package io.moereplay.jobs.straggler;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StragglerHeadlineTest {

    @Test
    void aLinePerDeploymentInTheOrderGiven() {
        TbtSummaryRow b = new TbtSummaryRow("b", 10, 100, 20_000, 21_000, 25_500, 21_000, 105, 0.005, 1000);
        TbtSummaryRow a = new TbtSummaryRow("a", 10, 100, 19_450, 19_700, 19_820, 19_500, 77, 0.0039, 1000);
        assertThat(StragglerHeadline.text(List.of(b, a), List.of("a", "b"))).isEqualTo(
                "a: TBT p50 19.45 ms, p99 19.82 ms; skew 0.077 ms a step, 0.39% of TBT\n"
                        + "b: TBT p50 20.00 ms, p99 25.50 ms; skew 0.105 ms a step, 0.50% of TBT");
    }
}
