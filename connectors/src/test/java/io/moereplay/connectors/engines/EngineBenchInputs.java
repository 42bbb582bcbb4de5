package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.torch.TorchSaveWriter;
import io.moereplay.connectors.io.torch.TorchSaveWriter.Tensor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The inputs of {@link EngineReadBench}: one generator per engine format, each writing one file the
 * size of a real recording into a folder and returning its path. DeepSeek-V3's shape (61 layers, 58
 * of them MoE, 256 routed experts, top-8) except for routed experts, which are a 24-MoE-layer,
 * 128-expert, top-8 model's. Every count of passes, steps or requests is divided by {@code shrink}
 * (1 for the full run, 10 for a smoke run). Fixed seeds, so every run reads the same bytes.
 */
final class EngineBenchInputs {

    private static final int MODEL_LAYERS = 61;
    private static final int MOE_LAYERS = 58;
    private static final int EXPERTS = 256;
    private static final int TOP_K = 8;

    private final Path dir;
    private final int shrink;

    EngineBenchInputs(Path dir, int shrink) {
        if (shrink < 1) {
            throw new IllegalArgumentException("shrink " + shrink + " must be at least 1");
        }
        this.dir = dir;
        this.shrink = shrink;
    }

    /** SGLang's stat dump: a logical_count buffer of 500 passes x 61 layers x 256 experts, int32, 1 in 10 zero. */
    Path sglangStat() throws IOException {
        int passes = 500 / shrink;
        SplittableRandom random = new SplittableRandom(1);
        long[] counts = new long[passes * MODEL_LAYERS * EXPERTS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = random.nextInt(10) == 0 ? 0 : random.nextInt(1, 64);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rank", 0);
        root.put("logical_count", Tensor.int32(new int[] {passes, MODEL_LAYERS, EXPERTS}, counts));
        root.put("average_utilization_rate_over_window", null);
        return TorchSaveWriter.save(dir.resolve("expert_distribution_recorder_1.0.pt"), root);
    }

    /** SGLang's per_pass dump of one rank: 500 records of 61 layers x 288 physical slots (32 redundant). */
    Path sglangPerPass() throws IOException {
        int passes = 500 / shrink;
        int slots = EXPERTS + 32;
        SplittableRandom random = new SplittableRandom(2);
        long[] map = new long[MODEL_LAYERS * slots];
        for (int i = 0; i < map.length; i++) {
            map[i] = i % slots < EXPERTS ? i % slots : random.nextInt(EXPERTS);
        }
        List<Object> records = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            long[] counts = new long[MODEL_LAYERS * slots];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(1, 32);
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("forward_pass_id", pass);
            record.put("rank", 0);
            record.put("gatherer_key", "primary");
            record.put("global_physical_count", Tensor.int32(new int[] {MODEL_LAYERS, slots}, counts));
            records.add(record);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("records", records);
        root.put("last_physical_to_logical_map", Tensor.int64(new int[] {MODEL_LAYERS, slots}, map));
        return TorchSaveWriter.save(dir.resolve("expert_distribution_recorder_1.0_0.pt"), root);
    }

    /** vLLM responses with routed experts as nested lists (see {@link RoutedExpertsWriter}). */
    Path vllmRoutedExperts() throws IOException {
        return new RoutedExpertsWriter(200 / shrink, false).write(dir.resolve("routed_experts_vllm.jsonl"));
    }

    /** SGLang responses with routed experts as a base64 int32 buffer (see {@link RoutedExpertsWriter}). */
    Path sglangRoutedExperts() throws IOException {
        return new RoutedExpertsWriter(200 / shrink, true).write(dir.resolve("routed_experts_sglang.jsonl"));
    }

    /** TensorRT-LLM's expert statistics of one rank: 300 iterations x 58 MoE layers (3..60) of 256 int64 counts. */
    Path trtllm() throws Exception {
        int iterations = 300 / shrink;
        SplittableRandom random = new SplittableRandom(3);
        List<SafetensorsBytes.Entry> tensors = new ArrayList<>();
        for (int it = 0; it < iterations; it++) {
            for (int layer = MODEL_LAYERS - MOE_LAYERS; layer < MODEL_LAYERS; layer++) {
                long[] counts = new long[EXPERTS];
                for (int e = 0; e < EXPERTS; e++) {
                    counts[e] = random.nextInt(64);
                }
                tensors.add(SafetensorsBytes.i64(it + "_" + layer, counts));
            }
        }
        return Files.write(dir.resolve("rank0.safetensors"), SafetensorsBytes.file(Map.of(), tensors));
    }

    /** Megatron's router trace of one rank: 40 steps x 58 layers, 512 tokens' top-8 ids per record. */
    Path megatron() throws IOException {
        int steps = 40 / shrink;
        int tokens = 512;
        SplittableRandom random = new SplittableRandom(4);
        Path file = dir.resolve("router_trace_rank0.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int step = 0; step < steps; step++) {
                for (int layer = 0; layer < MOE_LAYERS; layer++) {
                    StringBuilder line = new StringBuilder("{\"step\": " + step + ", \"stage\": \"pre_dispatch\","
                            + " \"block\": \"decoder\", \"layer\": " + layer + ", \"rank\": 0, \"num_tokens\": " + tokens
                            + ", \"topk\": " + TOP_K + ", \"top_indices\": [");
                    for (int t = 0; t < tokens; t++) {
                        line.append(t == 0 ? "[" : ", [");
                        for (int k = 0; k < TOP_K; k++) {
                            line.append(k == 0 ? "" : ", ").append(random.nextInt(EXPERTS));
                        }
                        line.append(']');
                    }
                    out.write(line.append("]}\n").toString());
                }
            }
        }
        return file;
    }

