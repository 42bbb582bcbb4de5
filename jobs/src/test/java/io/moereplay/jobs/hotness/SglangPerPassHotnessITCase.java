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
 * Hotness over an SGLang per_pass dump folder (a file per rank, as the recorder writes them) in
 * two-pass windows: expert_hotness holds the fixture script's own counts, summed over ranks and
 * over the passes of each window.
 */
class SglangPerPassHotnessITCase {

    private static final Path DUMP = Path.of("../connectors/src/test/resources/engines/sglang-per-pass").toAbsolutePath();

    @TempDir
    Path out;

    @Test
    void twoPassWindowsHoldTheScriptsCountsSummedOverRanks() throws Exception {
        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(DUMP.toString()), null, null,
                null, WindowSpec.parse("2pass"), out.toString(), 2, 1.5, null, null, null, 1000));

        assertThat(summary.get("routing_format")).isEqualTo("sglang-per-pass");
        assertThat(summary.get("rows_rejected")).isEqualTo(0L);
        try (DuckDb duck = new DuckDb()) {
            List<List<Object>> actual = duck.rows("""
                    SELECT window_index, window_first_pass, layer, expert, tokens
                    FROM read_parquet('%s/expert_hotness/*.parquet') WHERE tokens > 0 ORDER BY ALL""".formatted(out));
            List<List<Object>> expected = duck.rows("""
                    SELECT pass // 2, pass // 2 * 2, layer, expert, sum(tokens)
                    FROM read_csv_auto('%s/_expected_counts.csv') GROUP BY ALL ORDER BY ALL""".formatted(DUMP));
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(longs(actual.get(i))).as("row %d", i).isEqualTo(longs(expected.get(i)));
            }
            // Passes 100, 101, 102 and 104: windows 50 (100-101), 51 (102) and 52 (104).
            assertThat(duck.rows("SELECT DISTINCT window_index FROM read_parquet('%s/expert_hotness/*.parquet') ORDER BY 1"
                    .formatted(out))).containsExactly(List.of(50L), List.of(51L), List.of(52L));
        }
    }

    private static List<Long> longs(List<Object> row) {
        return row.stream().map(value -> ((Number) value).longValue()).toList();
    }
}
