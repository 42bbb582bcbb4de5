package io.moereplay.jobs.report.page;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the layers x experts heatmap. Up to {@link #MAX_COLUMNS} experts, one column per
 * expert id, so the same expert lines up across layers. Past that (DeepSeek-V3's 256) a column per
 * expert would be 4 px wide, so columns are load ranks within each layer instead: the
 * {@link #SINGLE_RANKS} busiest experts one column each, where skew lives, then the rest in equal
 * buckets of consecutive ranks (the last one may be shorter), each cell the bucket's mean load.
 * 256 experts: ranks 1..16 alone, then 48 buckets of 5 ranks (17-21, ..., 252-256): 64 columns.
 * The notebooks draw their heatmap with the same columns.
 */
public record HeatmapColumns(boolean byRank, List<Column> columns) {

    public static final int MAX_COLUMNS = 64;
    public static final int SINGLE_RANKS = 16;

    /** Experts {@code first..last} (ids when not by rank, else 1-based load ranks), inclusive. */
    public record Column(int first, int last) {
        public int size() {
            return last - first + 1;
        }

        public String label() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    public static HeatmapColumns of(int experts) {
        if (experts < 1) {
            throw new IllegalArgumentException("experts " + experts + ": a layer has at least one expert");
        }
        List<Column> columns = new ArrayList<>();
        if (experts <= MAX_COLUMNS) {
            for (int e = 0; e < experts; e++) {
                columns.add(new Column(e, e));
            }
            return new HeatmapColumns(false, columns);
        }
        for (int r = 1; r <= SINGLE_RANKS; r++) {
            columns.add(new Column(r, r));
        }
        int rest = experts - SINGLE_RANKS;
        int bucket = (rest + MAX_COLUMNS - SINGLE_RANKS - 1) / (MAX_COLUMNS - SINGLE_RANKS);
        for (int first = SINGLE_RANKS + 1; first <= experts; first += bucket) {
            columns.add(new Column(first, Math.min(experts, first + bucket - 1)));
        }
        return new HeatmapColumns(true, columns);
    }

    /** The column holding an expert id (by id) or a 1-based load rank (by rank). */
    public int indexOf(int expertOrRank) {
        for (int c = 0; c < columns.size(); c++) {
            if (expertOrRank >= columns.get(c).first() && expertOrRank <= columns.get(c).last()) {
                return c;
            }
        }
        throw new IllegalArgumentException((byRank ? "rank " : "expert ") + expertOrRank + " is in no column (columns "
                + columns.get(0).label() + " .. " + columns.get(columns.size() - 1).label() + ")");
    }
}
