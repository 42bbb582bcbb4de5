package io.moereplay.model.perf;

import java.util.List;

/**
 * A deployment whose layers differ, such as one with a placement per layer (hot experts differ
 * from layer to layer): layer {@code l} is timed by {@code layers.get(l mod size)}, with its own
 * index, so the first layer still adds a pipeline's fill.
 *
 * @param name label
 * @param layers one deployment per MoE layer
 */
public record PerLayerDeployment(String name, List<Deployment> layers) implements Deployment {

    public PerLayerDeployment {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(name + ": no layers");
        }
    }

    @Override
    public LayerTiming layer(int layer, long sequences, long contextTokens, long[] expertTokens) {
        return layers.get(layer % layers.size()).layer(layer, sequences, contextTokens, expertTokens);
    }
}
