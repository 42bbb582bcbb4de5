package io.moereplay.jobs.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns samples of a job's counters into a line every {@value JobProgress#PRINT_SECONDS} s. A job
 * may count in phases (a straggler run times layer-steps, then sums them into step times): the line
 * is about the first phase not done, with the ones before it named as done.
 */
final class ProgressReporter {

    private final String label;
    private final List<ProgressCounter> phases;
    private final PrintStream err;
    private final long startNanos;
    private final Rate[] rates;
    private long nextPrintNanos;

    /** A phase's counts: the last one, and the first one above zero with its time, for the rate. */
    private static final class Rate {
        long firstDone = -1;
        long firstNanos;
        long lastDone;

        void sample(long done, long nanos) {
            lastDone = done;
            if (firstDone < 0 && done > 0) {
                firstDone = done;
                firstNanos = nanos;
            }
        }

        /** Units a second since counting began; until a second count, over the phase's whole elapsed time. */
        double perSecond(long nanos, double elapsedSeconds) {
            if (firstDone < 0) {
                return 0;
            }
            double since = (nanos - firstNanos) / 1e9;
            return since > 0 && lastDone > firstDone ? (lastDone - firstDone) / since : lastDone / elapsedSeconds;
        }
    }

    /**
     * @param startNanos when the job was submitted
     * @param firstPrintNanos when the first line is due
     */
    ProgressReporter(String label, List<ProgressCounter> phases, PrintStream err, long startNanos, long firstPrintNanos) {
        this.label = label;
        this.phases = List.copyOf(phases);
        this.err = err;
        this.startNanos = startNanos;
        this.nextPrintNanos = firstPrintNanos;
        this.rates = new Rate[phases.size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = new Rate();
        }
    }

    /** Records the job's accumulators (a counter missing keeps its last figure) at {@code nanos}; prints when due. */
    void sample(Map<String, Object> accumulators, long nanos) {
        for (int i = 0; i < rates.length; i++) {
            if (accumulators.get(phases.get(i).accumulator()) instanceof Long done) {
                rates[i].sample(done, nanos);
            }
        }
        if (nanos < nextPrintNanos) {
            return;
        }
        nextPrintNanos += TimeUnit.SECONDS.toNanos(JobProgress.PRINT_SECONDS);
        int current = 0;
        StringBuilder done = new StringBuilder();
        while (current < phases.size() - 1 && rates[current].lastDone >= phases.get(current).total()) {
            done.append(String.format("%,d %s done; ", rates[current].lastDone, phases.get(current).unit()));
            current++;
        }
        double elapsed = (nanos - startNanos) / 1e9;
        ProgressCounter phase = phases.get(current);
        err.println(new ProgressLine(label, done.toString(), phase, rates[current].lastDone, elapsed,
                rates[current].perSecond(nanos, elapsed)).text());
        ConsoleSilence.spoke();
    }
}
