package io.moereplay.jobs.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    @Test
    void saysWhatIsDoneOfTheTotalWithRateAndTheRest() {
        // 1,234,560 / 6,553,960 = 18.84%; (6,553,960 - 1,234,560) / 61,728 a second = 86.2 s.
        assertThat(new ProgressLine("straggler", "", new ProgressCounter("layer-steps", 6_553_960), 1_234_560, 20.4, 61_728).text())
                .isEqualTo("moe-replay straggler: 1,234,560 of 6,553,960 layer-steps (18.8%) in 20 s, 61,728/s,"
                        + " about 1 min 26 s left");
    }

    @Test
    void saysWhenNothingIsCountedYet() {
        assertThat(new ProgressLine("replay", "", new ProgressCounter("layer-steps", 100), 0, 10.2, 0).text())
                .isEqualTo("moe-replay replay: no layer-steps yet, 10 s in");
    }

    @Test
    void withoutATotalGivesNoEstimateAndSlowRatesKeepADecimal() {
        assertThat(new ProgressLine("hotness", "", new ProgressCounter("files", 0), 3, 12, 0.25).text())
                .isEqualTo("moe-replay hotness: 3 files in 12 s, 0.3/s");
    }

    @Test
    void allCountedSaysTheJobIsWritingItsResults() {
        assertThat(new ProgressLine("cost", "", new ProgressCounter("candidates", 3), 3, 30, 0.1).text())
                .isEqualTo("moe-replay cost: 3 of 3 candidates (100.0%) in 30 s, 0.1/s, all counted; writing the results");
    }

    @Test
    void durationsReadAsACountdown() {
        assertThat(ProgressLine.duration(7.4)).isEqualTo("7 s");
        assertThat(ProgressLine.duration(86.2)).isEqualTo("1 min 26 s");
        assertThat(ProgressLine.duration(7500)).isEqualTo("2 h 5 min");
    }
}
