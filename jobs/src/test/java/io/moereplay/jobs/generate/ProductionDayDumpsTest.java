package io.moereplay.jobs.generate;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.jobs.cli.MoeReplayCli;
import io.moereplay.jobs.replay.ReplayInputs;
import io.moereplay.jobs.testing.SharedTraces;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.replay.LayerLoadReplay;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code generate --preset production-day} end to end on a short, sparse day (5 requests a second
 * for 72 s, 1 s passes): the SGLang dumps read back through the per_pass reader hold every decode
 * token's top-8 at every MoE layer, counted from requests.csv here, and the loads a replay of the
 * same requests and options draws.
 */
class ProductionDayDumpsTest {

    private static final int LAYERS = 61;
    private static final int DENSE = 3;
    private static final int EXPERTS = 256;
    private static final int TOP_K = 8;

    @TempDir
    static Path tmp;
    private static Path out;
    private static String calibrate;

    @BeforeAll
    static void generate() {
        calibrate = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json").toString();
        out = tmp.resolve("day");
        run(out);
    }

    private static void run(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("generate", "--preset", "production-day", "--requests-per-s", "5",
                "--hours", "0.02", "--step-ms", "1000", "--passes-per-file", "40", "--calibrate", calibrate,
                "--seed", "11", "--out-dir", dir.toString()));
        args.addAll(List.of(more));
        assertThat(MoeReplayCli.commandLine().execute(args.toArray(String[]::new))).isZero();
    }

    /** Per pass and layer, tokens routed; per layer and expert, tokens over the day. */
    private static final class Counts implements RoutingVisitor {
        final Map<Long, long[]> byPass = new HashMap<>();
        final long[][] byLayer;
        long[] pass;
        int rejects;

        Counts(int layers, int experts) {
            byLayer = new long[layers][experts];
        }

        @Override
        public void pass(long id) {
            pass = byPass.computeIfAbsent(id, p -> new long[byLayer.length]);
        }

        @Override
        public void load(long row, long startMicros, int layer, int expert, long tokens) {
            pass[layer] += tokens;
            byLayer[layer][expert] += tokens;
        }

        @Override
        public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
                float[] gateWeights, int gates) {
            throw new AssertionError("a recorder dump holds counts, not decisions");
        }

        @Override
        public void reject(Reject reject) {
            rejects++;
        }
    }

    private static Counts readBack() throws IOException {
        return readBack(out, LAYERS, EXPERTS);
    }

    private static Counts readBack(Path dir, int layers, int experts) throws IOException {
        Counts counts = new Counts(layers, experts);
        for (Path file : dumps(dir)) {
            LocalTraceFile trace = new LocalTraceFile(file);
            assertThat(RoutingFormat.detect(trace)).isEqualTo(RoutingFormat.SGLANG_PER_PASS);
            RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.SGLANG_PER_PASS);
            assertThat(reader.declaredShape(trace)).contains(TraceShape.dense(layers, experts));
            reader.read(trace, counts);
        }
        return counts;
    }

    private static List<Path> dumps(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("sglang"))) {
            return files.sorted().toList();
        }
    }

    /** Decode tokens of requests.csv, counted here: every output token but the prefill's. */
    private static long decodeTokens() throws IOException {
        return decodeTokens(out);
    }

    private static long decodeTokens(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("requests.csv"));
        assertThat(lines.get(0)).isEqualTo("TIMESTAMP,ContextTokens,GeneratedTokens");
        long total = 0;
        for (String line : lines.subList(1, lines.size())) {
            total += Math.max(Integer.parseInt(line.split(",")[2]) - 1, 0);
        }
        return total;
    }

    @Test
    void everyMoeLayerRoutesEveryDecodeTokensTopK() throws IOException {
        Counts counts = readBack();
        long decodeTokens = decodeTokens();
        assertThat(decodeTokens).isGreaterThan(10_000);
        assertThat(counts.rejects).isZero();
        for (int layer = 0; layer < LAYERS; layer++) {
            long total = java.util.Arrays.stream(counts.byLayer[layer]).sum();
            assertThat(total).as("layer %d", layer).isEqualTo(layer < DENSE ? 0 : decodeTokens * TOP_K);
        }
        for (long[] pass : counts.byPass.values()) {
            // A pass routes its B tokens' B x 8 choices through each MoE layer alike.
            assertThat(pass[DENSE] % TOP_K).isZero();
            for (int layer = DENSE; layer < LAYERS; layer++) {
                assertThat(pass[layer]).isEqualTo(pass[DENSE]).isPositive();
            }
        }
    }

    /**
     * Llama-4-Maverick's MoE layers are every other decoder layer from 1: SGLang's rows for them hold
     * each decode token's top-1, the dense rows between them nothing.
     */
    @Test
    void anInterleavedModelsLoadsSitOnItsMoeLayers() throws IOException {
        Path maverick = tmp.resolve("maverick");
        run(maverick, "--model", "Llama-4-Maverick");
        Counts counts = readBack(maverick, 48, 128);
        long decodeTokens = decodeTokens(maverick);
        assertThat(decodeTokens).isGreaterThan(10_000);
        for (int layer = 0; layer < 48; layer++) {
            long total = java.util.Arrays.stream(counts.byLayer[layer]).sum();
            assertThat(total).as("layer %d", layer).isEqualTo(layer % 2 == 1 ? decodeTokens : 0);
        }
    }

    @Test
    void passesAreNumberedOnceAcrossFiles() throws IOException {
        Counts counts = readBack();
        List<Path> files = dumps(out);
        assertThat(files.size()).isGreaterThan(1);
        List<Long> ids = new ArrayList<>(counts.byPass.keySet());
        ids.sort(null);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(i);
        }
        assertThat(ids.size()).isBetween(40 * (files.size() - 1) + 1, 40 * files.size());
    }

    @Test
    void theDumpsHoldTheLoadsAReplayOfTheSameRequestsDraws() throws Exception {
        Counts counts = readBack();
        ProductionDaySpec spec = new ProductionDaySpec(5, 0.02, "DeepSeek-V3", List.of(calibrate), "0.3:0.9:60s",
                8192, 1_000_000, 40, 11);
        ReplayInputs inputs = ReplayInputs.read(ProductionDay.replayConfig(spec, out.resolve("requests.csv"), out));
        RoutingModel model = inputs.routing().create(inputs.requests());
        for (int layer : new int[] {0, 17, 57}) {
            long[][] replayed = new long[1][];
            LayerLoadReplay.replay(inputs.requests(), inputs.batching(), inputs.decodeSchedule(), model, layer, WindowSpec.parse("all"),
                    load -> replayed[0] = load.tokensByExpert());
            assertThat(counts.byLayer[DENSE + layer]).as("MoE layer %d", layer).isEqualTo(replayed[0]);
        }
    }

    @Test
    void theSameOptionsWriteTheSameBytes() throws IOException {
        Path again = tmp.resolve("again");
        run(again);
        for (String name : List.of("requests.csv", "_generate.json")) {
            assertThat(Files.readAllBytes(again.resolve(name))).as(name).isEqualTo(Files.readAllBytes(out.resolve(name)));
        }
        List<Path> first = dumps(out);
        List<Path> second = dumps(again);
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).getFileName()).isEqualTo(first.get(i).getFileName());
            assertThat(Files.readAllBytes(second.get(i))).isEqualTo(Files.readAllBytes(first.get(i)));
        }
    }
}
