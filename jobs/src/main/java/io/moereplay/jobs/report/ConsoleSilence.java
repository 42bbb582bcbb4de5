package io.moereplay.jobs.report;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * When moe-replay last said something on stderr, so that progress fills silences rather than
 * adding lines: a job's first progress line is due {@value JobProgress#PRINT_SECONDS} s after the
 * last line (or after the process started), not {@value JobProgress#PRINT_SECONDS} s after the job
 * was submitted, which may itself come after seconds of reading and checking inputs.
 */
public final class ConsoleSilence {

    private static volatile long lastSpokeNanos = System.nanoTime()
            - TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime()));

    private ConsoleSilence() {}

    /** Notes that a line was just printed. */
    public static void spoke() {
        lastSpokeNanos = System.nanoTime();
    }

    /** {@link System#nanoTime()} of the last line, or of the process's start. */
    static long lastSpokeNanos() {
        return lastSpokeNanos;
    }
}
