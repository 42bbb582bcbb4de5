package io.moereplay.jobs.cost;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CostHeadlineTest {

    private static final CostHeadline.Figures CHEAP_AND_SLOW = new CostHeadline.Figures("b", 3.0, 204_000, 0.961, false);

    @Test
    void theRecommendedCandidateWithItsCostAndTbtAgainstTheSlo() {
        assertThat(CostHeadline.text(List.of(CHEAP_AND_SLOW, new CostHeadline.Figures("a", 5.2222, 86_200, 1.0, true)), 150))
                .isEqualTo("recommended a: $5.222 per million tokens, TBT p99 86.2 ms within the 150 ms SLO, 100.0% of"
                        + " requests within both latency targets");
    }

    @Test
    void withoutARecommendationTheCheapestAndThatItMissesTheSlo() {
        assertThat(CostHeadline.text(List.of(new CostHeadline.Figures("c", 4.0, 90_000, 0.97, false), CHEAP_AND_SLOW), 150.5))
                .isEqualTo("no candidate meets the SLO; the cheapest, b: $3.000 per million tokens, TBT p99 204.0 ms over"
                        + " the 150.5 ms SLO, 96.1% of requests within both latency targets");
    }

    @Test
    void saysSoWhenNothingWasReplayed() {
        assertThat(CostHeadline.text(List.of(), 150)).startsWith("no candidate was replayed");
    }
}
