package io.moereplay.connectors.placementfiles;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.placement.EplbPlacement;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.placement.GreedyMinMax;
import io.moereplay.model.placement.LayerSlots;
import io.moereplay.model.placement.SlotLayout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each engine format round trip: placements written, read back (format told by content) and
 * turned into placements again hold the same experts on every GPU, each replica at an equal share,
 * and so the same per-GPU loads under the engines' even dispatch.
 */
class EnginePlacementFilesTest {

    @TempDir
    Path dir;

    /** Switch-base-128 on 16 GPUs with 16 redundant slots: 6 MoE layers of 12, numbered by decoder layer. */
    @ParameterizedTest
    @EnumSource(EnginePlacementFormat.class)
    void switchBase128RoundTrip(EnginePlacementFormat format) throws IOException {
        SlotLayout layout = SlotLayout.of(128, 16, 16, 2);
        List<Integer> moeLayerIds = everyOtherFrom1(6);
        roundTrip(format, greedy(moeLayerIds, layout), layout, 12, moeLayerIds);
    }

    /** A decoder layer the model has no experts in cannot take a placement: the trace is of another model. */
    @ParameterizedTest
    @EnumSource(value = EnginePlacementFormat.class, names = {"SGLANG", "TRTLLM"})
    void aDenseLayerIsRefusedNamingTheMoeLayers(EnginePlacementFormat format) {
        assertThatThrownBy(() -> EngineLayerKeys.keys(format, new TreeSet<>(List.of(3, 24)), 48, everyOtherFrom1(24)))
                .hasMessage("layer 24 is a dense layer of the model (its MoE layers: 1, 3, ..., 47), so the engine"
                        + " has no experts to place there; check --model against the trace");
    }

    /** DeepSeek-V3 on 32 GPUs, 4 nodes, 32 redundant slots, 8 groups: 58 MoE layers after 3 dense ones. */
    @ParameterizedTest
    @EnumSource(EnginePlacementFormat.class)
    void deepSeekV3RoundTrip(EnginePlacementFormat format) throws IOException {
        SlotLayout layout = SlotLayout.of(256, 32, 32, 4);
        SortedMap<Integer, ExpertPlacement> placed = new TreeMap<>();
        for (int layer = 0; layer < 58; layer++) {
            placed.put(layer, new EplbPlacement(8).place(zipf(256, layer), layout, null));
        }
        EnginePlacement read = roundTrip(format, placed, layout, 61, denseFirst(61, 58));
        if (format == EnginePlacementFormat.SGLANG) {
            // MoE layers 0..57 land after the 3 dense layers, which keep SGLang's trivial layout
            assertThat(read.layers()).hasSize(61);
            assertThat(read.layers().get(0)).isEqualTo(LayerSlots.modulo(0, 256, 288));
        }
    }

    /**
     * Llama-4-Maverick on 8 GPUs with 8 redundant slots: its 24 MoE layers are every other decoder
     * layer from 1 (interleave_moe_layer_step 2). A replay numbers them 0..23; SGLang and TensorRT-LLM
     * key them by decoder layer, so MoE layer i is decoder layer 2i + 1, and SGLang's dense rows keep
     * its trivial layout.
     */
    @ParameterizedTest
    @EnumSource(EnginePlacementFormat.class)
    void llama4MaverickInterleavedLayersRoundTrip(EnginePlacementFormat format) throws IOException {
        SlotLayout layout = SlotLayout.of(128, 8, 8, 1);
        SortedMap<Integer, ExpertPlacement> placed = greedy(IntStream.range(0, 24).boxed().toList(), layout);
        List<Integer> moeLayerIds = everyOtherFrom1(24);
        EnginePlacement read = roundTrip(format, placed, layout, 48, moeLayerIds);
        SortedMap<Integer, Integer> keys = EngineLayerKeys.keys(format, new TreeSet<>(placed.keySet()), 48, moeLayerIds);
        if (format.decoderLayers()) {
            assertThat(keys.get(0)).isEqualTo(1);
            assertThat(keys.get(23)).isEqualTo(47);
        } else {
            assertThat(keys.get(23)).isEqualTo(23);
        }
        if (format == EnginePlacementFormat.SGLANG) {
            assertThat(read.layers()).hasSize(48);
            assertThat(read.layers().get(2)).as("a dense layer").isEqualTo(LayerSlots.modulo(2, 128, 136));
            assertThat(read.layers().get(3)).isNotEqualTo(LayerSlots.modulo(3, 128, 136));
        }
        // The same placements numbered by decoder layer (as an SGLang dump numbers them) reach vLLM's MoE
        // layers, even for some of the layers only.
        SortedSet<Integer> decoderNumbered = new TreeSet<>(List.of(3, 7, 47));
        assertThat(EngineLayerKeys.keys(EnginePlacementFormat.VLLM, decoderNumbered, 48, moeLayerIds))
                .containsExactly(Map.entry(3, 1), Map.entry(7, 3), Map.entry(47, 23));
    }

