package io.moereplay.model.perf;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;

/**
 * One layer of decode attention on one attention GPU group: memory-bound, so its time is the bytes
 * it reads over the memory bandwidth (at an achievable fraction), plus a start-up, plus the
 * tensor-parallel all-reduce of its output. Bytes: the KV cache of every sequence's context
 * ({@code contextTokens} summed over the sequences) and the layer's attention weights, both split
 * over {@code tp} GPUs.
 *
 * @param kvBytesPerToken KV-cache bytes one token keeps in one layer (GQA: {@code 2 kvHeads headDim}
 *     bf16 values; MLA: {@code kvLoraRank + qkRopeHeadDim} values)
 * @param weightBytes the layer's attention weight bytes
 * @param hidden model width, for the all-reduce of {@code sequences x hidden} bf16 outputs
 * @param tp tensor-parallel degree
 * @param gpu the attention GPU
 * @param memoryEfficiency achievable fraction of peak memory bandwidth, (0, 1]
 * @param startupMicros fixed cost per layer (kernel launches)
 * @param tpLink the link the all-reduce crosses (NVLink inside a node)
 */
public record DecodeAttention(double kvBytesPerToken, double weightBytes, int hidden, int tp, GpuSpec gpu,
        double memoryEfficiency, double startupMicros, LinkModel tpLink) implements java.io.Serializable {

    public DecodeAttention {
        if (!(kvBytesPerToken > 0) || !(weightBytes >= 0) || hidden < 1 || tp < 1) {
            throw new IllegalArgumentException("attention KV " + kvBytesPerToken + " B/token, weights " + weightBytes
                    + " B, hidden " + hidden + ", tp " + tp + " is not valid");
        }
        if (!(memoryEfficiency > 0 && memoryEfficiency <= 1) || !(startupMicros >= 0)) {
            throw new IllegalArgumentException("memory efficiency " + memoryEfficiency + " must be in (0, 1] and"
                    + " start-up " + startupMicros + " >= 0");
        }
    }

    /** A catalogued model's attention on {@code gpu}, split {@code tp} ways, in bf16 KV cache. */
    public static DecodeAttention of(MoeModelSpec model, GpuSpec gpu, int tp, double memoryEfficiency,
            double startupMicros, LinkModel tpLink) {
        return new DecodeAttention(model.kvCacheBytesPerTokenPerLayer(), model.attentionParamsPerLayer() * model.bytesPerParam(),
                model.hiddenSize(), tp, gpu, memoryEfficiency, startupMicros, tpLink);
    }

    /**
     * @param sequences sequences in the batch, one query token each
     * @param contextTokens their context lengths summed
     */
    public double micros(long sequences, long contextTokens) {
        if (sequences == 0) {
            return 0;
        }
        double bytes = (contextTokens * kvBytesPerToken + weightBytes) / tp;
        double allReduce = tp == 1 ? 0 : tpLink.micros(2.0 * (tp - 1) / tp * sequences * hidden * 2);
        return bytes / (gpu.hbmBytesPerMicro() * memoryEfficiency) + startupMicros + allReduce;
    }
}
