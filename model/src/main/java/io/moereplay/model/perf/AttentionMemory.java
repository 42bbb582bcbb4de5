package io.moereplay.model.perf;

/**
 * MegaScale-Infer's Eq. 8, the attention node's memory limit in bf16:
 * {@code 4 m b_a s h L / g + 2 P_a < tp_a C_a}: the KV cache of its {@code m} micro-batches of
 * {@code b_a} sequences of {@code s} tokens (K and V, 2 bytes each, {@code h / g} wide per layer
 * with {@code g} GQA groups, {@code L} layers) plus its attention weights must fit its GPUs.
 */
public final class AttentionMemory {

    private AttentionMemory() {}

    /** Bytes Eq. 8 needs: {@code 4 m b_a s h L / g + 2 P_a}. */
    public static double bytesNeeded(int microBatches, int sequencesPerMicroBatch, long contextTokens, int hidden,
            int layers, int gqaGroups, double attentionParams) {
        return 4.0 * microBatches * sequencesPerMicroBatch * contextTokens * hidden * layers / gqaGroups
                + 2 * attentionParams;
    }

    /** Whether Eq. 8 holds for {@code tp} GPUs of {@code gpuBytes} each. */
    public static boolean fits(double bytesNeeded, int tp, double gpuBytes) {
        return bytesNeeded < tp * gpuBytes;
    }
}
