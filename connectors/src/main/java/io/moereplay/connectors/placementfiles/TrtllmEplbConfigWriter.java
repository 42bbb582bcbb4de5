package io.moereplay.connectors.placementfiles;

import io.moereplay.model.placement.LayerSlots;

/**
 * TensorRT-LLM's MoE load balancer YAML as {@code generate_eplb_config.py} writes it
 * ({@code yaml.dump}: keys sorted, lists in flow style): the layer keys are plain integers,
 * because {@code MoeLoadBalancerConfig} looks layers up by the int global layer index
 * ({@code yaml.safe_load} would make a quoted key a string, and the lookup fail).
 * {@code layer_updates_per_iter: 0} keeps the placement static.
 */
final class TrtllmEplbConfigWriter implements PlacementFileWriter {

    @Override
    public String text(EnginePlacement placement) {
        StringBuilder out = new StringBuilder("initial_global_assignments:\n");
        for (LayerSlots layer : placement.layers().values()) {
            out.append("  ").append(layer.layer()).append(": ").append(PlacementJson.list(layer.physicalToLogical()))
                    .append('\n');
        }
        return out.append("layer_updates_per_iter: 0\nnum_slots: ").append(placement.slots()).append('\n').toString();
    }
}
