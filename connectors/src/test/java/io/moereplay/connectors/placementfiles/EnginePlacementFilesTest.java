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
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

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
        SortedMap<Integer, ExpertPlacement> placed = new TreeMap<>();
        for (int layer = 1; layer < 12; layer += 2) {
            placed.put(layer, new GreedyMinMax(DispatchRule.EQUAL).place(zipf(128, layer), layout, null));
        }
        roundTrip(format, placed, layout, 12, 6);
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
        EnginePlacement read = roundTrip(format, placed, layout, 61, 58);
        if (format == EnginePlacementFormat.SGLANG) {
            // MoE layers 0..57 land after the 3 dense layers, which keep SGLang's trivial layout
            assertThat(read.layers()).hasSize(61);
            assertThat(read.layers().get(0)).isEqualTo(LayerSlots.modulo(0, 256, 288));
        }
    }

    private EnginePlacement roundTrip(EnginePlacementFormat format, SortedMap<Integer, ExpertPlacement> placed,
            SlotLayout layout, int modelLayers, int moeLayers) throws IOException {
        int experts = placed.get(placed.firstKey()).experts();
        SortedMap<Integer, LayerSlots> slots = new TreeMap<>();
        placed.forEach((layer, p) -> slots.put(layer, LayerSlots.of(layer, p, layout.slotsPerGpu())));
        EnginePlacement engine = EngineLayerKeys.toEngine(format, slots, experts, layout.gpus(), modelLayers, moeLayers);
        Path file = EnginePlacementFiles.write(format, dir, engine);
        assertThat(file.getFileName().toString()).isEqualTo(format.fileName());

        EnginePlacementFiles.Read read = EnginePlacementFiles.read(file, experts, layout.gpus());

        assertThat(read.format()).isEqualTo(format);
        assertThat(read.placement()).isEqualTo(engine);
        SortedMap<Integer, Integer> keys = EngineLayerKeys.keys(format, new TreeSet<>(placed.keySet()), modelLayers, moeLayers);
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
