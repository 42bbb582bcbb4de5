package io.moereplay.connectors.placementfiles;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.placement.LayerSlots;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads vllm-ascend's {@code expert_map} JSON back. As vllm-ascend's {@code ExpertLoadBalancer}
 * does, layers are taken in list order (MoE layer {@code i} is entry {@code i}) and devices in
 * list order; it stacks the devices' lists into one tensor, so they must all be the same length.
 */
final class AscendExpertMapReader implements PlacementFileReader {

    static final String KEY = "layer_list";
    private static final String EXPECTED = "{\"moe_layer_count\", \"layer_list\": [{\"layer_id\", \"device_count\","
            + " \"device_list\": [{\"device_id\", \"device_expert\": [ids]}]}]}";

    @Override
    public EnginePlacement read(String file, String text, int experts, int gpus) {
        JsonNode root = PlacementJson.object(file, text, EXPECTED);
        int count = PlacementJson.count(file, root, "moe_layer_count", "");
        JsonNode layerList = PlacementJson.field(file, root, KEY, "");
        if (!layerList.isArray() || layerList.size() != count || count == 0) {
            throw PlacementJson.refuse(file, "moe_layer_count is " + count + " but layer_list has "
                    + (layerList.isArray() ? layerList.size() + " entries" : "no list") + "; expected " + EXPECTED);
        }
        SortedMap<Integer, LayerSlots> layers = new TreeMap<>();
        for (int layer = 0; layer < count; layer++) {
            layers.put(layer, layer(file, layer, layerList.get(layer), gpus));
        }
        return PlacementJson.placement(file, experts, gpus, layers);
    }

    /** Entry {@code layer}: its devices' lists concatenated, rank-major. */
    private static LayerSlots layer(String file, int layer, JsonNode entry, int gpus) {
        String where = "layer " + layer + ": ";
        JsonNode devices = PlacementJson.field(file, entry, "device_list", where);
        int deviceCount = PlacementJson.count(file, entry, "device_count", where);
        if (!devices.isArray() || devices.size() != deviceCount || deviceCount != gpus) {
            throw PlacementJson.refuse(file, where + "device_count " + deviceCount + " and "
                    + (devices.isArray() ? devices.size() : 0) + " devices listed; this run has " + gpus + " GPUs");
        }
        int[][] perDevice = new int[gpus][];
        for (int g = 0; g < gpus; g++) {
            perDevice[g] = PlacementJson.ids(file, PlacementJson.field(file, devices.get(g), "device_expert",
                    where + "device " + g + ": "), where + "device " + g + ": ");
            if (perDevice[g].length != perDevice[0].length || perDevice[g].length == 0) {
                throw PlacementJson.refuse(file, where + "device " + g + " has " + perDevice[g].length
                        + " slots but device 0 has " + perDevice[0].length + "; every device holds the same number");
            }
        }
        int perGpu = perDevice[0].length;
        int[] slots = new int[gpus * perGpu];
        for (int g = 0; g < gpus; g++) {
            System.arraycopy(perDevice[g], 0, slots, g * perGpu, perGpu);
        }
        return new LayerSlots(layer, slots);
    }
}
