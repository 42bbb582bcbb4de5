package io.moereplay.connectors.placementfiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moereplay.model.placement.LayerSlots;

import java.io.UncheckedIOException;

/**
 * vllm-ascend's {@code expert_map} JSON: per MoE layer, per device its local slots' experts.
 * vllm-ascend takes layers in list order as MoE layers {@code 0..moe_layer_count-1}, so the keys
 * must be exactly those.
 */
final class AscendExpertMapWriter implements PlacementFileWriter {

    @Override
    public String text(EnginePlacement placement) {
        ObjectNode root = PlacementJson.JSON.createObjectNode().put("moe_layer_count", placement.layers().size());
        ArrayNode layerList = root.putArray("layer_list");
        int expected = 0;
        int perGpu = placement.slotsPerGpu();
        for (LayerSlots layer : placement.layers().values()) {
            if (layer.layer() != expected++) {
                throw new IllegalArgumentException("vllm-ascend reads MoE layers 0..moe_layer_count-1 in order; layer "
                        + (expected - 1) + " is missing (the next is " + layer.layer() + ")");
            }
            ObjectNode entry = layerList.addObject().put("layer_id", layer.layer()).put("device_count", placement.gpus());
            ArrayNode devices = entry.putArray("device_list");
            for (int g = 0; g < placement.gpus(); g++) {
                ArrayNode ids = devices.addObject().put("device_id", g).putArray("device_expert");
                for (int i = 0; i < perGpu; i++) {
                    ids.add(layer.physicalToLogical()[g * perGpu + i]);
                }
            }
        }
        try {
            return PlacementJson.JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
