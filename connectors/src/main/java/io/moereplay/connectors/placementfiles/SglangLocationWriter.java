package io.moereplay.connectors.placementfiles;

import io.moereplay.model.placement.LayerSlots;

/**
 * SGLang's {@code --init-expert-location} JSON: {@code {"physical_to_logical_map": [[P ids] per
 * layer]}}, one row per line. SGLang makes a tensor of it and indexes rows by decoder layer, so
 * the rows are the layers {@code 0..L-1} in order, none missing.
 */
final class SglangLocationWriter implements PlacementFileWriter {

    @Override
    public String text(EnginePlacement placement) {
        int expected = 0;
        StringBuilder out = new StringBuilder("{\"physical_to_logical_map\": [\n");
        for (LayerSlots layer : placement.layers().values()) {
            if (layer.layer() != expected++) {
                throw new IllegalArgumentException("SGLang's map has a row for every decoder layer from 0; layer "
                        + (expected - 1) + " is missing (the next is " + layer.layer() + ")");
            }
            out.append(expected > 1 ? ",\n  " : "  ").append(PlacementJson.list(layer.physicalToLogical()));
        }
        return out.append("\n]}\n").toString();
    }
}
