package io.moereplay.jobs.input;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.routing.RoutingTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.jobs.cost.CostConfig;
import io.moereplay.jobs.cost.DeploymentCostJob;
import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.jobs.nightly.NightlyConfig;
import io.moereplay.jobs.nightly.NightlyJob;
import io.moereplay.jobs.placement.PlacementConfig;
import io.moereplay.jobs.placement.PlacementJob;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.replay.RoutingReplayJob;
import io.moereplay.jobs.straggler.StragglerJob;
import io.moereplay.jobs.straggler.StragglerRowsMode;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.cost.ServingSlo;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every job that reads routing counts a decision (or count) delivered in two files of one input
 * once: the later copy is rejected naming both places, rows read = rows used + rows rejected, and
 * the output equals what the de-duplicated input gives.
 *
 * <p>The decision fixture: three routing Parquet parts (2 layers, 8 experts, top-2). part-0 holds
 * requests 0-1, part-1 requests 1-2 and part-2 request 5, so only request 1 is shared (part-0 and
 * part-1 meet there) and part-2 is read as before. part-1's first row repeats part-0's third,
 * (request 1, token 0, layer 0), with other experts; part-0's copy is kept.
 */
class ExactlyOnceITCase {

    private static final TraceShape SHAPE = TraceShape.dense(2, 8);

    @TempDir
    Path dir;

