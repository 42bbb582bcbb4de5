package io.moereplay.jobs.report.page;

import org.apache.parquet.example.data.Group;

import java.util.List;

/**
 * How much of the hot set changed since the night before, from a night's {@code drift} table
 * (one row per layer both nights have). A layer's change is 1 - hot Jaccard: 0 when the same
 * experts are hot both nights, 1 when none stayed hot.
 *
 * @param meanChanged  1 - hot Jaccard, mean over the layers
 * @param worstChanged 1 - hot Jaccard of the layer that changed most
 * @param added        experts hot tonight and not the night before, summed over layers
 * @param removed      experts hot the night before and not tonight, summed over layers
 * @param layers       layers compared
 * @param rebalance    layers the drift table says to re-place
 */
record HotSetDrift(double meanChanged, double worstChanged, int added, int removed, int layers, int rebalance) {

    /** The night's drift, or null when it has none (its first night, or a folder without the table). */
    static HotSetDrift of(List<Group> drift) {
        if (drift.isEmpty()) {
            return null;
        }
        double sum = 0;
        double worst = 0;
        int added = 0;
        int removed = 0;
        int rebalance = 0;
        for (Group row : drift) {
            double changed = 1 - row.getDouble("hot_jaccard", 0);
            sum += changed;
            worst = Math.max(worst, changed);
            added += size(row, "hot_added");
            removed += size(row, "hot_removed");
            rebalance += TableRows.isTrue(row, "rebalance") ? 1 : 0;
        }
        return new HotSetDrift(sum / drift.size(), worst, added, removed, drift.size(), rebalance);
    }

    private static int size(Group row, String listColumn) {
        return row.getFieldRepetitionCount(listColumn) == 0 ? 0
                : row.getGroup(listColumn, 0).getFieldRepetitionCount("list");
    }
}
