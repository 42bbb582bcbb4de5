package io.moereplay.connectors.placementfiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.moereplay.model.placement.LayerSlots;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads TensorRT-LLM's MoE load balancer YAML back: {@code initial_global_assignments} keyed by
 * global layer index, each {@code num_slots} ids rank-major. A non-zero
 * {@code layer_updates_per_iter} (online re-balancing) still starts from these assignments, so
 * they are what was loaded.
 */
final class TrtllmEplbConfigReader implements PlacementFileReader {

    static final String KEY = "initial_global_assignments";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String EXPECTED = "{num_slots: P, " + KEY + ": {layer: [P ids]}, layer_updates_per_iter: 0}";

    /** The text as a YAML mapping (JSON is YAML too), or null when it is not one. */
    static JsonNode mapping(String text) {
        try {
            JsonNode root = YAML.readTree(text);
            return root != null && root.isObject() ? root : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public EnginePlacement read(String file, String text, int experts, int gpus) {
        JsonNode root = mapping(text);
        if (root == null) {
            throw PlacementJson.refuse(file, "is not a YAML mapping; expected " + EXPECTED);
        }
        int slots = PlacementJson.count(file, root, "num_slots", "");
        JsonNode assignments = PlacementJson.field(file, root, KEY, "");
        if (!assignments.isObject() || assignments.isEmpty()) {
            throw PlacementJson.refuse(file, KEY + " is not a non-empty mapping of layer to ids; expected " + EXPECTED);
        }
        SortedMap<Integer, LayerSlots> layers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) assignments::fields) {
            int layer = PlacementJson.layerKey(file, entry.getKey(), KEY + ": ");
            LayerSlots layerSlots = PlacementJson.slots(file, layer, entry.getValue());
            if (layerSlots.slots() != slots) {
                throw PlacementJson.refuse(file, "layer " + layer + " has " + layerSlots.slots() + " ids but num_slots is "
                        + slots + "; TensorRT-LLM asserts they are equal");
            }
            layers.put(layer, layerSlots);
        }
        return PlacementJson.placement(file, experts, gpus, layers);
    }
}
