package io.moereplay.jobs.replay;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayHeadlineTest {

    @Test
    void routedDecisionsAndTheHottestExpertsShare() {
        // Layer 0: 6 of 8 tokens on expert 0 (75%), layer 1: 5 of 10 on expert 1 (50%).
        assertThat(ReplayHeadline.text(1_200, 50, 3, 2, Map.of(0, new long[] {6, 2}, 1, new long[] {1, 5, 4})))
                .isEqualTo("1,200 routed decisions (50 decode steps through 3 layers, top-2); hottest experts (share"
                        + " of their layer's tokens): layer 0 expert 0 75.0%, layer 1 expert 1 50.0%, layer 1 expert 2 40.0%");
    }
}
