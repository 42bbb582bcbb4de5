package io.moereplay.model.hotness;

import io.moereplay.model.trace.TraceShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dense per-window, per-layer expert counters: where a split's routing decisions are counted
 * before anything leaves the reader, so billions of decisions become a few arrays.
 *
 * <p>Not thread-safe; one per reader.
 */
public final class WindowedLoadCounter {

    private final TraceShape shape;
    private final Map<Long, long[][]> windows = new TreeMap<>();
    private long lastWindow = Long.MIN_VALUE;
    private long[][] lastCounts;

    public WindowedLoadCounter(TraceShape shape) {
        this.shape = shape;
    }

    /** Adds tokens to an expert; {@code layerIndex} is the dense index from {@link TraceShape}. */
    public void add(long window, int layerIndex, int expert, long tokens) {
        countsOf(window)[layerIndex][expert] += tokens;
    }

    /** Adds one token to each of {@code experts[0..k)}. */
    public void addChoices(long window, int layerIndex, int[] experts, int k) {
        long[] layerCounts = countsOf(window)[layerIndex];
        for (int i = 0; i < k; i++) {
            layerCounts[experts[i]]++;
        }
    }

    /** The non-empty (window, layer) counters, in window then layer order. */
    public List<WindowLayerCounts> drain() {
        List<WindowLayerCounts> out = new ArrayList<>();
        for (Map.Entry<Long, long[][]> entry : windows.entrySet()) {
            long[][] perLayer = entry.getValue();
            for (int index = 0; index < perLayer.length; index++) {
                if (hasTokens(perLayer[index])) {
                    out.add(new WindowLayerCounts(
                            entry.getKey(), shape.layerId(index), perLayer[index]));
                }
            }
        }
        windows.clear();
        lastWindow = Long.MIN_VALUE;
        lastCounts = null;
        return out;
    }

    private long[][] countsOf(long window) {
        if (window != lastWindow) {
            lastCounts = windows.computeIfAbsent(
                    window, w -> new long[shape.layerCount()][shape.experts()]);
            lastWindow = window;
        }
        return lastCounts;
    }

    private static boolean hasTokens(long[] counts) {
        for (long c : counts) {
            if (c != 0) {
                return true;
            }
        }
        return false;
    }
}
