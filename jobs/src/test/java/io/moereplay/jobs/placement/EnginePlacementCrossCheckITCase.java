package io.moereplay.jobs.placement;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.connectors.placementfiles.EngineLayerKeys;
import io.moereplay.connectors.placementfiles.EnginePlacement;
import io.moereplay.connectors.placementfiles.EnginePlacementFiles;
import io.moereplay.connectors.placementfiles.EnginePlacementFormat;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.replay.RoutingReplayJob;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.jobs.testing.SharedTraces;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.placement.LayerSlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16's acceptance check: for each engine format, the placement {@code placement --emit} writes
 * is read back from the file alone and served as the engine serves it (each of an expert's {@code n}
 * slots takes {@code 1/n} of its tokens); DuckDB sums the loads the placement was fitted to onto the
 * file's GPUs, and each layer's busiest GPU over the mean equals {@code placement_summary}'s
 * {@code max_over_mean_after} of the emitted policy (relative 1e-9), every layer.
 *
 * <ul>
 *   <li>Switch-base-128: the measured loads (one window, so the fit loads are the file's counts),
 *       16 GPUs on 2 nodes, 16 redundant slots. One window recommends no policy, so greedy (the
 *       equal-share variant) and EPLB are emitted by name ({@code --emit-policy}). TensorRT-LLM needs
 *       every MoE layer and the file measures 6 of the model's 12, so that format refuses, naming why.
 *   <li>DeepSeek-V3: a replay of the sample requests (Zipf 1.2 with drift, 60 s windows), 32 GPUs on
 *       4 nodes, 32 redundant slots, 8 expert groups, look-back 1, so the fit loads are the last
 *       window's routed tokens. Greedy and EPLB (hierarchical) by name, and the recommended policy.
 * </ul>
 *
 * Layer keys are mapped back to the trace's ids as the emitter numbered them ({@link EngineLayerKeys}):
 * Switch's ids 1, 3, .., 11 stay as they are for SGLang and vLLM (they are below its 12 MoE layers),
 * DeepSeek-V3's MoE ids 0..57 become decoder layers 3..60 for SGLang and TensorRT-LLM; every other
 * row of the file must be the engine's trivial layout.
 */
class EnginePlacementCrossCheckITCase {

    @TempDir
    static Path tmp;

    private static final Map<String, PlacementConfig> RUNS = new java.util.HashMap<>();

    private static final String SWITCH = "Switch-base-128";
    private static final String DSV3 = "DeepSeek-V3";

    static Stream<Arguments> formatsAndPolicies() {
        return Stream.of(EnginePlacementFormat.values())
                .flatMap(format -> Stream.of("greedy", "eplb").map(policy -> Arguments.of(format, policy)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndPolicies")
    void switchPlacementReadBackFromTheEngineFileScoresAsTheSummary(EnginePlacementFormat format, String policy)
            throws Exception {
        Path loads = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        PlacementConfig run = switchRun(loads);
        Path dir = tmp.resolve("emit-switch-" + format.label() + "-" + policy);
        if (format == EnginePlacementFormat.TRTLLM) {
            assertThatThrownBy(() -> PlacementEmitter.emit(run, format, dir, policy))
                    .hasMessageContaining("--emit trtllm: TensorRT-LLM needs an assignment for each of the model's 12 MoE"
                            + " layers, but 6 layers have a placement");
            return;
        }
        PlacementEmitter.Emitted emitted = PlacementEmitter.emit(run, format, dir, policy);
        String loadRows = """
                SELECT CAST(l.key AS INTEGER) AS layer, CAST(e.key AS INTEGER) AS expert, CAST(e.value AS DOUBLE) AS load
                FROM read_json_objects('%s') j, json_each(j.json -> 'expert_usage_by_layer') l, json_each(l.value) e"""
                .formatted(loads);
        crossCheck(run, format, policy, emitted.file(), loadRows, 128, 6, "max_over_mean_after");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndPolicies")
    void deepSeekPlacementReadBackFromTheEngineFileScoresAsTheSummary(EnginePlacementFormat format, String policy)
            throws Exception {
        PlacementConfig run = deepSeekRun();
        Path dir = tmp.resolve("emit-dsv3-" + format.label() + "-" + policy);
        PlacementEmitter.Emitted emitted = PlacementEmitter.emit(run, format, dir, policy);
        crossCheck(run, format, policy, emitted.file(), lastWindowLoads(), 256, 58, "max_over_mean_after");
    }

    /**
     * Without a named policy the recommended one is written. On this short trace that is {@code none}:
     * DeepSeek-V3's 44 MB experts see few tokens a step, so replicas cost more than the skew they
     * remove. The file then holds vLLM's trivial layout ({@code p % experts}, the redundant slots
     * repeating experts 0..31), which is not {@code none}'s contiguous layout, so it is checked
     * against a second run that takes the file as the placement in force ({@code --current FILE}):
     * that run's {@code max_over_mean_before} is the file as the engine serves it. In every format:
     * SGLang's and TensorRT-LLM's decoder-layer keys (the replay's MoE layers shifted past DeepSeek's
     * 3 dense layers) read back onto the replay's layer ids.
     */
    @ParameterizedTest
    @EnumSource(EnginePlacementFormat.class)
    void deepSeekRecommendedPlacementIsWrittenAndScoresAsTheSummary(EnginePlacementFormat format) throws Exception {
        PlacementConfig run = deepSeekRun();
        String recommended = CurrentPlacements.recommended(Path.of(run.out()));
        PlacementEmitter.Emitted emitted = PlacementEmitter.emit(run, format, tmp.resolve("emit-dsv3-rec-" + format));
        if (!recommended.equals("none")) {
            assertThat(emitted.line()).contains("policy " + recommended);
            crossCheck(run, format, recommended, emitted.file(), lastWindowLoads(), 256, 58, "max_over_mean_after");
            return;
        }
        assertThat(emitted.line()).contains("recommendation none: no replication, so the engine's own trivial layout");
        EnginePlacementFiles.read(emitted.file(), 256, 32).placement().layers().forEach((key, layer) ->
                assertThat(layer).isEqualTo(format.trivial(key, 256, 32, 9)));
        PlacementConfig c = run;
        PlacementConfig inForce = new PlacementConfig(c.routing(), c.routingFormat(), c.requests(), c.requestsFormat(),
                c.window(), c.layers(), c.experts(), c.model(), c.gpu(), c.hardwareFile(), c.gpus(), c.nodes(),
                c.redundantSlots(), c.groups(), c.dispatch(), c.policies(), c.moveBudget(), c.lookBack(), c.horizon(),
                c.intervals(), c.batch(), c.contextPerSequence(), emitted.file().toString(), null,
                tmp.resolve("dsv3-current-" + format).toString(), c.parallelism(), null, c.maxRejects());
        PlacementJob.run(inForce);
        crossCheck(inForce, format, "none", emitted.file(), lastWindowLoads(), 256, 58, "max_over_mean_before");
    }

    @Test
    void aOneWindowRunWithoutANamedPolicySaysToNameOne() throws Exception {
        PlacementConfig run = switchRun(SharedTraces.file("routing/switch_base128_expert_statistics_3d.json"));
        assertThatThrownBy(() -> PlacementEmitter.emit(run, EnginePlacementFormat.SGLANG, tmp.resolve("emit-none")))
                .hasMessageContaining("--emit sglang: " + run.out() + " recommends no policy: its loads have one window")
                .hasMessageContaining("--emit-policy");
    }

    /**
     * Reads {@code file} back, maps its layer keys to the trace's ids, and compares DuckDB's busiest
     * GPU over the mean (equal shares, {@code loadRows} as (layer, expert, load)) with the summary's
     * {@code column} in {@code policy}'s rows.
     */
    private static void crossCheck(PlacementConfig run, EnginePlacementFormat format, String policy, Path file,
            String loadRows, int experts, int placedLayers, String column) throws Exception {
        int gpus = run.gpus();
        EnginePlacementFiles.Read read = EnginePlacementFiles.read(file, experts, gpus);
        assertThat(read.format()).isEqualTo(format);
        EnginePlacement placement = read.placement();
        assertThat(placement.slots()).isEqualTo(experts + run.redundantSlots());
        Path out = Path.of(run.out());
        String summary = "read_parquet('%s/placement_summary/*.parquet')".formatted(out);
        try (DuckDb duck = new DuckDb()) {
            TreeSet<Integer> traceLayers = new TreeSet<>();
            duck.rows("SELECT DISTINCT layer FROM %s ORDER BY layer".formatted(summary))
                    .forEach(row -> traceLayers.add((Integer) row.get(0)));
            assertThat(traceLayers).hasSize(placedLayers);
            var model = run.model().spec();
            SortedMap<Integer, Integer> keys = EngineLayerKeys.keys(format, traceLayers, model.layers(), model.moeLayerIds());
            Map<Integer, Integer> traceOfKey = new TreeMap<>();
            keys.forEach((id, key) -> traceOfKey.put(key, id));
            int perGpu = placement.slotsPerGpu();
            Path slots = tmp.resolve(file.getParent().getFileName() + "-slots.csv");
            List<String> lines = new ArrayList<>(List.of("layer,gpu,expert"));
            placement.layers().forEach((key, layer) -> {
                Integer id = traceOfKey.get(key);
                if (id == null) {
                    assertThat(layer).as("key %d has no placement: the engine's own layout", key)
                            .isEqualTo(format.trivial(key, experts, gpus, perGpu));
                    return;
                }
                int[] map = layer.physicalToLogical();
                for (int p = 0; p < map.length; p++) {
                    lines.add(id + "," + (p / perGpu) + "," + map[p]);
                }
            });
            Files.write(slots, lines);
            duck.execute("CREATE TABLE slots AS SELECT * FROM read_csv('%s', header = true)".formatted(slots));
            duck.execute("CREATE TABLE loads AS " + loadRows);
            assertThat(duck.rows("SELECT count(DISTINCT layer) FROM slots").get(0).get(0)).isEqualTo((long) placedLayers);
            // Each slot takes 1/n of its expert's load; experts without a load row had no tokens.
            List<List<Object>> rows = duck.rows("""
                    WITH slot AS (SELECT layer, gpu, expert, count(*) OVER (PARTITION BY layer, expert) AS n FROM slots),
                    gpu AS (SELECT s.layer, s.gpu, sum(coalesce(l.load, 0) / s.n) AS load
                            FROM slot s LEFT JOIN loads l USING (layer, expert) GROUP BY ALL),
                    busiest AS (SELECT layer, max(load) / (sum(load) / %d) AS max_over_mean, count(*) AS gpus
                                FROM gpu GROUP BY layer),
                    total AS (SELECT layer, sum(load) AS load FROM loads GROUP BY layer)
                    SELECT b.layer, b.max_over_mean, s.%s, b.gpus, s.dispatch, s.replicas,
                           (SELECT sum(load) FROM gpu g WHERE g.layer = b.layer) / t.load
                    FROM busiest b JOIN %s s ON s.layer = b.layer AND s.policy = '%s' JOIN total t ON t.layer = b.layer
                    ORDER BY b.layer""".formatted(gpus, column, summary, policy));
            assertThat(rows).hasSize(placedLayers);
            for (List<Object> row : rows) {
                double recomputed = (Double) row.get(1);
                double reported = (Double) row.get(2);
                assertThat(Math.abs(recomputed - reported)).as("layer %s: DuckDB %s, placement_summary %s", row.get(0),
                        recomputed, reported).isLessThanOrEqualTo(1e-9 * reported);
                assertThat(row.get(3)).isEqualTo((long) gpus);
                assertThat(row.get(4)).isEqualTo("equal");
                assertThat((Double) row.get(6)).as("every token lands on a GPU").isCloseTo(1.0,
                        org.assertj.core.api.Assertions.within(1e-12));
            }
            List<Object> first = rows.get(0);
            List<Object> last = rows.get(rows.size() - 1);
            System.out.printf("cross-check %s %s %s %s: %d layers; layer %s %.6f = %.6f, layer %s %.6f = %.6f%n",
                    model.name(), format.label(), policy, column, rows.size(), first.get(0), first.get(1), first.get(2),
                    last.get(0), last.get(1), last.get(2));
        }
    }

    private static String lastWindowLoads() {
        Path load = tmp.resolve("dsv3-replay/expert_load");
        return """
                SELECT layer, expert, sum(tokens)::DOUBLE AS load FROM read_parquet('%s/*.parquet')
                WHERE NOT shared AND window_index = (SELECT max(window_index) FROM read_parquet('%s/*.parquet'))
                GROUP BY ALL""".formatted(load, load);
    }

    private static synchronized PlacementConfig switchRun(Path loads) throws Exception {
        PlacementConfig run = RUNS.get(SWITCH);
        if (run == null) {
            run = config(List.of(loads.toString()), null, SWITCH, 16, 2, 16, 1, tmp.resolve("switch"), 10);
            PlacementJob.run(run);
            RUNS.put(SWITCH, run);
        }
        return run;
    }

    /** A replay of the sample requests through DeepSeek-V3, placed on 32 GPUs as README's backtest. */
    /**
     * Greedy's DeepSeek-V3 placement emitted in each format and taken back as the placement in force
     * ({@code --current FILE}) by a run over the same loads: every layer's {@code
     * max_over_mean_before} is the first run's greedy {@code max_over_mean_after}, so each file's
     * layer keys (SGLang's and TensorRT-LLM's decoder layers 3..60, vLLM's MoE layers 0..57) land
     * back on the replay's layers 0..57, not on their neighbours.
     */
    @ParameterizedTest
    @EnumSource(EnginePlacementFormat.class)
    void anEmittedFileReadsBackOntoTheLayersItCameFrom(EnginePlacementFormat format) throws Exception {
        PlacementConfig c = deepSeekRun();
        Path file = PlacementEmitter.emit(c, format, tmp.resolve("emit-back-" + format), "greedy").file();
        Path again = tmp.resolve("dsv3-back-" + format);
        PlacementJob.run(new PlacementConfig(c.routing(), c.routingFormat(), c.requests(), c.requestsFormat(),
                c.window(), c.layers(), c.experts(), c.model(), c.gpu(), c.hardwareFile(), c.gpus(), c.nodes(),
                c.redundantSlots(), c.groups(), c.dispatch(), List.of("none"), c.moveBudget(), c.lookBack(), c.horizon(),
                c.intervals(), c.batch(), c.contextPerSequence(), file.toString(), null, again.toString(),
                c.parallelism(), null, c.maxRejects()));
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("""
                    SELECT count(*), count(*) FILTER (WHERE abs(a.max_over_mean_after - b.max_over_mean_before) > 1e-9)
                    FROM read_parquet('%s/placement_summary/*.parquet') a
                    JOIN read_parquet('%s/placement_summary/*.parquet') b USING (layer)
                    WHERE a.policy = 'greedy'""".formatted(c.out(), again))).containsExactly(List.of(58L, 0L));
        }
    }

    private static synchronized PlacementConfig deepSeekRun() throws Exception {
        PlacementConfig run = RUNS.get(DSV3);
        if (run == null) {
            Path replay = tmp.resolve("dsv3-replay");
            RoutingReplayJob.run(new ReplayConfig("../sample-traces/requests.csv", null, ModelChoice.named(DSV3),
                    ReplayConfig.SYNTHETIC, List.of(), List.of(), null, null, null, "zipf:1.2", "zipf", "0.3:0.9:60s", 3,
                    256, 30_000, WindowSpec.parse("60s"), replay.toString(), 2, null, 10));
            // The shared expert's rows are rejected (it sees every token): one per layer and window.
            run = config(List.of(replay.resolve("expert_load").toString()), WindowSpec.parse("60s"), DSV3, 32, 4, 32, 8,
                    tmp.resolve("dsv3"), 100_000);
            PlacementJob.run(run);
            RUNS.put(DSV3, run);
        }
        return run;
    }

    private static PlacementConfig config(List<String> routing, WindowSpec window, String model, int gpus, int nodes,
            int redundant, int groups, Path out, long maxRejects) {
        return new PlacementConfig(routing, null, null, null, window, null, null, ModelChoice.named(model), "H100-SXM", null,
                gpus, nodes, redundant, groups, DispatchRule.EQUAL, PlacementConfig.ALL_POLICIES, "10%", 1, 2, List.of(1, 4),
                64 * gpus, 1024, null, null, out.toString(), 2, null, maxRejects);
    }
}
