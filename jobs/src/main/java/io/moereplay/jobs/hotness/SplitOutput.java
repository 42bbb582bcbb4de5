package io.moereplay.jobs.hotness;

import io.moereplay.model.hotness.WindowLayerCounts;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Reject;

/**
 * One thing a routing-trace split produced: partial counts, a reject, the file's read stats, or a
 * row under a contested key for the cross-file check. Exactly one field is set; one type keeps the
 * source's output a single Flink POJO stream.
 */
public record SplitOutput(WindowLayerCounts counts, Reject reject, FileReadStats stats, OverlapRow overlap) {

    public SplitOutput {
        int set = (counts != null ? 1 : 0) + (reject != null ? 1 : 0) + (stats != null ? 1 : 0)
                + (overlap != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a split output holds exactly one item, not " + set);
        }
    }

    public static SplitOutput of(WindowLayerCounts counts) {
        return new SplitOutput(counts, null, null, null);
    }

    public static SplitOutput of(Reject reject) {
        return new SplitOutput(null, reject, null, null);
    }

    public static SplitOutput of(FileReadStats stats) {
        return new SplitOutput(null, null, stats, null);
    }

    public static SplitOutput of(OverlapRow overlap) {
        return new SplitOutput(null, null, null, overlap);
    }
}
