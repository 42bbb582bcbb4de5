package io.moereplay.model.perf;

/**
 * What the busiest GPU cost one MoE layer of one step.
 *
 * @param busiestGpu the GPU whose expert compute took longest (ties: the lowest id)
 * @param maxGpuTokens tokens on the GPU with the most
 * @param meanGpuTokens tokens per GPU if spread evenly
 * @param layerMicros expert compute time of the layer: the busiest GPU's
 * @param balancedMicros the same were the load perfectly even under the same placement (every
 *     expert at the mean; with replicas, every GPU at the mean): what the layer would take without
 *     routing skew
 * @param overheadMicros {@code layerMicros - balancedMicros}: the straggler's cost; it can be
 *     slightly negative when skew leaves experts idle and saves their launches
 */
public record LayerStraggler(int busiestGpu, double maxGpuTokens, double meanGpuTokens, double layerMicros,
        double balancedMicros, double overheadMicros) {

    /** maxGpuTokens / meanGpuTokens, 1 when even (0 tokens count as even). */
    public double maxOverMean() {
        return meanGpuTokens == 0 ? 1 : maxGpuTokens / meanGpuTokens;
    }
}
