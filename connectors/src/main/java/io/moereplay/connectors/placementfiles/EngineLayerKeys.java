package io.moereplay.connectors.placementfiles;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.placement.LayerSlots;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * From the layer ids a trace numbers its placements by to the layer keys an engine's file needs.
 * Traces number layers as their source did: SGLang and TensorRT-LLM dumps by decoder layer (dense
 * layers counted, and left without loads), vLLM dumps and moe-replay's own replays by MoE layer
 * {@code 0..moeLayers-1}. The model says which decoder layers are MoE ({@code moeLayerIds}:
 * DeepSeek-V3's 3..60 after 3 dense ones, Llama-4-Maverick's 1, 3, ..., 47), so:
 *
 * <ul>
 *   <li>to decoder layers (SGLang, TensorRT-LLM): ids are kept, unless they are exactly
 *       {@code 0..moeLayers-1} of a model with dense layers, which are read as MoE layers: MoE
 *       layer {@code i} is decoder layer {@code moeLayerIds[i]}. SGLang's map has a row for every
 *       decoder layer: rows without a placement (the dense layers, or MoE layers the trace has no
 *       loads for) get SGLang's own trivial layout. TensorRT-LLM asserts an assignment for each
 *       MoE layer and names no other, so it needs a placement for all {@code moeLayers}.
 *   <li>to MoE layers (vLLM, vllm-ascend): ids within {@code 0..moeLayers-1} are kept; otherwise
 *       decoder layers that are all MoE layers become their MoE index, and failing that, when
 *       there is one id per MoE layer, the {@code i}-th lowest becomes MoE layer {@code i}. MoE
 *       layers without a placement get the engine's trivial layout.
 * </ul>
 */
public final class EngineLayerKeys {

    private EngineLayerKeys() {}

    /**
     * @param byTraceLayer each placed layer's slots, keyed by the trace's layer id
     * @param modelLayers the model's decoder layers, dense and MoE
     * @param moeLayerIds the decoder layers that are MoE layers, ascending
     * @throws IllegalArgumentException when the ids cannot be numbered as the engine needs (the
     *     message names the layer and what to give instead)
     */
    public static EnginePlacement toEngine(EnginePlacementFormat format, SortedMap<Integer, LayerSlots> byTraceLayer,
            int experts, int gpus, int modelLayers, List<Integer> moeLayerIds) {
        if (byTraceLayer.isEmpty()) {
            throw new IllegalArgumentException("no layer has a placement to write");
        }
        int slotsPerGpu = byTraceLayer.get(byTraceLayer.firstKey()).slots() / gpus;
        int moeLayers = moeLayerIds.size();
        SortedMap<Integer, Integer> keys = keys(format, new java.util.TreeSet<>(byTraceLayer.keySet()), modelLayers, moeLayerIds);
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
            int modelLayers, List<Integer> moeLayerIds) {
        return format.decoderLayers() ? toDecoder(traceLayers, modelLayers, moeLayerIds) : toMoe(traceLayers, moeLayerIds);
    }

    private static SortedMap<Integer, Integer> toDecoder(SortedSet<Integer> ids, int modelLayers, List<Integer> moeLayerIds) {
        int moeLayers = moeLayerIds.size();
        boolean moeNumbered = modelLayers > moeLayers && ids.size() == moeLayers
                && ids.first() == 0 && ids.last() == moeLayers - 1;
        SortedMap<Integer, Integer> keys = new TreeMap<>();
        for (int id : ids) {
            if (!moeNumbered && id >= modelLayers) {
                throw new IllegalArgumentException("layer " + id + " is beyond the model's " + modelLayers
                        + " decoder layers; check --model against the trace");
            }
            if (!moeNumbered && !moeLayerIds.contains(id)) {
                throw new IllegalArgumentException("layer " + id + " is a dense layer of the model (its MoE layers: "
                        + MoeModelSpec.layerList(moeLayerIds) + "), so the engine has no experts to place there; check --model"
                        + " against the trace");
            }
            keys.put(id, moeNumbered ? moeLayerIds.get(id) : id);
        }
        return keys;
    }

    private static SortedMap<Integer, Integer> toMoe(SortedSet<Integer> ids, List<Integer> moeLayerIds) {
        int moeLayers = moeLayerIds.size();
        SortedMap<Integer, Integer> keys = new TreeMap<>();
        boolean kept = ids.last() < moeLayers;
        if (!kept && moeLayerIds.containsAll(ids)) {
            // Decoder layers, each a MoE layer of the model: numbered as the model numbers them.
            ids.forEach(id -> keys.put(id, moeLayerIds.indexOf(id)));
            return keys;
        }
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
