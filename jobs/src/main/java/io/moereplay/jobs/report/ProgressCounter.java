package io.moereplay.jobs.report;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * What a job counts its progress in: the unit and the total, known before the job starts (decode
 * steps times layers, files, candidates). The operators that do the work add to the unit's
 * accumulator ({@link #counter}); {@link JobProgress} reads it while the job runs.
 *
 * @param unit what is counted, plural: one of the constants here
 * @param total units in the whole job, or 0 when not known
 */
public record ProgressCounter(String unit, long total) {

    /** One MoE layer of one decode step, replayed (and timed under every deployment). */
    public static final String LAYER_STEPS = "layer-steps";
    /** A routing file read and counted. */
    public static final String FILES = "files";
    /** One layer placed by one policy, with its backtest and interval costs. */
    public static final String LAYER_PLACEMENTS = "layer placements";
    /** A cost candidate served the whole trace (or dropped by the pre-filter). */
    public static final String CANDIDATES = "candidates";

    public ProgressCounter {
        if (total < 0) {
            throw new IllegalArgumentException("progress total " + total + " " + unit + ": must be 0 (unknown) or more");
        }
    }

    /** The accumulator an operator adds {@code unit}s to. */
    static String accumulator(String unit) {
        return "moe-replay progress: " + unit;
    }

    String accumulator() {
        return accumulator(unit);
    }

    /** The operator's handle on the job's {@code unit} counter; add units as they are done. */
    public static LongCounter counter(RuntimeContext context, String unit) {
        return context.getLongCounter(accumulator(unit));
    }
}
