package io.moereplay.connectors.placementfiles;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.placement.LayerSlots;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads SGLang's {@code --init-expert-location} JSON back; row {@code i} is decoder layer {@code i}.
 * SGLang passes the file's keys to {@code init_by_mapping(**data)}, so any key besides
 * {@code physical_to_logical_map} would stop it at startup: refused here too.
 */
final class SglangLocationReader implements PlacementFileReader {

    static final String KEY = "physical_to_logical_map";
    private static final String EXPECTED = "{\"" + KEY + "\": [[slot ids] per layer]}";

    @Override
    public EnginePlacement read(String file, String text, int experts, int gpus) {
        JsonNode root = PlacementJson.object(file, text, EXPECTED);
        root.fieldNames().forEachRemaining(key -> {
            if (!key.equals(KEY)) {
                throw PlacementJson.refuse(file, "has key \"" + key + "\", which SGLang's init_by_mapping does not take;"
                        + " expected " + EXPECTED);
            }
        });
        JsonNode rows = PlacementJson.field(file, root, KEY, "");
        if (!rows.isArray() || rows.isEmpty()) {
            throw PlacementJson.refuse(file, KEY + " is not a non-empty list of layers; expected " + EXPECTED);
        }
        SortedMap<Integer, LayerSlots> layers = new TreeMap<>();
        for (int layer = 0; layer < rows.size(); layer++) {
            layers.put(layer, PlacementJson.slots(file, layer, rows.get(layer)));
        }
        return PlacementJson.placement(file, experts, gpus, layers);
    }
}
