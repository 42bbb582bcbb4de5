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
        double[] tokens = new double[placement.gpus()];
        double[] micros = new double[placement.gpus()];
        placement.gpuLoad(expertTokens, ffn, tokens, micros);
        int busiest = argMax(micros);
        double maxTokens = tokens[argMax(tokens)];
        double balanced = placement.balancedMicros(Math.round((double) total / expertTokens.length), ffn);
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
}
