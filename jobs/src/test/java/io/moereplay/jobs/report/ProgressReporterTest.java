package io.moereplay.jobs.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReporterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String STEPS = ProgressCounter.accumulator(ProgressCounter.LAYER_STEPS);
    private static final String SUMS = ProgressCounter.accumulator(ProgressCounter.CANDIDATES);

    private static Map<String, Object> steps(long done) {
        return Map.of(STEPS, done);
    }

    private static String printed(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quietUntilTheFirstLineIsDueThenALineEveryTenSeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter("straggler",
                List.of(new ProgressCounter(ProgressCounter.LAYER_STEPS, 1000)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), 0, 10 * SECOND);
        reporter.sample(Map.of(), 2 * SECOND);
        reporter.sample(steps(100), 4 * SECOND);
        reporter.sample(steps(300), 6 * SECOND);
        reporter.sample(steps(500), 8 * SECOND);
        assertThat(printed(bytes)).isEmpty();
        // 600 units in the 6 s since the first count: 100 a second, 300 left.
        reporter.sample(steps(700), 10 * SECOND);
        reporter.sample(steps(800), 12 * SECOND);
        // A sample the cluster could not give keeps the last figure: 700 units in 16 s.
        reporter.sample(Map.of(), 20 * SECOND);
        assertThat(printed(bytes).lines()).containsExactly(
                "moe-replay straggler: 700 of 1,000 layer-steps (70.0%) in 10 s, 100/s, about 3 s left",
                "moe-replay straggler: 800 of 1,000 layer-steps (80.0%) in 20 s, 44/s, about 5 s left");
    }

    @Test
    void aLaterPhaseFollowsOnceTheFirstIsDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter reporter = new ProgressReporter("straggler", List.of(
                new ProgressCounter(ProgressCounter.LAYER_STEPS, 1000), new ProgressCounter(ProgressCounter.CANDIDATES, 60)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), 0, 10 * SECOND);
        reporter.sample(Map.of(STEPS, 1000L), 10 * SECOND);
        reporter.sample(Map.of(STEPS, 1000L, SUMS, 10L), 16 * SECOND);
        // 20 more in the 4 s since the first sum: 5 a second, 30 left.
        reporter.sample(Map.of(STEPS, 1000L, SUMS, 30L), 20 * SECOND);
        reporter.sample(Map.of(STEPS, 1000L, SUMS, 60L), 30 * SECOND);
        assertThat(printed(bytes).lines()).containsExactly(
                "moe-replay straggler: 1,000 layer-steps done; no candidates yet, 10 s in",
                "moe-replay straggler: 1,000 layer-steps done; 30 of 60 candidates (50.0%) in 20 s,"
                        + " 5.0/s, about 6 s left",
                "moe-replay straggler: 1,000 layer-steps done; 60 of 60 candidates (100.0%) in 30 s,"
                        + " 3.6/s, all counted; writing the results");
    }
}