    /** vLLM's EPLB statistics: 300 records of expert_load and p2l_map, 58 layers x 288 slots (32 redundant). */
    Path vllmEplb() throws IOException {
        int records = 300 / shrink;
        int slots = EXPERTS + 32;
        SplittableRandom random = new SplittableRandom(5);
        Path file = dir.resolve("eplb_stats.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int r = 0; r < records; r++) {
                StringBuilder load = new StringBuilder("[");
                StringBuilder map = new StringBuilder("[");
                for (int layer = 0; layer < MOE_LAYERS; layer++) {
                    load.append(layer == 0 ? "[" : ", [");
                    map.append(layer == 0 ? "[" : ", [");
                    for (int p = 0; p < slots; p++) {
                        load.append(p == 0 ? "" : ", ").append(random.nextInt(5000));
                        map.append(p == 0 ? "" : ", ").append(p < EXPERTS ? p : random.nextInt(EXPERTS));
                    }
                    load.append(']');
                    map.append(']');
                }
                out.write("{\"record_type\": \"eplb_load_stats\", \"version\": 1, \"step\": " + (100 * r)
                        + ", \"num_ranks\": 32, \"expert_load\": " + load + "], \"p2l_map\": " + map + "]}\n");
            }
        }
        return file;
    }

    /**
     * Responses of a 24-MoE-layer, top-8, 128-expert model, one a line: requests of 400 prompt and
     * 112 completion tokens (511 routed positions x 24 layers = 12,264 rows a request), the top-8 ids
     * distinct. vLLM writes them as nested lists split into prompt and completion; SGLang as one
     * base64 buffer of little-endian int32.
     */
    private static final class RoutedExpertsWriter {
        private static final int LAYERS = 24;
        private static final int ROUTED_EXPERTS = 128;
        private static final int PROMPT = 400;
        private static final int COMPLETION = 112;

        private final int requests;
        private final boolean sglang;

        RoutedExpertsWriter(int requests, boolean sglang) {
            this.requests = requests;
            this.sglang = sglang;
        }

        Path write(Path file) throws IOException {
            SplittableRandom random = new SplittableRandom(15);
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                for (int r = 0; r < requests; r++) {
                    int[][] rows = new int[PROMPT + COMPLETION - 1][LAYERS * TOP_K];
                    for (int[] row : rows) {
                        for (int l = 0; l < LAYERS; l++) {
                            int first = random.nextInt(ROUTED_EXPERTS);
                            for (int j = 0; j < TOP_K; j++) {
                                row[l * TOP_K + j] = (first + 7 * j) % ROUTED_EXPERTS;
                            }
                        }
                    }
                    out.write(sglang ? sglangLine(rows) : vllmLine(r, rows));
                    out.write('\n');
                }
            }
            return file;
        }

        private static String vllmLine(int id, int[][] rows) {
            StringBuilder line = new StringBuilder("{\"id\":\"chatcmpl-").append(id)
                    .append("\",\"prompt_routed_experts\":");
            nested(line, rows, 0, PROMPT);
            line.append(",\"choices\":[{\"index\":0,\"routed_experts\":");
            nested(line, rows, PROMPT, rows.length);
            return line.append("}],\"usage\":{\"prompt_tokens\":").append(PROMPT).append("}}").toString();
        }

        private static void nested(StringBuilder line, int[][] rows, int from, int to) {
            line.append('[');
            for (int p = from; p < to; p++) {
                line.append(p > from ? ",[" : "[");
                for (int l = 0; l < LAYERS; l++) {
                    line.append(l > 0 ? ",[" : "[");
                    for (int j = 0; j < TOP_K; j++) {
                        line.append(j > 0 ? "," : "").append(rows[p][l * TOP_K + j]);
                    }
                    line.append(']');
                }
                line.append(']');
            }
            line.append(']');
        }

        private static String sglangLine(int[][] rows) {
            ByteBuffer bytes = ByteBuffer.allocate(rows.length * LAYERS * TOP_K * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int[] row : rows) {
                for (int id : row) {
                    bytes.putInt(id);
                }
            }
            return "{\"top_k\":" + TOP_K + ",\"meta_info\":{\"id\":\"u\",\"prompt_tokens\":" + PROMPT
                    + ",\"completion_tokens\":" + COMPLETION + ",\"routed_experts\":\""
                    + Base64.getEncoder().encodeToString(bytes.array()) + "\"}}";
        }
    }
}
