package io.moereplay.connectors.placementfiles;

import io.moereplay.model.text.ClosestName;
import io.moereplay.model.placement.LayerSlots;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The serving engines' files for a static expert placement, each with its file name, how its
 * layer keys count, its writer and reader, and the layout the engine uses without one:
 *
 * <ul>
 *   <li>{@code sglang}: {@code --init-expert-location expert_location.json},
 *       {@code {"physical_to_logical_map": [[P ids] per decoder layer]}} (sgl-project/sglang
 *       {@code python/sglang/srt/eplb/expert_location.py} @01fec5c2: {@code init_by_mapping}; rows
 *       are {@code num_hidden_layers}, dense layers included, per {@code get_model_config_for_expert_location}
 *       in {@code models/deepseek_v2.py}).
 *   <li>{@code trtllm}: {@code moe_config.load_balancer: eplb_config.yaml},
 *       {@code {initial_global_assignments: {global layer index: [P ids]}, layer_updates_per_iter: 0, num_slots: P}}
 *       (NVIDIA/TensorRT-LLM {@code examples/ep_load_balancer/generate_eplb_config.py} and README @195a8bdc,
 *       {@code MoeLoadBalancerConfig} in {@code tensorrt_llm/_torch/model_config.py} @1a0dc5f7).
 *   <li>{@code vllm}: {@code initial_mapping.jsonl}, one record {@code {"record_type": "eplb_initial_mapping",
 *       "version": 1, "num_redundant_experts", "num_slots", "initial_global_assignments": {"<moe layer>": [P ids]}}}
 *       of the open offline-EPLB proposal (vllm-project/vllm PR 41141, {@code tools/eplb/generate_static_mapping.py}
 *       @63727bfc). Chosen over PR 49572's bare {@code [L][P]} list: it names its own slot and redundancy
 *       counts, so a file can be checked on its own, and it has a public generator to agree with.
 *   <li>{@code vllm-ascend}: {@code eplb_config.expert_map_path expert_map.json}, {@code {"moe_layer_count",
 *       "layer_list": [{"layer_id", "device_count", "device_list": [{"device_id", "device_expert": [ids]}]}]}}
 *       (vllm-project/vllm-ascend {@code vllm_ascend/ops/expert_load_balancer.py} @1427299d: layers and
 *       devices are taken in list order, device lists stacked, so all the same length).
 * </ul>
 */
public enum EnginePlacementFormat {
    SGLANG("sglang", "expert_location.json", true, new SglangLocationWriter(), new SglangLocationReader()),
    VLLM("vllm", "initial_mapping.jsonl", false, new VllmInitialMappingWriter(), new VllmInitialMappingReader()),
    TRTLLM("trtllm", "eplb_config.yaml", true, new TrtllmEplbConfigWriter(), new TrtllmEplbConfigReader()),
    VLLM_ASCEND("vllm-ascend", "expert_map.json", false, new AscendExpertMapWriter(), new AscendExpertMapReader());

    private final String label;
    private final String fileName;
    private final boolean decoderLayers;
    private final PlacementFileWriter writer;
    private final PlacementFileReader reader;

    EnginePlacementFormat(String label, String fileName, boolean decoderLayers, PlacementFileWriter writer,
            PlacementFileReader reader) {
        this.label = label;
        this.fileName = fileName;
        this.decoderLayers = decoderLayers;
        this.writer = writer;
        this.reader = reader;
    }

    public String label() {
        return label;
    }

    /** The name {@code placement --emit} gives the file in its folder. */
    public String fileName() {
        return fileName;
    }

    /**
     * Whether layer keys are the model's decoder layer indices (dense layers counted: SGLang,
     * TensorRT-LLM) rather than MoE layer indices {@code 0..moeLayers-1} (vLLM, vllm-ascend).
     */
    public boolean decoderLayers() {
        return decoderLayers;
    }

    PlacementFileWriter writer() {
        return writer;
    }

    PlacementFileReader reader() {
        return reader;
    }

    /**
     * The engine's own layout without a placement file, over {@code gpus x slotsPerGpu} slots.
     * TensorRT-LLM: rank {@code r}'s local slot {@code i} holds {@code (r * experts / gpus + i) % experts}
     * ({@code get_layer_initial_global_assignments}); the others: slot {@code p} holds
     * {@code p % experts} (SGLang's {@code init_trivial}, vLLM's default map).
     */
    public LayerSlots trivial(int layer, int experts, int gpus, int slotsPerGpu) {
        if (this != TRTLLM) {
            return LayerSlots.modulo(layer, experts, gpus * slotsPerGpu);
        }
        int[] map = new int[gpus * slotsPerGpu];
        for (int r = 0; r < gpus; r++) {
            for (int i = 0; i < slotsPerGpu; i++) {
                map[r * slotsPerGpu + i] = (int) (((long) r * experts / gpus + i) % experts);
            }
        }
        return new LayerSlots(layer, map);
    }

    /** @throws IllegalArgumentException naming the labels when {@code label} is none of them */
    public static EnginePlacementFormat parse(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("engine format '" + label + "' is not one of " + labels()
                        + ClosestName.hint(label, Arrays.stream(values()).map(f -> f.label).toList())));
    }

    public static String labels() {
        return Arrays.stream(values()).map(EnginePlacementFormat::label).collect(Collectors.joining(", "));
    }
}