    @Test
    void hotnessCountsADecisionInTwoPartsOnce() throws Exception {
        Path parts = decisionParts(dir.resolve("parts"), true);
        Path out = dir.resolve("hotness");

        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(parts.toString()), null, null,
                null, WindowSpec.all(), out.toString(), 2, 1.5, null, null, "dup", 10));

        assertReconciles(summary, 9, 1);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, out)).containsExactly(duplicateOfPart0Row3("file:" + parts));
            // Independently: DuckDB keeps each (request, token, layer) at its first file and row.
            assertThat(duck.rows("""
                    SELECT layer, expert, tokens FROM read_parquet('%s/expert_hotness/*.parquet') WHERE tokens > 0
                    ORDER BY layer, expert""".formatted(out)))
                    .isEqualTo(dedupedCounts(duck, parts));
        }
    }

    @Test
    void placementPlacesTheLoadOfTheDeduplicatedInput() throws Exception {
        Path parts = decisionParts(dir.resolve("parts"), true);
        Path out = dir.resolve("placement");

        Map<String, Object> summary = PlacementJob.run(placement(parts, out));
        PlacementJob.run(placement(decisionParts(dir.resolve("deduped"), false), dir.resolve("placement-deduped")));

        assertReconciles(summary, 9, 1);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, out)).containsExactly(duplicateOfPart0Row3("file:" + parts));
            assertSameTables(duck, out, dir.resolve("placement-deduped"), "placement", "placement_summary",
                    "placement_backtest");
        }
    }

    @Test
    void recordedReplayRejectsTheRepeatAndTheIncompleteRequest() throws Exception {
        Path routing = recordedParts(dir.resolve("routing"), true);
        Path out = dir.resolve("replay");

        Map<String, Object> summary = RoutingReplayJob.run(recorded(routing, out));
        RoutingReplayJob.run(recorded(recordedParts(dir.resolve("deduped"), false), dir.resolve("replay-deduped")));

        // 2 request rows + 3 + 4 routing rows; the repeat, then request 1's two rows (it has no layer 1).
        assertReconciles(summary, 9, 3);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, out)).containsExactlyElementsOf(recordedRejects(routing));
            assertSameTables(duck, out, dir.resolve("replay-deduped"), "expert_load");
            // Request 0's 2 recorded tokens, each at 2 layers, top-2, replayed over the model's 32 layers.
            assertThat(duck.rows("SELECT sum(tokens)::BIGINT FROM read_parquet('%s/expert_load/*.parquet')"
                    .formatted(out))).containsExactly(List.of(routedTokens(summary)));
        }
    }

    @Test
    void stragglerReplaysTheDeduplicatedRecordedRouting() throws Exception {
        Path routing = recordedParts(dir.resolve("routing"), true);
        Path out = dir.resolve("straggler");
        List<String> deployments = List.of("colocated:gpu=H100-SXM,gpus=8");

        Map<String, Object> summary = StragglerJob.run(recorded(routing, out), deployments, null, null, StragglerRowsMode.ALL);
        StragglerJob.run(recorded(recordedParts(dir.resolve("deduped"), false), dir.resolve("straggler-deduped")),
                deployments, null, null, StragglerRowsMode.ALL);

        assertReconciles(summary, 9, 3);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, out)).containsExactlyElementsOf(recordedRejects(routing));
            assertSameTables(duck, out, dir.resolve("straggler-deduped"), "straggler", "tbt_summary");
        }
    }

    @Test
    void costCalibratesOnTheDeduplicatedCounts() throws Exception {
        Path parts = decisionParts(dir.resolve("parts"), true);
        Path out = dir.resolve("cost");

        Map<String, Object> summary = DeploymentCostJob.run(cost(parts, out));
        DeploymentCostJob.run(cost(decisionParts(dir.resolve("deduped"), false), dir.resolve("cost-deduped")));

        assertReconciles(summary, 2 + 9, 1);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, out)).containsExactly(duplicateOfPart0Row3("file:" + parts));
            assertSameTables(duck, out, dir.resolve("cost-deduped"), "deployment_cost", "pareto");
        }
    }

    @Test
    void nightlyHotnessCountsADecisionInTwoPartsOnce() throws Exception {
        Path parts = decisionParts(dir.resolve("parts"), true);
        Path config = Files.writeString(dir.resolve("nightly.json"), """
                {"requests": "%s", "routing": ["%s"], "model": "Mixtral-8x7B"}""".formatted(
                Path.of("../sample-traces/requests.csv").toAbsolutePath().normalize(), parts));
        Path out = dir.resolve("nights");

        NightlyJob.run(NightlyConfig.load(config), LocalDate.of(2026, 12, 1), out, 2);

        Path hotness = out.resolve("date=2026-12-01/hotness");
        assertReconciles(new ObjectMapper().readValue(hotness.resolve("_run_summary.json").toFile(), Map.class),
                200 + 9, 1);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, hotness)).containsExactly(duplicateOfPart0Row3("file:" + parts));
            assertThat(duck.rows("""
                    SELECT layer, expert, sum(tokens)::BIGINT FROM read_parquet('%s/expert_hotness/*.parquet')
                    WHERE tokens > 0 GROUP BY ALL ORDER BY ALL""".formatted(hotness)))
                    .isEqualTo(dedupedCounts(duck, parts));
        }
    }

    /**
     * Files whose rows all go to the keyed check (text has no footer ranges) are streamed in chunks:
     * 10,000 requests a file, the second sharing half of the first's; every shared row rejected once.
     */
    @Test
    void manySharedRowsAreStreamedAndEachRejectedOnce() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("many"));
        Files.writeString(parts.resolve("a.jsonl"), tokens(0, 10_000, 1));
        Files.writeString(parts.resolve("b.jsonl"), tokens(5_000, 15_000, 2));
        Path out = dir.resolve("hotness");

        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(parts.toString()), null, null,
                null, WindowSpec.all(), out.toString(), 2, 1.5, 2, 8, "dup", 10_000));

        assertReconciles(summary, 40_000, 10_000);
        try (DuckDb duck = new DuckDb()) {
            // a's experts (1, 2) everywhere it has the request, b's (2, 3) only for requests 10,000-14,999.
            assertThat(duck.rows("""
                    SELECT expert, sum(tokens)::BIGINT FROM read_parquet('%s/expert_hotness/*.parquet')
                    WHERE tokens > 0 GROUP BY ALL ORDER BY ALL""".formatted(out)))
                    .containsExactly(List.of(1, 20_000L), List.of(2, 30_000L), List.of(3, 10_000L));
            assertThat(duck.rows("""
                    SELECT count(*), count(DISTINCT row_number), min(row_number), max(row_number)
                    FROM read_parquet('%s/rejects/*.parquet') WHERE source_file LIKE '%%b.jsonl'
                    AND reason LIKE '%%across files: first read at %%a.jsonl:%%'""".formatted(out)))
                    .containsExactly(List.of(10_000L, 10_000L, 1L, 10_000L));
        }
    }

    /** A file over the reject limit fails the run with the reader's own message, streamed or not. */
    @Test
    void aStreamedFileOverTheRejectLimitFailsWithItsMessage() throws Exception {
        Path parts = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(parts.resolve("a.jsonl"), tokens(0, 2, 1));
        Files.writeString(parts.resolve("b.jsonl"), tokens(0, 2, 1).replace("\"layer\": 1", "\"layer\": 7"));

        assertThatThrownBy(() -> ExpertHotnessJob.run(new HotnessConfig(List.of(parts.toString()), null, null, null,
                WindowSpec.all(), dir.resolve("out").toString(), 2, 1.5, 2, 8, "dup", 1)))
                .hasStackTraceContaining("b.jsonl: more than 1 rows rejected");
    }

    /** Token JSONL of requests [from, to), token 0 at layers 0 and 1, choosing experts e and e + 1. */
    private static String tokens(int from, int to, int expert) {
        StringBuilder lines = new StringBuilder();
        for (int request = from; request < to; request++) {
            for (int layer = 0; layer < 2; layer++) {
                lines.append("{\"request_id\": ").append(request).append(", \"token_idx\": 0, \"layer\": ")
                        .append(layer).append(", \"experts\": [").append(expert).append(", ").append(expert + 1)
                        .append("]}\n");
            }
        }
        return lines.toString();
    }

    /** Load-count JSON files partition the counts: a (layer, expert) count in two of them is one count sent twice. */
    @Test
    void hotnessCountsALoadCountInTwoFilesOnce() throws Exception {
        Path counts = loadCounts(dir.resolve("counts"));
        Path out = dir.resolve("hotness");

        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(counts.toString()), null, null,
                null, WindowSpec.all(), out.toString(), 2, 1.5, null, null, "dup", 10));

        assertReconciles(summary, 6, 1);
        assertThat(summary.get("decisions")).isEqualTo(5L + 3 + 2 + 7 + 4);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, out)).containsExactly(duplicateCount("file:" + counts));
            assertThat(duck.rows("""
                    SELECT layer, expert, tokens FROM read_parquet('%s/expert_hotness/*.parquet')
                    WHERE tokens > 0 ORDER BY ALL""".formatted(out)))
                    .containsExactly(List.of(0, 0, 5L), List.of(0, 1, 3L), List.of(0, 2, 7L), List.of(1, 0, 2L),
                            List.of(1, 3, 4L));
        }
    }

    /** The same files read on the client, as a calibration reads them: the same one count is left out. */
    @Test
    void aClientScanCountsALoadCountInTwoFilesOnce() throws Exception {
        Path counts = loadCounts(dir.resolve("counts"));
        RoutingInputs inputs = RoutingInputs.resolve(List.of(counts.toString()), null, null, null);
        long[][] summed = new long[2][4];

        RoutingTraceScan scan = RoutingTraceScan.read(inputs, 10, new LoadSummer(summed));

        assertThat(summed).isDeepEqualTo(new long[][] {{5, 3, 7, 0}, {2, 0, 0, 4}});
        assertThat(scan.rejects()).extracting(r -> List.<Object>of(r.sourceFile(), r.row(), r.field(), r.reason()))
                .containsExactly(duplicateCount("file:" + counts));
        assertThat(scan.stats()).extracting(s -> List.of(s.rowsRead(), s.rowsUsed(), s.rowsRejected(), s.decisions()))
                .containsExactly(List.of(3L, 3L, 0L, 10L), List.of(3L, 2L, 1L, 11L));
    }

    /** a.json counts (layer 0: experts 0, 1; layer 1: expert 0); b.json repeats layer 0's expert 1 with 9 tokens. */
    private static Path loadCounts(Path folder) throws Exception {
        Files.createDirectories(folder);
        String shape = "\"num_experts\": 4, \"layers\": [0, 1], \"expert_usage_by_layer\": ";
        Files.writeString(folder.resolve("a.json"), "{" + shape + "{\"0\": {\"0\": 5, \"1\": 3}, \"1\": {\"0\": 2}}}");
        Files.writeString(folder.resolve("b.json"), "{" + shape + "{\"0\": {\"1\": 9, \"2\": 7}, \"1\": {\"3\": 4}}}");
        return folder;
    }

    private static List<Object> duplicateCount(String counts) {
        return List.of(counts + "/b.json", 1L, "expert", "duplicate count for layer 0, expert 1 across files:"
                + " first read at " + counts + "/a.json:2, again at " + counts + "/b.json:1; the first is kept");
    }

    /**
     * Two token JSONL files (no footer, so every request is checked across them): b's first row
     * repeats a's second with other experts; request 1 has no decision at layer 1.
     */
    private static Path recordedParts(Path folder, boolean duplicate) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("a.jsonl"), """
                {"request_id": 0, "token_idx": 0, "layer": 0, "experts": [0, 1]}
                {"request_id": 0, "token_idx": 0, "layer": 1, "experts": [2, 3]}
                {"request_id": 1, "token_idx": 0, "layer": 0, "experts": [4, 5]}
                """);
        Files.writeString(folder.resolve("b.jsonl"), (duplicate
                ? "{\"request_id\": 0, \"token_idx\": 0, \"layer\": 1, \"experts\": [5, 6]}\n" : "") + """
                {"request_id": 0, "token_idx": 1, "layer": 0, "experts": [6, 7]}
                {"request_id": 0, "token_idx": 1, "layer": 1, "experts": [0, 2]}
                {"request_id": 1, "token_idx": 1, "layer": 0, "experts": [1, 3]}
                """);
        return folder;
    }

    private static List<List<Object>> recordedRejects(Path routing) {
        // A folder's files are named as its listing gives them, qualified (file:/...).
        String a = "file:" + routing.resolve("a.jsonl");
        String b = "file:" + routing.resolve("b.jsonl");
        String incomplete = "request 1 has no decision at layer 1: replayed requests need every layer";
        return List.of(
                List.of(a, 3L, "request_id", incomplete),
                List.of(b, 1L, "token_index", "duplicate decision for request 0, token 0, layer 1 across files:"
                        + " first read at " + a + ":2, again at " + b + ":1; the first is kept"),
                List.of(b, 4L, "request_id", incomplete));
    }

    private ReplayConfig recorded(Path routing, Path out) throws Exception {
        Path requests = dir.resolve("two.csv");
        Files.writeString(requests, """
                TIMESTAMP,ContextTokens,GeneratedTokens
                2023-11-16 18:15:46.0000000,2,3
                2023-11-16 18:15:47.0000000,2,3
                """);
        return new ReplayConfig(requests.toString(), null, ModelChoice.named("Mixtral-8x7B"), ReplayConfig.RECORDED,
                List.of(routing.toString()), List.of(), null, 2, 8, "zipf:1.0", "zipf", "none", 1, 8, 30_000,
                WindowSpec.all(), out.toString(), 2, "dup", 1000);
    }

    private CostConfig cost(Path calibrate, Path out) throws Exception {
        ReplayConfig replay = new ReplayConfig(recorded(calibrate, out).requests(), null,
                ModelChoice.named("Mixtral-8x7B"), ReplayConfig.SYNTHETIC, List.of(), List.of(calibrate.toString()),
                null, null, null, "zipf:1.2", "zipf", "none", 3, 256, 30_000, WindowSpec.all(), out.toString(), 2,
                "dup", 10);
        return new CostConfig(replay, List.of("colocated:gpu=H100-SXM,gpus=8,batch=256"), null, null, null,
                ServingSlo.DEFAULT, false);
    }

    private static PlacementConfig placement(Path routing, Path out) {
        return new PlacementConfig(List.of(routing.toString()), null, null, null, WindowSpec.all(), null, null,
                ModelChoice.named("Mixtral-8x7B"), "H100-SXM", null, 4, 1, 4, 1, DispatchRule.SPLIT,
                PlacementConfig.ALL_POLICIES, "2", 1, 8, List.of(1), 256, 1024, null, null, out.toString(), 2, "dup", 10);
    }

    /** Routed tokens the replay's summary says it made: decode tokens x top-k x MoE layers. */
    private static long routedTokens(Map<String, Object> summary) {
        return ((Number) summary.get("decisions")).longValue();
    }

    /** Each table holds rows, and every row but its run id equals the run on the de-duplicated input's. */
    private static void assertSameTables(DuckDb duck, Path out, Path deduped, String... tables) throws Exception {
        for (String table : tables) {
            String rows = "SELECT * EXCLUDE (run_id) FROM read_parquet('%s/%s/*.parquet') ORDER BY ALL";
            assertThat(duck.rows(rows.formatted(out, table))).as(table).isNotEmpty()
                    .isEqualTo(duck.rows(rows.formatted(deduped, table)));
        }
    }

    /** The three parts; without {@code duplicate}, part-1 lacks its first row (the de-duplicated input). */
    static Path decisionParts(Path folder, boolean duplicate) throws Exception {
        Files.createDirectories(folder);
        parquet(folder.resolve("part-0.parquet"), List.of(
                decision(0, 0, 0, 0, 1), decision(0, 0, 1, 2, 3), decision(1, 0, 0, 4, 5), decision(1, 0, 1, 6, 7)));
        List<RoutingRecord> part1 = new java.util.ArrayList<>(List.of(
                decision(1, 1, 0, 0, 3), decision(2, 0, 0, 5, 6), decision(2, 0, 1, 0, 7)));
        if (duplicate) {
            part1.add(0, decision(1, 0, 0, 1, 2));
        }
        parquet(folder.resolve("part-1.parquet"), part1);
        parquet(folder.resolve("part-2.parquet"), List.of(decision(5, 0, 0, 0, 1)));
        return folder;
    }

    /** The one reject of the decision fixture; {@code parts} as the job names the folder. */
    private static List<Object> duplicateOfPart0Row3(String parts) {
        return List.of(parts + "/part-1.parquet", 1L, "token_index",
                "duplicate decision for request 1, token 0, layer 0 across files: first read at "
                        + parts + "/part-0.parquet:3, again at " + parts + "/part-1.parquet:1; the first is kept");
    }

    /** Tokens per (layer, expert) of the parts, each decision counted at its first file and row. */
    private static List<List<Object>> dedupedCounts(DuckDb duck, Path parts) throws Exception {
        return duck.rows("""
                WITH rows AS (SELECT * FROM read_parquet('%s/*.parquet', filename = true, file_row_number = true)),
                first AS (SELECT * FROM rows QUALIFY row_number() OVER (PARTITION BY request_id, token_index, layer
                                                                      ORDER BY filename, file_row_number) = 1)
                SELECT layer, expert, count(*)::BIGINT FROM (SELECT layer, unnest(experts) AS expert FROM first)
                GROUP BY ALL ORDER BY ALL""".formatted(parts));
    }

    private static void assertReconciles(Map<?, ?> summary, long read, long rejected) {
        assertThat(List.of(summary.get("rows_read"), summary.get("rows_used"), summary.get("rows_rejected")))
                .extracting(count -> ((Number) count).longValue())
                .containsExactly(read, read - rejected, rejected);
    }

    private static List<List<Object>> rejects(DuckDb duck, Path out) throws Exception {
        return duck.rows("""
                SELECT source_file, row_number, field, reason FROM read_parquet('%s/rejects/*.parquet')
                ORDER BY ALL""".formatted(out));
    }

    private static RoutingRecord decision(long request, int token, int layer, int first, int second) {
        return new RoutingRecord(request, token, Phase.DECODE, layer, new int[] {first, second}, null);
    }

    private static void parquet(Path path, List<RoutingRecord> records) throws Exception {
        try (ParquetWriter<RoutingRecord> writer =
                TableParquetWriters.open(RoutingTable.SCHEMA, path, RoutingTable.shapeMetadata(SHAPE))) {
            for (RoutingRecord record : records) {
                writer.write(record);
            }
        }
    }
}
