package io.moereplay.jobs.hotness;

import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.jobs.testing.SharedTraces;
import io.moereplay.model.hotness.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs the hotness job on the embedded MiniCluster over the real public routing traces and
 * compares its Parquet output, row for row, with DuckDB's own reading of the same JSON.
 */
class ExpertHotnessJobITCase {

    // DuckDB computes the whole expert_hotness table from the input, independently of moe-replay.
    private static final String EXPECTED_FROM_COUNTS = """
            WITH dense AS (
              SELECT l.layer, e.expert, coalesce(c.tokens, 0) AS tokens
              FROM (SELECT DISTINCT layer FROM counts) l
              CROSS JOIN (SELECT range AS expert FROM range(%d)) e
              LEFT JOIN counts c ON c.layer = l.layer AND c.expert = e.expert),
            scored AS (
              SELECT layer, expert, tokens,
                     tokens / sum(tokens) OVER (PARTITION BY layer) AS share,
                     row_number() OVER (PARTITION BY layer ORDER BY tokens DESC, expert) AS rank,
                     tokens / (sum(tokens) OVER (PARTITION BY layer) / %d) AS load_over_mean
              FROM dense)
            SELECT layer, expert, tokens, share, rank, load_over_mean, load_over_mean >= 1.5 AS hot
            FROM scored ORDER BY layer, expert""";

    private static final String ACTUAL = """
            SELECT layer, expert, tokens, share, rank, load_over_mean, hot
            FROM read_parquet('%s/expert_hotness/*.parquet') ORDER BY layer, expert""";

    @TempDir
    Path out;

    @Test
    void captureTraceMatchesDuckDbRowForRow() throws Exception {
        Path trace = SharedTraces.file("routing/switch_base8_router_trace.v2.json");
        Map<String, Object> summary = ExpertHotnessJob.run(config(trace, WindowSpec.all()));

        assertThat(summary.get("rows_read")).isEqualTo(1290L);
        assertThat(summary.get("rows_rejected")).isEqualTo(0L);
        try (DuckDb duck = new DuckDb()) {
            duck.execute("""
                    CREATE TABLE counts AS
                    WITH tokens AS (SELECT unnest(selections) AS per_layer FROM read_json_auto('%s')),
                    layers AS (SELECT unnest(per_layer) AS chosen,
                                      unnest(generate_series(0, len(per_layer) - 1)) AS layer FROM tokens)
                    SELECT layer, expert, count(*) AS tokens
                    FROM (SELECT layer, unnest(chosen) AS expert FROM layers) GROUP BY ALL"""
                    .formatted(trace));
            assertSameRows(duck.rows(ACTUAL.formatted(out)), duck.rows(EXPECTED_FROM_COUNTS.formatted(8, 8)));
            assertThat(duck.rows(ACTUAL.formatted(out))).hasSize(6 * 8);
        }
    }

    @Test
    void loadCountTraceMatchesDuckDbRowForRow() throws Exception {
        Path trace = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        Map<String, Object> summary = ExpertHotnessJob.run(config(trace, WindowSpec.all()));

        assertThat(summary.get("rows_read")).isEqualTo(6L * 128);
        try (DuckDb duck = new DuckDb()) {
            duck.execute("""
                    CREATE TABLE counts AS
                    WITH doc AS (SELECT to_json(expert_usage_by_layer) AS usage FROM read_json_auto('%s')),
                    layers AS (SELECT unnest(json_keys(usage)) AS layer_key, usage FROM doc),
                    experts AS (SELECT layer_key, unnest(json_keys(usage -> layer_key)) AS expert_key, usage FROM layers)
                    SELECT CAST(layer_key AS INTEGER) AS layer, CAST(expert_key AS INTEGER) AS expert,
                           CAST(usage -> layer_key ->> expert_key AS BIGINT) AS tokens FROM experts"""
                    .formatted(trace));
            assertSameRows(duck.rows(ACTUAL.formatted(out)), duck.rows(EXPECTED_FROM_COUNTS.formatted(128, 128)));
            // The file's own statistics: 206,866 routed tokens a layer; layer 3's top expert is 122.
            assertThat(duck.rows("""
                    SELECT DISTINCT total_tokens FROM read_parquet('%s/layer_balance/*.parquet')""".formatted(out)))
                    .containsExactly(List.of(206_866L));
            assertThat(duck.rows("""
                    SELECT expert, tokens FROM read_parquet('%s/expert_hotness/*.parquet')
                    WHERE layer = 3 AND rank = 1""".formatted(out)))
                    .containsExactly(List.of(122, 50_124L));
        }
    }

