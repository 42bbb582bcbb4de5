package io.moereplay.jobs.validate;

import io.moereplay.jobs.input.LoadSummer;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.input.RoutingTraceScan;
import io.moereplay.model.routing.ZipfMandelbrotPopularity;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Popularity per expert id for the validation sweep: synthetic skews ({@code balanced},
 * {@code zipf:S}, {@code hot:X}: one expert at X times the mean) with ranks shuffled onto expert
 * ids by a seed, so the hot experts do not sit together on the first GPU; and the per-layer loads
 * of a recorded routing trace.
 */
final class SkewProfiles {

    private SkewProfiles() {}

    static double[] synthetic(String label, int experts, long seed) {
        double[] byRank;
        if (label.equals("balanced")) {
            byRank = new double[experts];
            Arrays.fill(byRank, 1);
        } else if (label.startsWith("zipf:")) {
            byRank = new ZipfMandelbrotPopularity(Double.parseDouble(label.substring(5)), 0).sharesByRank(experts);
        } else if (label.startsWith("hot:")) {
            double times = Double.parseDouble(label.substring(4));
            if (!(times >= 1 && times < experts)) {
                throw new IllegalArgumentException("skew " + label + ": X must be in [1, " + experts + ")");
            }
            byRank = new double[experts];
            Arrays.fill(byRank, (1 - times / experts) / (experts - 1));
            byRank[0] = times / experts;
        } else {
            throw new IllegalArgumentException("skew '" + label + "' is not balanced, zipf:S or hot:X");
        }
        int[] expertOfRank = new int[experts];
        for (int e = 0; e < experts; e++) {
            expertOfRank[e] = e;
        }
        Random random = new Random(seed ^ label.hashCode());
        for (int i = experts - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = expertOfRank[i];
            expertOfRank[i] = expertOfRank[j];
            expertOfRank[j] = swap;
        }
        double[] out = new double[experts];
        for (int rank = 0; rank < experts; rank++) {
            out[expertOfRank[rank]] = byRank[rank];
        }
        return out;
    }

    /**
     * The recorded trace's most and least even layers (by max over mean load), labelled
     * {@code trace:FILE:LAYER}, as popularity over the trace's experts.
     */
    static Map<String, double[]> recorded(String location) throws IOException {
        RoutingInputs inputs = RoutingInputs.resolve(List.of(location), null, null, null);
        long[][] counts = new long[inputs.shape().layerCount()][inputs.shape().experts()];
        RoutingTraceScan.read(inputs, 0, new LoadSummer(counts));
        int most = 0;
        int least = 0;
        for (int layer = 0; layer < counts.length; layer++) {
            if (maxOverMean(counts[layer]) > maxOverMean(counts[most])) {
                most = layer;
            }
            if (maxOverMean(counts[layer]) < maxOverMean(counts[least])) {
                least = layer;
            }
        }
        String name = new org.apache.flink.core.fs.Path(location).getName().replaceAll("\\.[a-z0-9.]+$", "");
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int layer : new int[] {most, least}) {
            out.put("trace:" + name + ":" + inputs.shape().layerId(layer),
                    Arrays.stream(counts[layer]).asDoubleStream().toArray());
        }
        return out;
    }

    private static double maxOverMean(long[] load) {
        double mean = Arrays.stream(load).average().orElse(0);
        return mean == 0 ? 1 : Arrays.stream(load).max().orElse(0) / mean;
    }
}
