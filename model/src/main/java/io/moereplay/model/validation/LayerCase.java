package io.moereplay.model.validation;

import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.perf.ExpertPlacement;

import java.util.Arrays;

/**
 * One measured configuration of one MoE layer: a batch's tokens per expert (from a skew) and the
 * placement of the experts (and replicas) on the expert-parallel GPUs. {@code gpus == 1} is the
 * single-device case, every expert on one GPU.
 *
 * @param id the case's name in the harness's input and output
 * @param model catalogued model whose expert shape the layer has
 * @param tokens the batch's tokens
 * @param policy placement policy ({@code none}: contiguous, no replicas)
 * @param skew the load's label, e.g. {@code zipf:1.2}
 * @param expertTokens tokens routed to each expert
 * @param placement experts and replicas on the GPUs
 */
public record LayerCase(String id, String model, long tokens, String policy, String skew, long[] expertTokens,
        ExpertPlacement placement) {

    public int gpus() {
        return placement.gpus();
    }

    /**
     * Tokens each replica processes: its share of its expert's tokens, rounded as the serving model
     * rounds them ({@link ExpertPlacement#gpuLoad(long[], ExpertFfnTime, double[], double[])}).
     */
    public long[] replicaTokens() {
        long[] out = new long[placement.replicas()];
        for (int r = 0; r < out.length; r++) {
            out[r] = Math.round(placement.replicaShare()[r] * expertTokens[placement.replicaExpert()[r]]);
        }
        return out;
    }

    /** Each GPU's predicted expert compute under {@code ffn}. */
    public double[] predictedGpuMicros(ExpertFfnTime ffn) {
        return placement.gpuMicros(expertTokens, ffn);
    }

    /** The layer's predicted expert time: the busiest GPU's. */
    public double predictedLayerMicros(ExpertFfnTime ffn) {
        return Arrays.stream(predictedGpuMicros(ffn)).max().orElse(0);
    }
}