    @Test
    void loadCountEntropyAgreesWithTheEntropyTheFileReports() throws Exception {
        // specMoE's layer_analysis gives each layer's Shannon entropy in bits; exp(H_nats) = 2^H_bits.
        Path trace = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        ExpertHotnessJob.run(config(trace, WindowSpec.all()));
        try (DuckDb duck = new DuckDb()) {
            List<List<Object>> rows = duck.rows("""
                    SELECT b.layer, b.normalized_entropy,
                           CAST(json_extract(to_json(j.layer_analysis), '$."' || b.layer || '".entropy') AS DOUBLE)
                    FROM read_parquet('%s/layer_balance/*.parquet') b, read_json_auto('%s') j
                    ORDER BY b.layer""".formatted(out, trace));
            assertThat(rows).hasSize(6);
            for (List<Object> row : rows) {
                double expected = Math.pow(2, (Double) row.get(2)) / 128;
                assertThat((Double) row.get(1)).as("layer %s", row.get(0)).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void sameInputTwiceGivesIdenticalRowsAtAnyParallelism(@TempDir Path second) throws Exception {
        Path trace = SharedTraces.file("routing/switch_base8_router_trace.v2.json");
        ExpertHotnessJob.run(config(trace, WindowSpec.parse("50tok")));
        ExpertHotnessJob.run(new HotnessConfig(List.of(trace.toString()), null, null, null,
                WindowSpec.parse("50tok"), second.toString(), 1, 1.5, null, null, null, 1000));
        try (DuckDb duck = new DuckDb()) {
            for (String table : List.of("expert_hotness", "layer_balance")) {
                String query = "SELECT * FROM read_parquet('%s/" + table + "/*.parquet') ORDER BY ALL";
                List<List<Object>> first = duck.rows(query.formatted(out));
                assertThat(first).isNotEmpty();
                assertThat(duck.rows(query.formatted(second))).isEqualTo(first);
            }
            // 215 tokens in 50-token windows: windows 0..4, the last holding 15 tokens x 6 layers.
            assertThat(duck.rows("""
                    SELECT window_index, window_first_token, CAST(sum(total_tokens) AS BIGINT) FROM read_parquet('%s/layer_balance/*.parquet')
                    GROUP BY ALL ORDER BY window_index""".formatted(out)))
                    .containsExactly(List.of(0L, 0L, 300L), List.of(1L, 50L, 300L), List.of(2L, 100L, 300L),
                            List.of(3L, 150L, 300L), List.of(4L, 200L, 90L));
        }
        assertThat(Files.exists(out.resolve("_run_summary.json"))).isTrue();
    }

    private HotnessConfig config(Path trace, WindowSpec window) {
        return new HotnessConfig(List.of(trace.toString()), null, null, null, window, out.toString(),
                2, 1.5, null, null, null, 1000);
    }

    private static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            List<Object> a = actual.get(i);
            List<Object> e = expected.get(i);
            assertThat(((Number) a.get(0)).intValue()).as("layer, row %d", i).isEqualTo(((Number) e.get(0)).intValue());
            assertThat(((Number) a.get(1)).intValue()).as("expert, row %d", i).isEqualTo(((Number) e.get(1)).intValue());
            assertThat(((Number) a.get(2)).longValue()).as("tokens, row %d", i).isEqualTo(((Number) e.get(2)).longValue());
            assertThat((Double) a.get(3)).as("share, row %d", i).isCloseTo(((Number) e.get(3)).doubleValue(), within(1e-12));
            assertThat(((Number) a.get(4)).intValue()).as("rank, row %d", i).isEqualTo(((Number) e.get(4)).intValue());
            assertThat((Double) a.get(5)).as("load_over_mean, row %d", i).isCloseTo(((Number) e.get(5)).doubleValue(), within(1e-9));
            assertThat(a.get(6)).as("hot, row %d", i).isEqualTo(e.get(6));
        }
    }
}
