package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.torch.IntegerTensor;
import io.moereplay.connectors.io.torch.TensorRef;

/**
 * SGLang's {@code physical_to_logical_map} {@code [layers, physical_slots]}: the logical expert each
 * physical slot (an expert's replica on a GPU) holds, per layer. Logical experts are
 * {@code 0..max(map)}, since every logical expert has at least one slot.
 */
final class SglangExpertMap {

    private final int layers;
    private final int slots;
    private final int experts;
    private final int[] logicalOf;

    private SglangExpertMap(int layers, int slots, int experts, int[] logicalOf) {
        this.layers = layers;
        this.slots = slots;
        this.experts = experts;
        this.logicalOf = logicalOf;
    }

    /**
     * @throws io.moereplay.connectors.io.TraceFormatException when an entry is negative or the map is empty
     */
    static SglangExpertMap of(TensorRef ref, IntegerTensor map, String field, SglangFields fields) {
        int layers = ref.size(0);
        int slots = ref.size(1);
        if (layers == 0 || slots == 0) {
            throw fields.refuse(field + " " + ref.shapeText() + " has no layers or no slots");
        }
        int[] logicalOf = new int[map.length()];
        int max = 0;
        for (int i = 0; i < logicalOf.length; i++) {
            long logical = map.get(i);
            if (logical < 0 || logical >= Integer.MAX_VALUE) {
                throw fields.refuse(field + " maps slot " + i % slots + " of layer " + i / slots
                        + " to logical expert " + logical + ", which is not an expert id (0 or more)");
            }
            logicalOf[i] = (int) logical;
            max = Math.max(max, logicalOf[i]);
        }
        return new SglangExpertMap(layers, slots, max + 1, logicalOf);
    }

    int layers() {
        return layers;
    }

    int slots() {
        return slots;
    }

    /** Logical experts per layer: the largest entry plus one. */
    int experts() {
        return experts;
    }

    /**
     * Adds one layer's per-slot counts into per-logical-expert sums (replicas summed), noting for
     * each expert the first slot whose count is negative, or -1.
     *
     * @param counts {@code [layers, slots]} per-slot counts
     */
    void toLogical(IntegerTensor counts, int layer, long[] sums, int[] negativeSlot) {
        java.util.Arrays.fill(sums, 0);
        java.util.Arrays.fill(negativeSlot, -1);
        int base = layer * slots;
        for (int slot = 0; slot < slots; slot++) {
            long count = counts.get(base + slot);
            int expert = logicalOf[base + slot];
            sums[expert] += count;
            if (count < 0 && negativeSlot[expert] < 0) {
                negativeSlot[expert] = slot;
            }
        }
    }
}
