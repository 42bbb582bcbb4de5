package io.moereplay.model.perf;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;

/**
 * A grouped MoE kernel by the roofline, for a GPU without a measured grouped profile: one kernel
 * reads the weights of every active expert once and does all the token-slots' FLOPs, so its time is
 * the larger of those FLOPs over compute and those bytes over memory bandwidth (each at an achievable
 * fraction of peak) plus one start-up. Same bytes and FLOPs as {@link RooflineExpertFfn}, summed over
 * the GPU's experts, with the constants folded for the straggler job's inner loop.
 */
public final class GroupedRoofline implements GroupedMoeTime {

    private static final long serialVersionUID = 1L;

    private final double computePerSlot;
    private final double memoryPerExpert;
    private final double memoryPerSlot;
    private final double startupMicros;

    private GroupedRoofline(RooflineExpertFfn expert) {
        GpuSpec gpu = expert.gpu();
        this.computePerSlot = expert.flops(1) / (gpu.flopsPerMicro() * expert.computeEfficiency());
        double bandwidth = gpu.hbmBytesPerMicro() * expert.memoryEfficiency();
        this.memoryPerExpert = expert.bytes(0) / bandwidth;
        this.memoryPerSlot = (expert.bytes(1) - expert.bytes(0)) / bandwidth;
        this.startupMicros = expert.startupMicros();
    }

    /** A catalogued model's routed experts on {@code gpu}, each split {@code tp} ways. */
    public static GroupedRoofline of(MoeModelSpec model, GpuSpec gpu, int tp, double computeEfficiency,
            double memoryEfficiency, double startupMicros) {
        return new GroupedRoofline(RooflineExpertFfn.of(model, gpu, tp, computeEfficiency, memoryEfficiency,
                startupMicros));
    }

    @Override
    public double micros(long tokenSlots, int activeExperts) {
        if (tokenSlots <= 0 || activeExperts <= 0) {
            return 0;
        }
        return Math.max(computePerSlot * tokenSlots, memoryPerExpert * activeExperts + memoryPerSlot * tokenSlots)
                + startupMicros;
    }
}
