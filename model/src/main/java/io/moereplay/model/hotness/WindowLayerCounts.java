package io.moereplay.model.hotness;

import java.util.Arrays;

/**
 * Partial or total token counts of every expert of one layer in one window: the unit that trace
 * splits produce and that merges add up.
 *
 * @param window window index
 * @param layer layer id
 * @param counts tokens per expert, indexed by expert id
 */
public record WindowLayerCounts(long window, int layer, long[] counts) {

    /** The element-wise sum of two partials of the same window and layer. */
    public WindowLayerCounts plus(WindowLayerCounts other) {
        if (other.window != window || other.layer != layer || other.counts.length != counts.length) {
            throw new IllegalArgumentException("cannot add " + other + " to " + this);
        }
        long[] sum = counts.clone();
        for (int e = 0; e < sum.length; e++) {
            sum[e] += other.counts[e];
        }
        return new WindowLayerCounts(window, layer, sum);
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WindowLayerCounts that
                && window == that.window
                && layer == that.layer
                && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(window) + layer) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "WindowLayerCounts[window=" + window + ", layer=" + layer + ", counts="
                + Arrays.toString(counts) + "]";
    }
}
