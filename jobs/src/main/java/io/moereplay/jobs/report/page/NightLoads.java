package io.moereplay.jobs.report.page;

import org.apache.parquet.example.data.Group;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The night's tokens per (layer, expert), {@code expert_hotness} summed over its windows: what the
 * hotness charts draw. Balancedness is over the whole night (mean / max expert load), as in the
 * manifest's digest.
 */
record NightLoads(int experts, Map<Integer, long[]> tokens) {

    static NightLoads of(List<Group> expertHotness) {
        int experts = 0;
        for (Group row : expertHotness) {
            experts = Math.max(experts, row.getInteger("expert", 0) + 1);
        }
        Map<Integer, long[]> tokens = new TreeMap<>();
        for (Group row : expertHotness) {
            int n = experts;
            tokens.computeIfAbsent(row.getInteger("layer", 0), l -> new long[n])[row.getInteger("expert", 0)]
                    += row.getLong("tokens", 0);
        }
        return new NightLoads(experts, tokens);
    }

    long total(int layer) {
        return Arrays.stream(tokens.get(layer)).sum();
    }

    double share(int layer, int expert) {
        long total = total(layer);
        return total == 0 ? 0 : (double) tokens.get(layer)[expert] / total;
    }

    /** Tokens over the layer's mean per expert: 1 = exactly average. */
    double loadOverMean(int layer, int expert) {
        return share(layer, expert) * experts;
    }

    double balancedness(int layer) {
        long max = Arrays.stream(tokens.get(layer)).max().orElse(0);
        return max == 0 ? 1 : (double) total(layer) / experts / max;
    }

    /** The layer's expert ids, busiest first; ties go to the lower id (the hotness table's rank rule). */
    int[] ranked(int layer) {
        long[] load = tokens.get(layer);
        return IntStream.range(0, experts).boxed()
                .sorted(Comparator.<Integer>comparingLong(e -> -load[e]).thenComparingInt(e -> e))
                .mapToInt(Integer::intValue).toArray();
    }
}
