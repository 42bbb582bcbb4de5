package io.moereplay.model.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * What one night says about one layer, kept small enough to carry in the night's manifest: its hot
 * experts (load at least {@code hotThreshold} times the mean) and its balancedness (mean over max
 * expert load).
 *
 * @param layer the layer
 * @param hot hot expert ids, ascending
 * @param balancedness mean over max expert load, in (0, 1]; 1 when idle
 */
public record LayerDigest(int layer, List<Integer> hot, double balancedness) {

    public LayerDigest {
        hot = List.copyOf(hot);
    }

    public static LayerDigest of(int layer, long[] tokens, double hotThreshold) {
        long total = 0;
        long max = 0;
        for (long t : tokens) {
            total += t;
            max = Math.max(max, t);
        }
        double mean = (double) total / tokens.length;
        List<Integer> hot = new ArrayList<>();
        for (int e = 0; e < tokens.length; e++) {
            if (total > 0 && tokens[e] >= hotThreshold * mean) {
                hot.add(e);
            }
        }
        return new LayerDigest(layer, hot, max == 0 ? 1 : mean / max);
    }
}
