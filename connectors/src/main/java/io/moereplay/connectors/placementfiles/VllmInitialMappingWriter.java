package io.moereplay.connectors.placementfiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moereplay.model.placement.LayerSlots;

import java.io.UncheckedIOException;

/**
 * vLLM's offline-EPLB initial mapping (PR 41141, open): one JSONL record, as
 * {@code generate_static_mapping.py} writes it, with the MoE layer indices as string keys.
 */
final class VllmInitialMappingWriter implements PlacementFileWriter {

    static final String RECORD_TYPE = "eplb_initial_mapping";
    static final int VERSION = 1;

    @Override
    public String text(EnginePlacement placement) {
        ObjectNode record = PlacementJson.JSON.createObjectNode()
                .put("record_type", RECORD_TYPE)
                .put("version", VERSION)
                .put("num_redundant_experts", placement.slots() - placement.experts())
                .put("num_slots", placement.slots());
        ObjectNode assignments = record.putObject("initial_global_assignments");
        for (LayerSlots layer : placement.layers().values()) {
            var ids = assignments.putArray(Integer.toString(layer.layer()));
            for (int id : layer.physicalToLogical()) {
                ids.add(id);
            }
        }
        try {
            return PlacementJson.JSON.writeValueAsString(record) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
