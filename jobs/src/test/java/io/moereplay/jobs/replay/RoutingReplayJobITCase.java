package io.moereplay.jobs.replay;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.jobs.testing.SharedTraces;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.trace.FileReadStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingReplayJobITCase {

    @TempDir
    Path out;

    @TempDir
    Path work;

    /**
     * The Switch-base-8 capture is one request (id 0) of 215 prompt tokens over 6 MoE layers.
     * Replayed as a request of 216 output tokens (215 decode steps, one per recorded token), every
     * recorded token is routed exactly once, so each model layer l must carry exactly the
     * capture's counts at layer l mod 6 (Switch-base-8 has 12 MoE layers), computed here by DuckDB
     * from the JSON.
     */
    @Test
    void recordedReplayRoutesEveryRecordedTokenOnceAndCyclesLayers() throws Exception {
        Path capture = SharedTraces.file("routing/switch_base8_router_trace.v2.json");
        Path requests = Files.writeString(work.resolve("one.csv"),
                "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.0000000,215,216\n");
        Map<String, Object> summary = RoutingReplayJob.run(new ReplayConfig(requests.toString(), null, ModelChoice.named("Switch-base-8"), ReplayConfig.RECORDED, List.of(capture.toString()), List.of(), null, null, null, "zipf:1.0", "zipf",
                "none", 1, 8, 30_000, WindowSpec.all(), out.toString(), 2, null, 1000));

        assertThat(summary.get("decode_tokens")).isEqualTo(215L);
        assertThat(summary.get("rows_read")).isEqualTo(1L + 1290L);
        assertThat(summary.get("rows_rejected")).isEqualTo(0L);
        assertThat(((Map<?, ?>) summary.get("routing_model")).get("request_mapping")).isEqualTo("by id");
        try (DuckDb duck = new DuckDb()) {
            duck.execute("""
                    CREATE TABLE recorded AS
                    WITH tokens AS (SELECT unnest(selections) AS per_layer FROM read_json_auto('%s')),
                    layers AS (SELECT unnest(per_layer) AS chosen,
                                      unnest(generate_series(0, len(per_layer) - 1)) AS layer FROM tokens)
                    SELECT layer, expert, count(*) AS tokens
                    FROM (SELECT layer, unnest(chosen) AS expert FROM layers) GROUP BY ALL""".formatted(capture));
            List<List<Object>> mismatches = duck.rows("""
                    SELECT l.layer, l.expert, l.tokens, coalesce(r.tokens, 0)
                    FROM read_parquet('%s/expert_load/*.parquet') l
                    LEFT JOIN recorded r ON r.layer = l.layer %% 6 AND r.expert = l.expert
                    WHERE l.tokens <> coalesce(r.tokens, 0)""".formatted(out));
            assertThat(mismatches).isEmpty();
            assertThat(duck.rows("""
                    SELECT count(*), count(DISTINCT layer), CAST(sum(tokens) AS BIGINT), min(steps), max(decode_tokens),
                           min(context_tokens), max(context_tokens)
                    FROM read_parquet('%s/expert_load/*.parquet')""".formatted(out)))
                    // Decode token p attends over 215 + p + 1: the sum over p = 0..214 is 215*216 + 214*215/2.
                    .containsExactly(List.of(12L * 8, 12L, 12L * 215, 215L, 215L, 69_445L, 69_445L));
        }
    }

    /**
     * The engines' routed experts (connectors' engines/routed-experts fixtures: the same six
     * requests as vLLM and as SGLang return them) replayed onto their own request trace: each
     * request of C completion tokens takes C - 1 decode steps, one per recorded decode token, so
     * model layer l (Mixtral-8x7B: 32 MoE layers) carries exactly make_routed_fixtures.py's decode counts
     * of recorded layer l mod 4.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vllm_responses.jsonl", "sglang_responses.jsonl"})
    void recordedReplayOfEngineRoutedExpertsCarriesTheScriptsDecodeCounts(String responses) throws Exception {
        Path fixtures = Path.of("../connectors/src/test/resources/engines/routed-experts");
        Map<String, Object> summary = RoutingReplayJob.run(new ReplayConfig(fixtures.resolve("_requests.jsonl").toString(),
                null, ModelChoice.named("Mixtral-8x7B"), ReplayConfig.RECORDED, List.of(fixtures.resolve(responses).toString()),
                List.of(), null, 4, 8, "zipf:1.0", "zipf", "none", 1, 8, 30_000, WindowSpec.all(), out.toString(), 2,
                null, 1000));

        assertThat(summary.get("decode_tokens")).isEqualTo(21L);
        assertThat(summary.get("rows_read")).isEqualTo(6L + 280L);
        assertThat(summary.get("rows_rejected")).isEqualTo(64L);
        assertThat(((Map<?, ?>) summary.get("routing_model")).get("request_mapping")).isEqualTo("by id");
        try (DuckDb duck = new DuckDb()) {
            List<List<Object>> mismatches = duck.rows("""
                    WITH expected AS (SELECT layer, expert, tokens FROM read_csv_auto('%s')
                                      WHERE phase = 'decode'),
                         replayed AS (SELECT layer, expert, CAST(sum(tokens) AS BIGINT) AS tokens
                                      FROM read_parquet('%s/expert_load/*.parquet') GROUP BY ALL)
                    SELECT r.layer, r.expert, r.tokens, coalesce(e.tokens, 0)
                    FROM replayed r LEFT JOIN expected e ON e.layer = r.layer %% 4 AND e.expert = r.expert
                    WHERE r.tokens <> coalesce(e.tokens, 0)""".formatted(
                    fixtures.resolve("_expected_counts_by_phase.csv"), out));
            assertThat(mismatches).isEmpty();
            assertThat(duck.rows("""
                    SELECT count(DISTINCT layer), CAST(sum(tokens) AS BIGINT)
                    FROM read_parquet('%s/expert_load/*.parquet')""".formatted(out)))
                    .containsExactly(List.of(32L, 32L * 21 * 2));
        }
    }

    /**
     * Request 1 of the recording has decisions at layer 0 only, so the replay leaves it out: its two
     * rows go to rejects with the reason, and rows read = rows used + rows rejected (2 request rows
     * + 4 routing rows used, 2 rejected).
     */
    @Test
    void rowsOfARequestMissingFromALayerAreRejectedNotCountedAsUsed() throws Exception {
        Path routing = Files.writeString(work.resolve("routing.jsonl"), """
                {"request_id": 0, "token_idx": 0, "layer": 0, "experts": [0, 1]}
                {"request_id": 0, "token_idx": 0, "layer": 1, "experts": [2, 3]}
                {"request_id": 1, "token_idx": 0, "layer": 0, "experts": [4, 5]}
                {"request_id": 0, "token_idx": 1, "layer": 0, "experts": [6, 7]}
                {"request_id": 0, "token_idx": 1, "layer": 1, "experts": [0, 2]}
                {"request_id": 1, "token_idx": 1, "layer": 0, "experts": [1, 3]}
                """);
        Path requests = Files.writeString(work.resolve("two.csv"), """
                TIMESTAMP,ContextTokens,GeneratedTokens
                2023-11-16 18:15:46.0000000,2,3
                2023-11-16 18:15:47.0000000,2,3
                """);
        Map<String, Object> summary = RoutingReplayJob.run(new ReplayConfig(requests.toString(), null,
                ModelChoice.named("Mixtral-8x7B"), ReplayConfig.RECORDED, List.of(routing.toString()), List.of(), null,
                2, 8, "zipf:1.0", "zipf", "none", 1, 8, 30_000, WindowSpec.all(), out.toString(), 2, null, 1000));

        assertThat(summary.get("rows_read")).isEqualTo(2L + 6L);
        assertThat(summary.get("rows_used")).isEqualTo(2L + 4L);
        assertThat(summary.get("rows_rejected")).isEqualTo(2L);
        assertThat(((Map<?, ?>) summary.get("routing_model")).get("incomplete_requests_left_out")).isEqualTo(1);
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("""
                    SELECT regexp_extract(source_file, '[^/]+$'), row_number, field, reason
                    FROM read_parquet('%s/rejects/*.parquet') ORDER BY ALL""".formatted(out)))
                    .containsExactly(
                            List.of("routing.jsonl", 3L, "request_id",
                                    "request 1 has no decision at layer 1: replayed requests need every layer"),
                            List.of("routing.jsonl", 6L, "request_id",
                                    "request 1 has no decision at layer 1: replayed requests need every layer"));
        }
        // The routing file's stats: its used rows carry 4 decisions x top-2.
        FileReadStats routingStats = (FileReadStats) ((List<?>) summary.get("inputs")).get(1);
        assertThat(List.of(routingStats.file(), routingStats.rowsRead(), routingStats.rowsUsed(),
                routingStats.rowsRejected(), routingStats.decisions()))
                .containsExactly(routing.toString(), 6L, 4L, 2L, 8L);
    }

    @Test
    void recordedRoutingOfAnotherExpertCountIsRefused() {
        Path capture = SharedTraces.file("routing/switch_base8_router_trace.v2.json");
        Path requests = SharedTraces.file("requests/azure_llm_2023_conv.csv");
        assertThatThrownBy(() -> RoutingReplayJob.run(new ReplayConfig(requests.toString(), null, ModelChoice.named("Mixtral-8x7B"), ReplayConfig.RECORDED, List.of(capture.toString()), List.of(), null, null, null, "zipf:1.0", "zipf",
                "none", 1, 8, 30_000, WindowSpec.all(), out.toString(), 2, null, 1000)))
                .hasMessageContaining("switch_base8_router_trace.v2.json")
                .hasMessageContaining("top-2");
        assertThat(out.toFile().list()).isEmpty();
    }

    /**
     * The acceptance case: Azure's conversation trace through Mixtral-8x22B (56 MoE layers,
     * top-2) with the synthetic model calibrated on Switch-base-128. Every layer's routed tokens
     * must be exactly the decode tokens (DuckDB: sum of max(GeneratedTokens - 1, 0) over the CSV)
     * times 2, in total and window by window.
     */
    @Test
    void calibratedSyntheticReplayOfAzureConversationsRoutesEveryDecodeTokenTopKTimes() throws Exception {
        Path requests = SharedTraces.file("requests/azure_llm_2023_conv.csv");
        Path counts = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        Map<String, Object> summary = RoutingReplayJob.run(synthetic(requests, counts, "Mixtral-8x22B", "none",
                WindowSpec.parse("60s"), out, 2));

        try (DuckDb duck = new DuckDb()) {
            long decodeTokens = ((Number) duck.rows("""
                    SELECT CAST(sum(greatest(GeneratedTokens - 1, 0)) AS BIGINT) FROM read_csv('%s')"""
                    .formatted(requests)).get(0).get(0)).longValue();
            assertThat(decodeTokens).isPositive();
            assertThat(summary.get("decode_tokens")).isEqualTo(decodeTokens);
            assertThat(duck.rows("""
                    SELECT layer, CAST(sum(tokens) AS BIGINT) FROM read_parquet('%s/expert_load/*.parquet')
                    GROUP BY layer ORDER BY layer""".formatted(out)))
                    .hasSize(56)
                    .allSatisfy(row -> assertThat(row.get(1)).as("layer %s", row.get(0)).isEqualTo(2 * decodeTokens));
            assertThat(duck.rows("""
                    SELECT window_index, layer FROM read_parquet('%s/expert_load/*.parquet')
                    GROUP BY window_index, layer, decode_tokens HAVING sum(tokens) <> 2 * decode_tokens OR count(*) <> 8"""
                    .formatted(out))).isEmpty();
            // Windows hold the decode steps that start in them, 60 s apart on the trace's clock.
            assertThat(duck.rows("""
                    SELECT count(DISTINCT window_index), CAST(sum(DISTINCT decode_tokens) >= 0 AS BOOLEAN),
                           bool_and(window_start_us = window_index * 60000000)
                    FROM read_parquet('%s/expert_load/*.parquet')""".formatted(out)).get(0).get(2)).isEqualTo(true);
        }
        Map<?, ?> routing = (Map<?, ?>) summary.get("routing_model");
        assertThat(routing.get("family")).isEqualTo("zipf_mandelbrot");
        assertThat((List<?>) routing.get("fits")).hasSize(6);
    }

    /** Same seed, same loads: at parallelism 1 and 4, with drifting popularity. */
    @Test
    void syntheticReplayIsTheSameAtAnyParallelism() throws Exception {
        Path requests = Path.of("../sample-traces/requests.csv");
        Path other = work.resolve("p4");
        RoutingReplayJob.run(synthetic(requests, null, "DeepSeek-V2", "0.5:0.8:30s", WindowSpec.parse("20steps"), out, 1));
        RoutingReplayJob.run(synthetic(requests, null, "DeepSeek-V2", "0.5:0.8:30s", WindowSpec.parse("20steps"), other, 4));
        try (DuckDb duck = new DuckDb()) {
            // Compared inside DuckDB: fetching ~10^5 rows through its JDBC driver crashes the JVM.
            String a = "(SELECT * FROM read_parquet('%s/expert_load/*.parquet'))".formatted(out);
            String b = "(SELECT * FROM read_parquet('%s/expert_load/*.parquet'))".formatted(other);
            List<Object> compared = duck.rows(("SELECT (SELECT count(*) FROM %1$s), (SELECT count(*) FROM %2$s),"
                    + " (SELECT count(*) FROM (%1$s EXCEPT ALL %2$s)), (SELECT count(*) FROM (%2$s EXCEPT ALL %1$s))")
                    .formatted(a, b)).get(0);
            long rows = (Long) compared.get(0);
            // Every window has all 59 MoE layers x (160 routed + 2 shared) experts.
            assertThat(rows).isPositive().isEqualTo(compared.get(1));
            assertThat(rows % (59 * 162)).isZero();
            assertThat(compared.subList(2, 4)).containsExactly(0L, 0L);
            // DeepSeek-V2: 160 routed experts, top-6, plus 2 shared experts that see every token.
            assertThat(duck.rows("""
                    SELECT count(*) FROM read_parquet('%s/expert_load/*.parquet')
                    WHERE (shared AND tokens <> decode_tokens) OR (shared <> (expert >= 160)) OR steps > 20"""
                    .formatted(out)).get(0).get(0)).isEqualTo(0L);
        }
    }

    /**
     * hotness reads a replay's expert_load back as a trace: its per-(window, layer, expert) tokens
     * are the replay's, windows keep their start times, and the shared experts' rows are rejected
     * with the reason, so rows read = used + rejected.
     */
    @Test
    void hotnessReadsTheReplaysExpertLoad() throws Exception {
        Path requests = Path.of("../sample-traces/requests.csv");
        RoutingReplayJob.run(synthetic(requests, null, "DeepSeek-V2", "none", WindowSpec.parse("60s"), out, 2));
        Path hotness = work.resolve("hotness");
        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(out.resolve("expert_load").toString()),
                null, null, null, WindowSpec.parse("60s"), hotness.toString(), 2, 1.5, null, null, null, 1_000_000));

        try (DuckDb duck = new DuckDb()) {
            List<Object> load = duck.rows("""
                    SELECT count(*), count(*) FILTER (WHERE shared), count(DISTINCT window_index)
                    FROM read_parquet('%s/expert_load/*.parquet')""".formatted(out)).get(0);
            long windows = (Long) load.get(2);
            assertThat(load.subList(0, 2)).containsExactly(windows * 59 * 162, windows * 59 * 2);
            assertThat(summary.get("rows_read")).isEqualTo(load.get(0));
            assertThat(summary.get("rows_rejected")).isEqualTo(load.get(1));
            assertThat(duck.rows("""
                    SELECT count(*) FILTER (WHERE h.tokens IS DISTINCT FROM l.tokens
                                              OR h.window_start_us IS DISTINCT FROM l.window_start_us), count(*)
                    FROM read_parquet('%s/expert_load/*.parquet') l
                    FULL JOIN read_parquet('%s/expert_hotness/*.parquet') h
                      ON h.window_index = l.window_index AND h.layer = l.layer AND h.expert = l.expert
                    WHERE NOT coalesce(l.shared, false)""".formatted(out, hotness)))
                    .containsExactly(List.of(0L, windows * 59 * 160));
            assertThat(duck.rows("SELECT DISTINCT reason LIKE '%%shared (always-on) expert%%' FROM read_parquet('%s/rejects/*.parquet')"
                    .formatted(hotness))).containsExactly(List.of(true));
        }
    }

    private static ReplayConfig synthetic(Path requests, Path calibrate, String model, String drift, WindowSpec window,
            Path out, int parallelism) {
        return new ReplayConfig(requests.toString(), null, ModelChoice.named(model), ReplayConfig.SYNTHETIC, List.of(),
                calibrate == null ? List.of() : List.of(calibrate.toString()), null, null, null, "zipf:1.2", "zipf",
                drift, 7, 256, 30_000, window, out.toString(), parallelism, null, 1000);
    }
}
