package io.moereplay.jobs.nightly;

import io.moereplay.jobs.report.ConsoleSilence;

import java.io.PrintStream;
import java.util.Map;

/**
 * Says on stderr which of the night's stages starts ({@code moe-replay nightly: stage 3 of 5,
 * straggler}) and how long it took when it ends, so a night of several minutes is never silent
 * between its stages' own progress lines.
 */
final class StageAnnouncer {

    /** A stage's work; returns its run summary. */
    @FunctionalInterface
    interface Stage {
        Map<String, Object> run() throws Exception;
    }

    private final PrintStream err;
    private final int stages;
    private int started;

    StageAnnouncer(PrintStream err, int stages) {
        this.err = err;
        this.stages = stages;
    }

    Map<String, Object> run(String name, Stage stage) throws Exception {
        started++;
        err.printf("moe-replay nightly: stage %d of %d, %s%n", started, stages, name);
        ConsoleSilence.spoke();
        long start = System.nanoTime();
        try {
            Map<String, Object> summary = stage.run();
            err.printf("moe-replay nightly: %s done in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
            ConsoleSilence.spoke();
            return summary;
        } catch (Exception e) {
            err.printf("moe-replay nightly: %s failed after %.1f s%n", name, (System.nanoTime() - start) / 1e9);
            throw e;
        }
    }
}
