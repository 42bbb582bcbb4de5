package io.moereplay.model.perf;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;

/**
 * Decode attention's kernel time fitted to a GPU's measured sweep ({@code decode_attention.csv}:
 * batch x context): {@code floorMicros + kvBytes / kvBytesPerMicro}, a start-up plus the KV cache
 * streamed at the bandwidth the kernel reaches. Fitted on squared relative error, since the sweep
 * spans 11 us to 1.4 ms and a plain fit would let the largest points decide. One fit per GPU and
 * attention kind: it follows KV bytes, not the model, so it prices any GQA model on that GPU.
 *
 * <p>Worked example (H100, 60 rows of three GQA models, default SDPA backend, {@code enable_gqa}):
 * 11.9 us + bytes / 2.88 TB/s, 7.4% MAPE, where 75% of 3.35 TB/s plus 5 us misses by 24%.
 *
 * @param floorMicros start-up per layer (the intercept)
 * @param kvBytesPerMicro bandwidth the KV stream reaches, bytes per microsecond (1 / slope)
 * @param meanAbsolutePercentageError over the fitted rows, as a fraction
 * @param points rows fitted
 */
public record AttentionKernelFit(double floorMicros, double kvBytesPerMicro, double meanAbsolutePercentageError,
        int points) implements java.io.Serializable {

    public AttentionKernelFit {
        if (!(floorMicros >= 0) || !(kvBytesPerMicro > 0)) {
            throw new IllegalArgumentException("attention fit floor " + floorMicros + " us and bandwidth " + kvBytesPerMicro
                    + " B/us: need a floor >= 0 and a positive bandwidth; the profile is not memory-bound");
        }
    }

    /**
     * Fits measured (KV bytes, microseconds) rows.
     *
     * @throws IllegalArgumentException with fewer than two distinct sizes, or a fit without a floor or bandwidth
     */
    public static AttentionKernelFit of(double[] kvBytes, double[] micros) {
        LinearFit line = LinearFit.relative(kvBytes, micros);
        return new AttentionKernelFit(line.intercept(), 1 / line.slope(), line.meanAbsolutePercentageError(),
                line.points());
    }

    /** The kernel's time for one layer reading {@code kvBytes} of KV cache. */
    public double micros(double kvBytes) {
        return floorMicros + kvBytes / kvBytesPerMicro;
    }

    /**
     * A catalogued model's attention on {@code gpu} priced by this fit: its floor as the start-up and
     * its bandwidth as the memory efficiency, so the attention weights stream at the same rate and
     * the tensor-parallel all-reduce is added as before.
     */
    public DecodeAttention attention(MoeModelSpec model, GpuSpec gpu, int tp, LinkModel tpLink) {
        double efficiency = Math.min(1, kvBytesPerMicro / gpu.hbmBytesPerMicro());
        return DecodeAttention.of(model, gpu, tp, efficiency, floorMicros, tpLink);
    }
}