    private static List<Integer> denseFirst(int modelLayers, int moeLayers) {
        return IntStream.range(modelLayers - moeLayers, modelLayers).boxed().toList();
    }

    /** MoE layers 1, 3, 5, ...: Switch's and Llama-4-Maverick's. */
    private static List<Integer> everyOtherFrom1(int moeLayers) {
        return IntStream.range(0, moeLayers).map(i -> 2 * i + 1).boxed().toList();
    }

    /** Greedy placements of 128 Zipf-loaded experts, for these layer ids. */
    private static SortedMap<Integer, ExpertPlacement> greedy(List<Integer> layers, SlotLayout layout) {
        SortedMap<Integer, ExpertPlacement> placed = new TreeMap<>();
        layers.forEach(layer -> placed.put(layer, new GreedyMinMax(DispatchRule.EQUAL).place(zipf(128, layer), layout, null)));
        return placed;
    }

    private EnginePlacement roundTrip(EnginePlacementFormat format, SortedMap<Integer, ExpertPlacement> placed,
            SlotLayout layout, int modelLayers, List<Integer> moeLayerIds) throws IOException {
        int experts = placed.get(placed.firstKey()).experts();
        SortedMap<Integer, LayerSlots> slots = new TreeMap<>();
        placed.forEach((layer, p) -> slots.put(layer, LayerSlots.of(layer, p, layout.slotsPerGpu())));
        EnginePlacement engine = EngineLayerKeys.toEngine(format, slots, experts, layout.gpus(), modelLayers, moeLayerIds);
        Path file = EnginePlacementFiles.write(format, dir, engine);
        assertThat(file.getFileName().toString()).isEqualTo(format.fileName());

        EnginePlacementFiles.Read read = EnginePlacementFiles.read(file, experts, layout.gpus());

        assertThat(read.format()).isEqualTo(format);
        assertThat(read.placement()).isEqualTo(engine);
        SortedMap<Integer, Integer> keys = EngineLayerKeys.keys(format, new TreeSet<>(placed.keySet()), modelLayers, moeLayerIds);
        for (Map.Entry<Integer, ExpertPlacement> entry : placed.entrySet()) {
            ExpertPlacement original = entry.getValue();
            ExpertPlacement back = read.placement().layers().get(keys.get(entry.getKey())).toPlacement(experts, layout.gpus());
            assertThat(perGpu(back)).as("layer %d", entry.getKey()).isEqualTo(perGpu(original));
            double[] load = zipf(experts, entry.getKey());
            assertThat(back.gpuLoad(load)).containsExactly(equalShares(original).gpuLoad(load),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        return read.placement();
    }

    /** Each GPU's experts, sorted. */
    private static List<List<Integer>> perGpu(ExpertPlacement placement) {
        List<List<Integer>> out = new ArrayList<>();
        for (int g = 0; g < placement.gpus(); g++) {
            out.add(new ArrayList<>());
        }
        int[] expert = placement.replicaExpert();
        int[] gpu = placement.replicaGpu();
        for (int r = 0; r < expert.length; r++) {
            out.get(gpu[r]).add(expert[r]);
        }
        out.forEach(list -> list.sort(null));
        return out;
    }

    /** The same replicas, each expert's tokens split evenly among them (what the engines dispatch). */
    private static ExpertPlacement equalShares(ExpertPlacement placement) {
        int[] expert = placement.replicaExpert();
        int[] replicas = new int[placement.experts()];
        for (int e : expert) {
            replicas[e]++;
        }
        double[] share = new double[expert.length];
        for (int r = 0; r < expert.length; r++) {
            share[r] = 1.0 / replicas[expert[r]];
        }
        return new ExpertPlacement(placement.gpus(), placement.experts(), expert, placement.replicaGpu(), share);
    }

    /** Zipf loads over a per-layer shuffle of the experts. */
    static double[] zipf(int experts, int seed) {
        double[] load = new double[experts];
        java.util.Random random = new java.util.Random(seed);
        for (int e = 0; e < experts; e++) {
            load[e] = 1000.0 / (e + 1);
        }
        for (int e = experts - 1; e > 0; e--) {
            int j = random.nextInt(e + 1);
            double t = load[e];
            load[e] = load[j];
            load[j] = t;
        }
        return load;
    }
}
