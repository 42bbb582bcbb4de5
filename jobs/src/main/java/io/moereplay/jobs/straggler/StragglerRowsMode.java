package io.moereplay.jobs.straggler;

import java.util.Locale;

/**
 * Which rows of the {@code straggler} table a run writes. A day of production traffic is hundreds of
 * millions of (deployment, step, layer) rows; the TBT summaries are summed from every step whatever
 * this says, so they stay exact.
 */
public enum StragglerRowsMode {
    /** Every (deployment, step, layer). */
    ALL,
    /** Every layer and deployment of one step in {@link #SAMPLE_EVERY}, from step 0: spread over the whole trace. */
    SAMPLED,
    /** No rows: the table is written empty, its schema intact. */
    NONE;

    /** One step in this many is kept by {@link #SAMPLED}. */
    public static final long SAMPLE_EVERY = 100;

    /** The mode a user named: {@code all}, {@code sampled} or {@code none}. */
    public static StragglerRowsMode of(String name) {
        for (StragglerRowsMode mode : values()) {
            if (mode.option().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a choice; give all, sampled (one step in " + SAMPLE_EVERY
                + ", every layer and deployment) or none");
    }

    /** Whether the rows of decode step {@code step} are written. */
    boolean keeps(long step) {
        return switch (this) {
            case ALL -> true;
            case SAMPLED -> step % SAMPLE_EVERY == 0;
            case NONE -> false;
        };
    }

    /** The name a user writes, {@code all}, {@code sampled} or {@code none}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
