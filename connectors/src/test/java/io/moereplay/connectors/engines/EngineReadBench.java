package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Reading speed of the three engine readers on generated DeepSeek-sized inputs (58 MoE layers, 256
 * experts, top-8): rows per second of the reader alone, into a visitor that only counts.
 * Run: {@code java -cp <test classpath> io.moereplay.connectors.engines.EngineReadBench [dir]}.
 */
public final class EngineReadBench {

    private static final int LAYERS = 58;
    private static final int EXPERTS = 256;
    private static final int TOP_K = 8;

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("engine-bench");
        SplittableRandom random = new SplittableRandom(1);
        time("trtllm-expert-stats", new TrtllmExpertStatsReader(), trtllm(dir, random, 300));
        time("megatron-router-trace", new MegatronRouterTraceReader(), megatron(dir, random, 40, 512));
        time("vllm-eplb-stats", new VllmEplbStatsReader(), vllm(dir, random, 300, 32));
    }

    private static Path trtllm(Path dir, SplittableRandom random, int iterations) throws Exception {
        List<SafetensorsBytes.Entry> tensors = new ArrayList<>();
        for (int it = 0; it < iterations; it++) {
            for (int layer = 3; layer < 3 + LAYERS; layer++) {
                long[] counts = new long[EXPERTS];
                for (int e = 0; e < EXPERTS; e++) {
                    counts[e] = random.nextInt(64);
                }
                tensors.add(SafetensorsBytes.i64(it + "_" + layer, counts));
            }
        }
        return Files.write(dir.resolve("rank0.safetensors"), SafetensorsBytes.file(java.util.Map.of(), tensors));
    }

    private static Path megatron(Path dir, SplittableRandom random, int steps, int tokens) throws Exception {
        Path file = dir.resolve("router_trace_rank0.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int step = 0; step < steps; step++) {
                for (int layer = 0; layer < LAYERS; layer++) {
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

    private static Path vllm(Path dir, SplittableRandom random, int records, int redundant) throws Exception {
        Path file = dir.resolve("eplb_stats.jsonl");
        int slots = EXPERTS + redundant;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int r = 0; r < records; r++) {
                StringBuilder load = new StringBuilder("[");
                StringBuilder map = new StringBuilder("[");
                for (int layer = 0; layer < LAYERS; layer++) {
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

    private static void time(String label, RoutingTraceReader reader, Path file) throws Exception {
        LocalTraceFile trace = new LocalTraceFile(file);
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            long rows = reader.read(trace, new Counter());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-22s round %d: %,d rows, %,d MB in %.2f s = %,.0f rows/s%n", label, round,
                    rows, Files.size(file) >> 20, seconds, rows / seconds);
        }
    }

    /** Counts what arrives and nothing else. */
    private static final class Counter implements RoutingVisitor {
        long seen;

        @Override
        public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
                float[] gateWeights, int gates) {
            seen++;
        }

        @Override
        public void load(long row, long startMicros, int layer, int expert, long tokens) {
            seen++;
        }

        @Override
        public void reject(Reject reject) {
            seen++;
        }
    }
}
