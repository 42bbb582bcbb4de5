package io.moereplay.model.perf;

/**
 * One MoE layer of one decode step under a deployment.
 *
 * @param straggler the expert side: busiest GPU, its time and the balanced time
 * @param attentionMicros attention time (per micro-batch for pipelined deployments)
 * @param commMicros one dispatch (A2E) transfer; combine (E2A) costs the same
 * @param layerMicros the layer's time on the critical path (per micro-batch when pipelined)
 * @param stepShareMicros this layer's part of the step time: summed over layers it is the TBT
 * @param stepOverheadMicros how much of that share the skew costs: the share minus what it would be
 *     with every expert at the mean load
 * @param communicationHidden pipelined deployments: MegaScale-Infer's Eq. 2 (T_c < T_f) holds;
 *     colocated: always false (nothing overlaps)
 * @param pipelineFilled pipelined deployments: Eq. 3 (m >= 2(1 + T_c/T_f)) holds; colocated: true
 */
public record LayerTiming(LayerStraggler straggler, double attentionMicros, double commMicros, double layerMicros,
        double stepShareMicros, double stepOverheadMicros, boolean communicationHidden, boolean pipelineFilled) {}
