package io.moereplay.jobs.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReporterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void quietForTheFirstTenSecondsThenALineEveryTen() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JobProgress.ProgressReporter reporter = new JobProgress.ProgressReporter("straggler",
                new ProgressCounter(ProgressCounter.LAYER_STEPS, 1000), new PrintStream(bytes, true, StandardCharsets.UTF_8), 0);
        reporter.sample(null, 2 * SECOND);
        reporter.sample(100L, 4 * SECOND);
        reporter.sample(300L, 6 * SECOND);
        reporter.sample(500L, 8 * SECOND);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
        // 600 units in the 6 s since the first count: 100 a second, 300 left.
        reporter.sample(700L, 10 * SECOND);
        reporter.sample(800L, 12 * SECOND);
        // A sample the cluster could not give keeps the last figure: 700 units in 16 s.
        reporter.sample(null, 20 * SECOND);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "moe-replay straggler: 700 of 1,000 layer-steps (70.0%) in 10 s, 100/s, about 3 s left",
                "moe-replay straggler: 800 of 1,000 layer-steps (80.0%) in 20 s, 44/s, about 5 s left");
    }
}
