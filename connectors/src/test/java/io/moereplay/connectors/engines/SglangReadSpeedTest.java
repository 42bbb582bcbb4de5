package io.moereplay.connectors.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.torch.TorchSaveWriter;
import io.moereplay.connectors.io.torch.TorchSaveWriter.Tensor;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.connectors.routing.ValidatingRoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reading speed on dumps the size of a real recording, written in torch.save's layout by {@link
 * TorchSaveWriter} (no torch here): a DeepSeek-V3-shaped stat buffer of 500 passes x 61 layers x
 * 256 experts, and a per_pass rank file of 500 records x 61 layers x 288 slots. Prints rows/s, for
 * the reader alone and as the jobs read (through a {@link ValidatingRoutingVisitor}).
 */
class SglangReadSpeedTest {

    private static final int PASSES = 500;
    private static final int LAYERS = 61;
    private static final int EXPERTS = 256;
    private static final int SLOTS = 288;

    @TempDir Path dir;

    @Test
    void statDump() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        long[] counts = new long[PASSES * LAYERS * EXPERTS];
        long nonZero = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = random.nextInt(10) == 0 ? 0 : random.nextInt(1, 64);
            nonZero += counts[i] == 0 ? 0 : 1;
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rank", 0);
        root.put("logical_count", Tensor.int32(new int[] {PASSES, LAYERS, EXPERTS}, counts));
        root.put("average_utilization_rate_over_window", null);
        Path file = TorchSaveWriter.save(dir.resolve("expert_distribution_recorder_1.0.pt"), root);

        assertThat(timedRead(new SglangStatReader(), file, "stat")).isEqualTo(nonZero);
    }

    @Test
    void perPassDump() throws IOException {
        SplittableRandom random = new SplittableRandom(2);
        long[] map = new long[LAYERS * SLOTS];
        for (int i = 0; i < map.length; i++) {
            map[i] = i % SLOTS < EXPERTS ? i % SLOTS : random.nextInt(EXPERTS);
        }
        List<Object> records = new ArrayList<>();
        for (int pass = 0; pass < PASSES; pass++) {
            long[] counts = new long[LAYERS * SLOTS];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(1, 32);
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("forward_pass_id", pass);
            record.put("rank", 0);
            record.put("gatherer_key", "primary");
            record.put("global_physical_count", Tensor.int32(new int[] {LAYERS, SLOTS}, counts));
            records.add(record);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("records", records);
        root.put("last_physical_to_logical_map", Tensor.int64(new int[] {LAYERS, SLOTS}, map));
        Path file = TorchSaveWriter.save(dir.resolve("expert_distribution_recorder_1.0_0.pt"), root);

        assertThat(timedRead(new SglangPerPassReader(), file, "per_pass")).isGreaterThan(0);
    }

    /** Best of three reads, bare and through the {@link ValidatingRoutingVisitor} the jobs read with. */
    private static long timedRead(RoutingTraceReader reader, Path file, String mode) throws IOException {
        LocalTraceFile trace = new LocalTraceFile(file);
        TraceShape shape = reader.declaredShape(trace).orElseThrow();
        long rows = 0;
        for (boolean validated : new boolean[] {false, true}) {
            double best = Double.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                RoutingVisitor visitor = validated ? new ValidatingRoutingVisitor(trace.name(), shape, new Discard())
                        : new Discard();
                long start = System.nanoTime();
                rows = reader.read(trace, visitor);
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            System.out.printf("SGLang %s dump, %.1f MB, %s: %,d rows in %.3f s, %,.0f rows/s%n", mode,
                    Files.size(file) / 1e6, validated ? "validated" : "bare reader", rows, best, rows / best);
        }
        return rows;
    }

    /** Counts nothing: the reader's own speed. */
    private static final class Discard implements RoutingVisitor {
        @Override
        public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
                float[] gateWeights, int gates) {}

        @Override
        public void load(long row, long startMicros, int layer, int expert, long tokens) {}

        @Override
        public void reject(Reject reject) {}
    }
}
