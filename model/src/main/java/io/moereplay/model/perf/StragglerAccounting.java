package io.moereplay.model.perf;

/**
 * Per step and layer: each GPU's token load under a placement, the layer's expert time set by the
 * busiest GPU (its experts one after another, or as one grouped kernel: see
 * {@link ExpertFfnTime#groupedKernel()}), and what it would be if the router spread tokens perfectly
 * evenly. Allocates nothing but its result (see {@link RankLoads}).
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
        RankLoads loads = RankLoads.forThread(placement.gpus());
        placement.gpuLoad(expertTokens, ffn, loads);
        double[] micros = loads.micros;
        int busiest = argMax(micros, loads.gpus);
        double maxTokens = loads.tokens[argMax(loads.tokens, loads.gpus)];
        double balanced = placement.balancedMicros(Math.round((double) total / expertTokens.length), ffn);
        return new LayerStraggler(busiest, maxTokens, (double) total / placement.gpus(), micros[busiest], balanced,
                micros[busiest] - balanced);
    }

    /** The first index of the largest of {@code values[0..count)}. */
    private static int argMax(double[] values, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
