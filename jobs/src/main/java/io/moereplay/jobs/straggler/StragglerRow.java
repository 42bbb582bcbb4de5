package io.moereplay.jobs.straggler;

import io.moereplay.model.perf.LayerTiming;

/**
 * One row of {@code straggler}: one MoE layer of one decode step under one deployment.
 *
 * @param deployment the deployment's spec
 * @param step decode step number
 * @param stepStartMicros when the step starts on the request trace's clock
 * @param layer MoE layer
 * @param sequences decoding sequences in the step
 * @param busiestGpu GPU (or expert node) with the longest expert compute
 * @param maxGpuTokens its tokens
 * @param meanGpuTokens tokens per GPU if spread evenly
 * @param attentionMicros attention time
 * @param commMicros one dispatch transfer
 * @param expertMicros the busiest GPU's expert compute
 * @param balancedMicros expert compute with every expert at the mean load
 * @param overheadMicros expertMicros - balancedMicros
 * @param layerMicros the layer's critical path
 * @param stepShareMicros the layer's share of the step time
 * @param stepOverheadMicros the part of that share the skew costs
 * @param communicationHidden Eq. 2 held (pipelined deployments)
 * @param pipelineFilled Eq. 3 held (pipelined deployments)
 */
public record StragglerRow(
        String deployment, long step, long stepStartMicros, int layer, long sequences, int busiestGpu,
        double maxGpuTokens, double meanGpuTokens, double attentionMicros, double commMicros, double expertMicros,
        double balancedMicros, double overheadMicros, double layerMicros, double stepShareMicros, double stepOverheadMicros,
        boolean communicationHidden, boolean pipelineFilled) {

    static StragglerRow of(String deployment, long step, long stepStartMicros, int sequences, int layer, LayerTiming t) {
        return new StragglerRow(deployment, step, stepStartMicros, layer, sequences,
                t.straggler().busiestGpu(), t.straggler().maxGpuTokens(), t.straggler().meanGpuTokens(),
                t.attentionMicros(), t.commMicros(), t.straggler().layerMicros(), t.straggler().balancedMicros(),
                t.straggler().overheadMicros(), t.layerMicros(), t.stepShareMicros(), t.stepOverheadMicros(),
                t.communicationHidden(), t.pipelineFilled());
    }
}
