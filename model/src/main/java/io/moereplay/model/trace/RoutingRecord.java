package io.moereplay.model.trace;

import java.util.Arrays;

/**
 * The router's choice for one token at one MoE layer: its top-k experts.
 *
 * <p>Arrays are copied in and out, so a record is immutable.
 *
 * @param requestId the request the token belongs to
 * @param tokenIndex the token's position within its request (or within the trace where the trace
 *     has no requests), at least 0
 * @param phase prefill or decode
 * @param layer layer id as the trace numbers it, at least 0
 * @param experts the chosen expert ids, distinct, in the router's rank order
 * @param gateWeights the gate weight of each chosen expert, same length as {@code experts}; empty
 *     where the trace has none
 */
public record RoutingRecord(
        long requestId, int tokenIndex, Phase phase, int layer, int[] experts, float[] gateWeights) {

    private static final float[] NO_WEIGHTS = new float[0];

    public RoutingRecord {
        String problem = RoutingChecks.problem(requestId, tokenIndex, layer, experts, experts.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (phase == null) {
            throw new IllegalArgumentException("phase is missing");
        }
        gateWeights = gateWeights == null ? NO_WEIGHTS : gateWeights.clone();
        String weightProblem = RoutingChecks.gateWeightProblem(gateWeights, experts.length);
        if (weightProblem != null) {
            throw new IllegalArgumentException(weightProblem);
        }
        experts = experts.clone();
    }

    @Override
    public int[] experts() {
        return experts.clone();
    }

    @Override
    public float[] gateWeights() {
        return gateWeights.clone();
    }

    /** Number of experts chosen (the router's k). */
    public int topK() {
        return experts.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoutingRecord that
                && requestId == that.requestId
                && tokenIndex == that.tokenIndex
                && phase == that.phase
                && layer == that.layer
                && Arrays.equals(experts, that.experts)
                && Arrays.equals(gateWeights, that.gateWeights);
    }

    @Override
    public int hashCode() {
        int result = Long.hashCode(requestId);
        result = 31 * result + tokenIndex;
        result = 31 * result + phase.hashCode();
        result = 31 * result + layer;
        result = 31 * result + Arrays.hashCode(experts);
        return 31 * result + Arrays.hashCode(gateWeights);
    }

    @Override
    public String toString() {
        return "RoutingRecord[request=" + requestId + ", token=" + tokenIndex + ", " + phase.label()
                + ", layer=" + layer + ", experts=" + Arrays.toString(experts)
                + ", gateWeights=" + Arrays.toString(gateWeights) + "]";
    }
}
