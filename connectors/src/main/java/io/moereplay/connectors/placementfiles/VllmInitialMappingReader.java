package io.moereplay.connectors.placementfiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.placement.LayerSlots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads vLLM's offline-EPLB initial mapping back: the file's one {@code eplb_initial_mapping}
 * record (blank lines skipped, other record types ignored, as the proposal's loader does), its
 * {@code num_slots} and {@code num_redundant_experts} checked against the layers.
 */
final class VllmInitialMappingReader implements PlacementFileReader {

    private static final String EXPECTED = "one JSON line {\"record_type\": \"" + VllmInitialMappingWriter.RECORD_TYPE
            + "\", \"version\": 1, \"num_redundant_experts\", \"num_slots\", \"initial_global_assignments\": {\"layer\": [ids]}}";

    /** The file's mapping records (possibly none); null when a line is not a JSON object. */
    static List<JsonNode> records(String text) {
        List<JsonNode> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode record = PlacementJson.JSON.readTree(line);
                if (record == null || !record.isObject()) {
                    return null;
                }
                if (VllmInitialMappingWriter.RECORD_TYPE.equals(record.path("record_type").asText(null))) {
                    records.add(record);
                }
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return records;
    }

    @Override
    public EnginePlacement read(String file, String text, int experts, int gpus) {
        List<JsonNode> records = records(text);
        if (records == null || records.size() != 1) {
            throw PlacementJson.refuse(file, (records == null ? "has a line that is not a JSON object"
                    : "has " + records.size() + " " + VllmInitialMappingWriter.RECORD_TYPE + " records") + "; expected "
                    + EXPECTED);
        }
        JsonNode record = records.get(0);
        int version = PlacementJson.count(file, record, "version", "");
        if (version != VllmInitialMappingWriter.VERSION) {
            throw PlacementJson.refuse(file, "record version " + version + "; this reader knows version "
                    + VllmInitialMappingWriter.VERSION);
        }
        int slots = PlacementJson.count(file, record, "num_slots", "");
        int redundant = PlacementJson.count(file, record, "num_redundant_experts", "");
        if (slots != experts + redundant) {
            throw PlacementJson.refuse(file, "num_slots " + slots + " is not " + experts + " experts + num_redundant_experts "
                    + redundant);
        }
        JsonNode assignments = PlacementJson.field(file, record, "initial_global_assignments", "");
        if (!assignments.isObject() || assignments.isEmpty()) {
            throw PlacementJson.refuse(file, "initial_global_assignments is not a non-empty object; expected " + EXPECTED);
        }
        SortedMap<Integer, LayerSlots> layers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) assignments::fields) {
            int layer = PlacementJson.layerKey(file, entry.getKey(), "initial_global_assignments: ");
            layers.put(layer, PlacementJson.slots(file, layer, entry.getValue()));
        }
        for (int layer = 0; layer < layers.size(); layer++) {
            if (!layers.containsKey(layer)) {
                throw PlacementJson.refuse(file, "MoE layer " + layer + " has no assignment; vLLM reads layers 0.."
                        + (layers.size() - 1) + " by MoE layer index");
            }
        }
        EnginePlacement placement = PlacementJson.placement(file, experts, gpus, layers);
        if (placement.slots() != slots) {
            throw PlacementJson.refuse(file, "layers have " + placement.slots() + " slots but num_slots is " + slots);
        }
        return placement;
    }
}
