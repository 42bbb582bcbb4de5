package io.moereplay.connectors.placementfiles;

import io.moereplay.model.placement.LayerSlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the engines would refuse (or mis-serve) is refused on write and on read, naming the file, layer and slot. */
class EnginePlacementFilesCheckTest {

    @TempDir
    Path dir;

    @Test
    void anExpertWithoutASlotIsRefusedOnWrite() {
        // 4 experts on 2 GPUs x 3 slots; expert 3 has none
        assertThatThrownBy(() -> placement(new int[] {0, 1, 2, 0, 1, 2}))
                .hasMessage("layer 0: expert 3 has no slot; every expert needs at least one");
    }

    @Test
    void anIdOutOfRangeIsRefusedOnReadNamingFileLayerAndSlot() throws IOException {
        Path file = write("expert_location.json", "{\"physical_to_logical_map\": [[0, 1, 2, 3], [3, 4, 2, 1]]}");
        assertThatThrownBy(() -> EnginePlacementFiles.read(file, 4, 1))
                .hasMessage(file + ": layer 1, slot 1: expert 4 is outside 0..3");
    }

    @Test
    void unequalSlotsPerRankAreRefused() throws IOException {
        Path file = write("expert_map.json", "{\"moe_layer_count\": 1, \"layer_list\": [{\"layer_id\": 0, \"device_count\": 2,"
                + " \"device_list\": [{\"device_id\": 0, \"device_expert\": [0, 1, 2]}, {\"device_id\": 1, \"device_expert\": [3]}]}]}");
        assertThatThrownBy(() -> EnginePlacementFiles.read(file, 4, 2))
                .hasMessage(file + ": layer 0: device 1 has 1 slots but device 0 has 3; every device holds the same number");
        // and slots that do not divide over the GPUs, where a format has no per-device lists
        Path sglang = write("expert_location.json", "{\"physical_to_logical_map\": [[0, 1, 2, 3, 0]]}");
        assertThatThrownBy(() -> EnginePlacementFiles.read(sglang, 4, 2))
                .hasMessage(sglang + ": layer 0: 5 slots do not divide evenly over 2 GPUs; every GPU holds the same number of slots");
    }

    @Test
    void aWrongLayerCountIsRefused() throws IOException {
        Path ascend = write("expert_map.json", "{\"moe_layer_count\": 2, \"layer_list\": [{\"layer_id\": 0, \"device_count\": 1,"
                + " \"device_list\": [{\"device_id\": 0, \"device_expert\": [0, 1]}]}]}");
        assertThatThrownBy(() -> EnginePlacementFiles.read(ascend, 2, 1))
                .hasMessageStartingWith(ascend + ": moe_layer_count is 2 but layer_list has 1 entries");
        Path vllm = write("initial_mapping.jsonl", "{\"record_type\": \"eplb_initial_mapping\", \"version\": 1,"
                + " \"num_redundant_experts\": 0, \"num_slots\": 2, \"initial_global_assignments\": {\"0\": [0, 1], \"2\": [1, 0]}}\n");
        assertThatThrownBy(() -> EnginePlacementFiles.read(vllm, 2, 1))
                .hasMessage(vllm + ": MoE layer 1 has no assignment; vLLM reads layers 0..1 by MoE layer index");
        Path trtllm = write("eplb_config.yaml", "initial_global_assignments:\n  3: [0, 1, 0]\nlayer_updates_per_iter: 0\nnum_slots: 4\n");
        assertThatThrownBy(() -> EnginePlacementFiles.read(trtllm, 2, 1))
                .hasMessage(trtllm + ": layer 3 has 3 ids but num_slots is 4; TensorRT-LLM asserts they are equal");
        // SGLang's rows are every decoder layer: a gap cannot be written
        SortedMap<Integer, LayerSlots> gap = new TreeMap<>();
        gap.put(0, new LayerSlots(0, new int[] {0, 1}));
        gap.put(2, new LayerSlots(2, new int[] {1, 0}));
        assertThatThrownBy(() -> EnginePlacementFiles.write(EnginePlacementFormat.SGLANG, dir, new EnginePlacement(2, 1, gap)))
                .hasMessageContaining("layer 1 is missing");
    }

    @Test
    void sglangRefusesKeysItsLoaderWouldNotTake() throws IOException {
        Path file = write("expert_location.json", "{\"physical_to_logical_map\": [[0, 1]], \"logical_count\": [[1, 1]]}");
        assertThatThrownBy(() -> EnginePlacementFiles.read(file, 2, 1)).hasMessageContaining("has key \"logical_count\"");
    }

    @Test
    void formatsAreToldByContentNotName() throws IOException {
        EnginePlacement placement = placement(new int[] {0, 1, 2, 3, 0, 1});
        for (EnginePlacementFormat format : EnginePlacementFormat.values()) {
            String text = format.writer().text(placement);
            assertThat(EnginePlacementFiles.detect("f", text)).isEqualTo(format);
        }
        assertThatThrownBy(() -> EnginePlacementFiles.detect("x.json", "{\"logical_count\": [[1]]}"))
                .hasMessageStartingWith("x.json: is not an engine placement file (keys [logical_count])");
    }

    @Test
    void trtllmKeysArePlainIntegersAsGenerateEplbConfigWritesThem() {
        SortedMap<Integer, LayerSlots> layers = new TreeMap<>();
        layers.put(3, new LayerSlots(3, new int[] {0, 1, 2, 3, 0, 1}));
        String text = EnginePlacementFormat.TRTLLM.writer().text(new EnginePlacement(4, 2, layers));
        assertThat(text).isEqualTo("initial_global_assignments:\n  3: [0, 1, 2, 3, 0, 1]\nlayer_updates_per_iter: 0\nnum_slots: 6\n");
    }

    @Test
    void trivialLayoutsAreTheEnginesOwn() {
        // TensorRT-LLM: rank r's slot i holds (r * E / ep + i) % E; SGLang and vLLM: p % E
        assertThat(EnginePlacementFormat.TRTLLM.trivial(0, 8, 4, 3).physicalToLogical())
                .containsExactly(0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 0);
        assertThat(EnginePlacementFormat.SGLANG.trivial(0, 8, 4, 3).physicalToLogical())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3);
    }

    private static EnginePlacement placement(int[] slots) {
        SortedMap<Integer, LayerSlots> layers = new TreeMap<>();
        layers.put(0, new LayerSlots(0, slots));
        return new EnginePlacement(4, 2, layers);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
