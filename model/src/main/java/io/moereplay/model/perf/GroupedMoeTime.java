package io.moereplay.model.perf;

/**
 * How long one GPU takes to run its routed experts of one layer as ONE grouped MoE kernel (a grouped
 * GEMM for gate/up over all its experts, the activation, a grouped GEMM for down), as serving
 * engines run them: {@link GroupedMoeTable} measured, {@link GroupedRoofline} from peaks.
 */
@FunctionalInterface
public interface GroupedMoeTime extends java.io.Serializable {

    /**
     * Microseconds for {@code tokenSlots} routed token-slots (a token sent to two of the GPU's experts
     * counts twice) spread over {@code activeExperts} experts with tokens; 0 when there are none.
     */
    double micros(long tokenSlots, int activeExperts);
}
