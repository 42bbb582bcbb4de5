package io.moereplay.model.replay;

/**
 * The routed load of one MoE layer over one window of decode steps.
 *
 * @param window window index (see {@link io.moereplay.model.hotness.WindowSpec#windowOf})
 * @param startMicros time windows: the window's start; other windows: the first step's start
 * @param firstStep number of the window's first decode step
 * @param steps decode steps in the window
 * @param decodeTokens tokens those steps generated (each visits top-k routed experts per layer)
 * @param contextTokens the context those tokens attended over, summed (prompt plus tokens so far)
 * @param layer MoE layer, from 0
 * @param tokensByExpert routed token choices per expert; the array is the record's own
 */
public record LayerWindowLoad(
        long window, long startMicros, long firstStep, long steps, long decodeTokens, long contextTokens,
        int layer, long[] tokensByExpert) {

    /** Routed token choices of the layer in the window: decode tokens x top-k. */
    public long routedTokens() {
        long total = 0;
        for (long tokens : tokensByExpert) {
            total += tokens;
        }
        return total;
    }
}
