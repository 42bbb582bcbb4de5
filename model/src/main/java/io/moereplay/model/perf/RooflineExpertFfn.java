package io.moereplay.model.perf;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;

/**
 * An expert FFN by the roofline: the larger of its FLOPs over the GPU's compute and its bytes
 * over memory bandwidth, each at an achievable fraction of peak, plus a fixed start-up (kernel
 * launches). FLOPs: {@code 2 * matrices * h * i * b / tp}. Bytes: the expert's weight slice
 * ({@code matrices * h * i * bytesPerParam / tp}) plus activations in and out
 * ({@code b * (2h + matrices*i/tp) * 2} bytes, bf16). At small batches the weights dominate and
 * the time is flat; past the ridge point the GEMMs become compute-bound and grow with {@code b}.
 *
 * @param hidden model width h
 * @param intermediate the expert's FFN width i
 * @param matrices 3 for gated (SwiGLU) experts, 2 for plain
 * @param bytesPerParam weight bytes per parameter
 * @param tp tensor-parallel degree the expert is split over
 * @param gpu the GPU
 * @param computeEfficiency achievable fraction of peak FLOPs, (0, 1]
 * @param memoryEfficiency achievable fraction of peak memory bandwidth, (0, 1]
 * @param startupMicros fixed cost per expert invocation
 */
public record RooflineExpertFfn(int hidden, int intermediate, int matrices, double bytesPerParam, int tp,
        GpuSpec gpu, double computeEfficiency, double memoryEfficiency, double startupMicros)
        implements ExpertFfnTime {

    public RooflineExpertFfn {
        if (hidden < 1 || intermediate < 1 || matrices < 2 || matrices > 3 || tp < 1) {
            throw new IllegalArgumentException("expert shape h=" + hidden + ", i=" + intermediate + ", matrices="
                    + matrices + ", tp=" + tp + " is not valid");
        }
        if (!(computeEfficiency > 0 && computeEfficiency <= 1) || !(memoryEfficiency > 0 && memoryEfficiency <= 1)) {
            throw new IllegalArgumentException("efficiencies " + computeEfficiency + ", " + memoryEfficiency
                    + " must be in (0, 1]");
        }
        if (!(startupMicros >= 0)) {
            throw new IllegalArgumentException("start-up " + startupMicros + " us must be >= 0");
        }
    }

    /** A catalogued model's routed expert on {@code gpu}, split {@code tp} ways. */
    public static RooflineExpertFfn of(MoeModelSpec model, GpuSpec gpu, int tp, double computeEfficiency,
            double memoryEfficiency, double startupMicros) {
        return new RooflineExpertFfn(model.hiddenSize(), model.expertIntermediateSize(), model.ffnMatrices(),
                model.bytesPerParam(), tp, gpu, computeEfficiency, memoryEfficiency, startupMicros);
    }

    public double flops(long tokens) {
        return 2.0 * matrices * hidden * (double) intermediate * tokens / tp;
    }

    public double bytes(long tokens) {
        double weights = matrices * (double) hidden * intermediate * bytesPerParam / tp;
        double activations = tokens * (2.0 * hidden + (double) matrices * intermediate / tp) * 2;
        return weights + activations;
    }

    /**
     * The same times with the constants folded: {@code max(c b, m0 + m1 b) + startup}, two
     * multiply-adds a call instead of two divisions, for the straggler job's inner loop (one call
     * per expert per layer per step).
     */
    public ExpertFfnTime compiled() {
        double computePerToken = flops(1) / (gpu.flopsPerMicro() * computeEfficiency);
        double memoryFixed = bytes(0) / (gpu.hbmBytesPerMicro() * memoryEfficiency);
        double memoryPerToken = (bytes(1) - bytes(0)) / (gpu.hbmBytesPerMicro() * memoryEfficiency);
        double startup = startupMicros;
        return tokens -> tokens == 0 ? 0
                : Math.max(computePerToken * tokens, memoryFixed + memoryPerToken * tokens) + startup;
    }

    @Override
    public double micros(long tokens) {
        if (tokens == 0) {
            return 0;
        }
        double compute = flops(tokens) / (gpu.flopsPerMicro() * computeEfficiency);
        double memory = bytes(tokens) / (gpu.hbmBytesPerMicro() * memoryEfficiency);
        return Math.max(compute, memory) + startupMicros;
    }
}
