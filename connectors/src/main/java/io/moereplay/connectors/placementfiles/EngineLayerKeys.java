package io.moereplay.connectors.placementfiles;

import io.moereplay.model.placement.LayerSlots;

import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * From the layer ids a trace numbers its placements by to the layer keys an engine's file needs.
 * Traces number layers as their source did: SGLang and TensorRT-LLM dumps by decoder layer (dense
 * layers counted, and left without loads), vLLM dumps and moe-replay's own replays by MoE layer
 * {@code 0..moeLayers-1}. The model gives only the counts, not where its dense layers sit, so:
 *
 * <ul>
 *   <li>to decoder layers (SGLang, TensorRT-LLM): ids are kept, unless they are exactly
 *       {@code 0..moeLayers-1} of a model with dense layers, which are read as MoE layers after
 *       the dense ones (DeepSeek's {@code first_k_dense_replace}) and shifted by the dense count.
 *       SGLang's map has a row for every decoder layer: rows without a placement (the dense
 *       layers, or MoE layers the trace has no loads for) get SGLang's own trivial layout.
 *       TensorRT-LLM asserts an assignment for each MoE layer and names no other, so it needs a
 *       placement for all {@code moeLayers}.
 *   <li>to MoE layers (vLLM, vllm-ascend): ids within {@code 0..moeLayers-1} are kept; otherwise,
 *       when there is one per MoE layer, the {@code i}-th lowest becomes MoE layer {@code i}.
 *       MoE layers without a placement get the engine's trivial layout.
 * </ul>
 */
public final class EngineLayerKeys {

    private EngineLayerKeys() {}

    /**
     * @param byTraceLayer each placed layer's slots, keyed by the trace's layer id
     * @param modelLayers the model's decoder layers, dense and MoE
     * @param moeLayers its MoE layers
     * @throws IllegalArgumentException when the ids cannot be numbered as the engine needs (the
     *     message names the layer and what to give instead)
     */
    public static EnginePlacement toEngine(EnginePlacementFormat format, SortedMap<Integer, LayerSlots> byTraceLayer,
            int experts, int gpus, int modelLayers, int moeLayers) {
        if (byTraceLayer.isEmpty()) {
            throw new IllegalArgumentException("no layer has a placement to write");
        }
        int slotsPerGpu = byTraceLayer.get(byTraceLayer.firstKey()).slots() / gpus;
        SortedMap<Integer, Integer> keys = keys(format, new java.util.TreeSet<>(byTraceLayer.keySet()), modelLayers, moeLayers);
        SortedMap<Integer, LayerSlots> out = new TreeMap<>();
        byTraceLayer.forEach((id, slots) -> out.put(keys.get(id), new LayerSlots(keys.get(id), slots.physicalToLogical())));
        if (format == EnginePlacementFormat.TRTLLM && out.size() != moeLayers) {
            throw new IllegalArgumentException("TensorRT-LLM needs an assignment for each of the model's " + moeLayers
                    + " MoE layers, but " + out.size() + " layers have a placement; give loads of every MoE layer");
        }
        int rows = format == EnginePlacementFormat.SGLANG ? modelLayers
                : format.decoderLayers() ? 0 : moeLayers;
        for (int key = 0; key < rows; key++) {
            if (!out.containsKey(key)) {
                out.put(key, format.trivial(key, experts, gpus, slotsPerGpu));
            }
        }
        return new EnginePlacement(experts, gpus, out);
    }

    /**
     * The engine's layer key of each trace layer id (see the class comment).
     *
     * @throws IllegalArgumentException when the ids cannot be numbered as the engine needs
     */
    public static SortedMap<Integer, Integer> keys(EnginePlacementFormat format, SortedSet<Integer> traceLayers,
            int modelLayers, int moeLayers) {
        return format.decoderLayers() ? toDecoder(traceLayers, modelLayers, moeLayers) : toMoe(traceLayers, moeLayers);
    }

    private static SortedMap<Integer, Integer> toDecoder(SortedSet<Integer> ids, int modelLayers, int moeLayers) {
        boolean moeNumbered = modelLayers > moeLayers && ids.size() == moeLayers
                && ids.first() == 0 && ids.last() == moeLayers - 1;
        int shift = moeNumbered ? modelLayers - moeLayers : 0;
        SortedMap<Integer, Integer> keys = new TreeMap<>();
        for (int id : ids) {
            if (id + shift >= modelLayers) {
                throw new IllegalArgumentException("layer " + id + " is beyond the model's " + modelLayers
                        + " decoder layers; check --model against the trace");
            }
            keys.put(id, id + shift);
        }
        return keys;
    }

    private static SortedMap<Integer, Integer> toMoe(SortedSet<Integer> ids, int moeLayers) {
        SortedMap<Integer, Integer> keys = new TreeMap<>();
        boolean kept = ids.last() < moeLayers;
        if (!kept && ids.size() != moeLayers) {
            throw new IllegalArgumentException("layer " + ids.last() + " is not a MoE layer index (0.."
                    + (moeLayers - 1) + ") and the " + ids.size() + " placed layers are not one per MoE layer ("
                    + moeLayers + "), so they cannot be renumbered; give loads of every MoE layer");
        }
        int ordinal = 0;
        for (int id : ids) {
            keys.put(id, kept ? id : ordinal++);
        }
        return keys;
    }
}
