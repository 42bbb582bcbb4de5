package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.connectors.engines.RoutedExpertsJsonlReader;
import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Reading speed on generated responses of a 24-MoE-layer, top-8, 128-expert model: 200 requests
 * of 400 prompt and 112 completion tokens (2.45 million rows a file), as vLLM's nested lists and
 * as SGLang's base64 int32 buffer. Prints rows/s; asserts only that every row arrived.
 */
class RoutedExpertsReadSpeedTest {

    private static final int REQUESTS = 200;
    private static final int PROMPT = 400;
    private static final int COMPLETION = 112;
    private static final int LAYERS = 24;
    private static final int TOP_K = 8;
    private static final long ROWS = (long) REQUESTS * (PROMPT + COMPLETION - 1) * LAYERS;

    @TempDir Path dir;

    @Test
    void readsMillionsOfRowsASecond() throws IOException {
        for (boolean sglang : new boolean[] {false, true}) {
            Path file = dir.resolve(sglang ? "sglang.jsonl" : "vllm.jsonl");
            write(file, sglang);
            CountingVisitor counted = new CountingVisitor();
            long start = System.nanoTime();
            long rows = new RoutedExpertsJsonlReader().read(new LocalTraceFile(file), counted);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("routed-experts %s: %,d rows (%,d MB) in %.2f s = %,.0f rows/s%n",
                    sglang ? "SGLang base64" : "vLLM nested lists", rows, Files.size(file) >> 20, seconds, rows / seconds);
            assertThat(rows).isEqualTo(ROWS).isEqualTo(counted.decisions);
        }
    }

    private static void write(Path file, boolean sglang) throws IOException {
        SplittableRandom random = new SplittableRandom(15);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int r = 0; r < REQUESTS; r++) {
                int[][] rows = new int[PROMPT + COMPLETION - 1][LAYERS * TOP_K];
                for (int[] row : rows) {
                    for (int l = 0; l < LAYERS; l++) {
                        int first = random.nextInt(128);
                        for (int j = 0; j < TOP_K; j++) {
                            row[l * TOP_K + j] = (first + 7 * j) % 128; // distinct ids
                        }
                    }
                }
                out.write(sglang ? sglangLine(rows) : vllmLine(r, rows));
                out.write('\n');
            }
        }
    }

    private static String vllmLine(int id, int[][] rows) {
        StringBuilder line = new StringBuilder("{\"id\":\"chatcmpl-").append(id).append("\",\"prompt_routed_experts\":");
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
        return "{\"top_k\":" + TOP_K + ",\"meta_info\":{\"id\":\"u\",\"prompt_tokens\":" + PROMPT + ",\"completion_tokens\":"
                + COMPLETION + ",\"routed_experts\":\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"}}";
    }

    private static final class CountingVisitor implements RoutingVisitor {
        long decisions;

        @Override
        public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
                float[] gateWeights, int gates) {
            decisions++;
        }

        @Override
        public void load(long row, long startMicros, int layer, int expert, long tokens) {
            throw new AssertionError("no loads in routed experts");
        }

        @Override
        public void reject(Reject reject) {
            throw new AssertionError(reject.toString());
        }
    }
}
