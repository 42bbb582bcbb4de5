package io.moereplay.model.cost;

import java.io.Serializable;

/**
 * Prefill as compute: each prompt token costs {@code 2 x active parameters} FLOPs (attention's
 * quadratic term is small at the prompt lengths served here), spread over the deployment's GPUs at
 * a model FLOPs utilisation; an iteration that admits requests spends this on top of its decode.
 *
 * @param flopsPerToken FLOPs one prompt token costs
 * @param flopsPerMicro the GPUs' peak FLOP per microsecond, all together
 * @param utilisation the fraction of peak prefill reaches, (0, 1]
 */
public record PrefillModel(double flopsPerToken, double flopsPerMicro, double utilisation) implements Serializable {

    /** A prefill MFU typical of large-batch prefill on Hopper-class GPUs. */
    public static final double DEFAULT_UTILISATION = 0.4;

    public PrefillModel {
        if (!(flopsPerToken > 0) || !(flopsPerMicro > 0) || !(utilisation > 0 && utilisation <= 1)) {
            throw new IllegalArgumentException("prefill needs positive FLOPs per token and per microsecond and a"
                    + " utilisation in (0, 1]");
        }
    }

    public double micros(long prefillTokens) {
        return prefillTokens * flopsPerToken / (flopsPerMicro * utilisation);
    }
}
