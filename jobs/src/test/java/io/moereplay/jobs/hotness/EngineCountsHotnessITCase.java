package io.moereplay.jobs.hotness;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.hotness.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Hotness over an engine's own counters: the vLLM EPLB statistics fixture folder (two files, one with
 * the later eplb_load_meta header and a benchmark marker) in windows of 50 steps, against the counts
 * make_jsonl_fixtures.py drew, summed by DuckDB into the same windows.
 */
class EngineCountsHotnessITCase {

    private static final Path FOLDER = Path.of("../connectors/src/test/resources/engines/vllm-eplb-stats");

    @TempDir
    Path out;

    @Test
    void vllmEplbStatisticsGiveTheScriptsCountsPerPassWindow() throws Exception {
        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(FOLDER.toString()), null, null,
                null, WindowSpec.parse("50pass"), out.toString(), 2, 1.5, null, null, null, 1000));

        assertThat(summary.get("rows_rejected")).isEqualTo(1L);
        try (DuckDb duck = new DuckDb()) {
            List<List<Object>> expected = duck.rows("""
                    SELECT "pass" // 50 AS w, layer, expert, sum(tokens) AS tokens
                    FROM read_csv_auto('%s/_expected_counts.csv') GROUP BY ALL ORDER BY ALL""".formatted(FOLDER));
            List<List<Object>> actual = duck.rows("""
                    SELECT window_index, layer, expert, tokens FROM read_parquet('%s/expert_hotness/*.parquet')
                    WHERE tokens > 0 ORDER BY ALL""".formatted(out));
            assertThat(actual.toString()).isEqualTo(expected.toString());
            assertThat(duck.rows("SELECT DISTINCT window_index, window_first_pass FROM read_parquet('%s/expert_hotness/*.parquet')"
                    .formatted(out) + " ORDER BY 1").toString()).isEqualTo("[[0, 0], [1, 50]]");
            assertThat(summary.get("rows_read")).isEqualTo(1L + ((Number) duck.rows(
                    "SELECT count(*) FROM read_csv_auto('%s/_expected_counts.csv')".formatted(FOLDER)).get(0).get(0))
                    .longValue());
        }
    }
}
