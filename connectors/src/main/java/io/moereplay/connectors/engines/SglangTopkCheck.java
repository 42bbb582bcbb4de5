package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.torch.IntegerTensor;
import io.moereplay.connectors.io.torch.TensorRef;

/**
 * The check a {@code per_token} record must pass: SGLang computes {@code global_physical_count}
 * from {@code topk_ids_of_layer} ({@code _convert_per_token_to_global_physical_count}: a scatter-add
 * of the ids that are not -1), so a record whose two disagree, or whose ids fall outside the map's
 * slots, was not written by SGLang intact.
 */
final class SglangTopkCheck {

    private SglangTopkCheck() {}

    /**
     * @param topk {@code [layers, tokens, k]} physical slot ids, -1 padded
     * @param counts {@code [layers, slots]} per-slot counts of the same record
     * @throws io.moereplay.connectors.io.TraceFormatException naming the record when they disagree
     */
    static void requireCountsMatch(IntegerTensor topk, TensorRef topkRef, IntegerTensor counts, SglangExpertMap map,
            String where, SglangFields fields) {
        int slots = map.slots();
        int perLayer = topkRef.size(1) * topkRef.size(2);
        long[] chosen = new long[slots];
        for (int layer = 0; layer < map.layers(); layer++) {
            java.util.Arrays.fill(chosen, 0);
            for (int i = layer * perLayer; i < (layer + 1) * perLayer; i++) {
                long slot = topk.get(i);
                if (slot == -1) {
                    continue;
                }
                if (slot < -1 || slot >= slots) {
                    throw fields.refuse(where + ".topk_ids_of_layer holds physical slot id " + slot + " (layer "
                            + layer + ", token " + (i - layer * perLayer) / topkRef.size(2) + ") but the map has "
                            + slots + " slots, 0.." + (slots - 1));
                }
                chosen[(int) slot]++;
            }
            for (int slot = 0; slot < slots; slot++) {
                long counted = counts.get(layer * slots + slot);
                if (counted != chosen[slot]) {
                    throw fields.refuse(where + ".global_physical_count gives slot " + slot + " of layer " + layer
                            + " " + counted + " tokens but its topk_ids_of_layer chose that slot " + chosen[slot]
                            + " times; the record is corrupt");
                }
            }
        }
    }
}
