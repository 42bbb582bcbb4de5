package io.moereplay.model.perf;

/**
 * Per step and layer: each GPU's token load under a placement, the layer's expert time set by the
 * busiest GPU, and what it would be if the router spread tokens perfectly evenly.
 */
public final class StragglerAccounting {

    private StragglerAccounting() {}

    public static LayerStraggler layer(long[] expertTokens, ExpertPlacement placement, ExpertFfnTime ffn) {
        if (expertTokens.length != placement.experts()) {
            throw new IllegalArgumentException(expertTokens.length + " expert loads for a placement of "
                    + placement.experts() + " experts");
        }
        long total = 0;
        for (long tokens : expertTokens) {
            total += tokens;
        }
        double[] tokens = placement.gpuTokens(expertTokens);
        double[] micros = placement.gpuMicros(expertTokens, ffn);
        int busiest = argMax(micros);
        double maxTokens = tokens[argMax(tokens)];
        long[] even = new long[expertTokens.length];
        java.util.Arrays.fill(even, Math.round((double) total / expertTokens.length));
        double balanced = max(placement.gpuMicros(even, ffn));
        return new LayerStraggler(busiest, maxTokens, (double) total / placement.gpus(), micros[busiest], balanced,
                micros[busiest] - balanced);
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double max(double[] values) {
        return values[argMax(values)];
    }
}
