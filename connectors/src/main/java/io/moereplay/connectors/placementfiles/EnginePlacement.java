package io.moereplay.connectors.placementfiles;

import io.moereplay.model.placement.LayerSlots;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole placement file's content: per layer key (the engine's numbering) its slots, every layer
 * the same number of slots, each checked by {@link LayerSlots#check}.
 *
 * @param experts logical experts per layer
 * @param gpus GPUs (expert-parallel ranks) the slots are spread over, slot {@code p} on rank {@code p / (slots / gpus)}
 * @param layers slots per layer key, keys ascending
 */
public record EnginePlacement(int experts, int gpus, SortedMap<Integer, LayerSlots> layers) {

    /** @throws IllegalArgumentException naming the layer (and slot) that breaks what every engine requires */
    public EnginePlacement {
        if (experts < 1 || gpus < 1 || layers.isEmpty()) {
            throw new IllegalArgumentException(experts + " experts on " + gpus + " GPUs with " + layers.size()
                    + " layers: need at least one of each");
        }
        SortedMap<Integer, LayerSlots> copy = Collections.unmodifiableSortedMap(new TreeMap<>(layers));
        int slots = copy.get(copy.firstKey()).slots();
        copy.forEach((key, layer) -> {
            if (key != layer.layer()) {
                throw new IllegalArgumentException("layer key " + key + " holds layer " + layer.layer());
            }
            if (layer.slots() != slots) {
                throw new IllegalArgumentException("layer " + key + " has " + layer.slots() + " slots but layer "
                        + copy.firstKey() + " has " + slots + "; every layer has the same slots");
            }
            layer.check(experts, gpus);
        });
        layers = copy;
    }

    /** Physical slots per layer, over all GPUs. */
    public int slots() {
        return layers.get(layers.firstKey()).slots();
    }

    public int slotsPerGpu() {
        return slots() / gpus;
    }
}
