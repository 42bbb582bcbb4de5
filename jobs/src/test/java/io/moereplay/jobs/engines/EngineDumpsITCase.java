package io.moereplay.jobs.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.jobs.placement.PlacementConfig;
import io.moereplay.jobs.placement.PlacementJob;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every engine fixture folder, given whole as {@code --routing} (format detected, {@code _} files
 * skipped), through {@code hotness} and {@code placement}: hotness's tokens per (window, layer,
 * expert) are the counts the generating script drew (DuckDB over its CSV and the output), the run's
 * decisions are the script's tokens, its rejected rows the script's, and rows read = used +
 * rejected; placement runs on the same loads for a model of the same expert count, every layer placed.
 */
class EngineDumpsITCase {

    private static final Path ENGINES = Path.of("../connectors/src/test/resources/engines").toAbsolutePath();

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // folder, format, window passes, layers and experts to pass (0: declared), model for placement
        "sglang-stat, sglang-stat, 4, 0, 0, DBRX",
        "sglang-per-pass, sglang-per-pass, 2, 0, 0, DBRX",
        "sglang-per-token, sglang-per-pass, 2, 0, 0, DBRX",
        "trtllm-expert-stats, trtllm-expert-stats, 2, 0, 0, DBRX",
        "megatron-router-trace, megatron-router-trace, 2, 4, 16, DBRX",
        "vllm-eplb-stats, vllm-eplb-stats, 50, 0, 0, Mixtral-8x7B",
    })
    void hotnessHoldsTheScriptsCountsPerPassWindowAndPlacementPlacesEveryLayer(String folder, String format,
            int passes, int layers, int experts, String model) throws Exception {
        Path dump = ENGINES.resolve(folder);
        WindowSpec window = WindowSpec.parse(passes + "pass");
        Integer layerCount = layers == 0 ? null : layers;
        Integer expertCount = experts == 0 ? null : experts;
        Path hotness = out.resolve("hotness");
        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(dump.toString()), null, null,
                null, window, hotness.toString(), 2, 1.5, layerCount, expertCount, null, 1000));

        assertThat(summary.get("routing_format")).isEqualTo(format);
        try (DuckDb duck = new DuckDb()) {
            String expected = "read_csv_auto('%s/_expected_counts.csv')".formatted(dump);
            assertThat(duck.rows("""
                    SELECT window_index, window_first_pass, layer, expert, tokens
                    FROM read_parquet('%s/expert_hotness/*.parquet') WHERE tokens > 0 ORDER BY ALL""".formatted(hotness))
                    .toString()).isEqualTo(duck.rows("""
                    SELECT "pass" // %d, "pass" // %d * %d, layer, expert, sum(tokens)::BIGINT
                    FROM %s GROUP BY ALL ORDER BY ALL""".formatted(passes, passes, passes, expected)).toString());
            long rejects = Files.exists(dump.resolve("_expected_rejects.csv"))
                    ? count(duck, "read_csv_auto('%s/_expected_rejects.csv')".formatted(dump)) : 0;
            assertThat(summary.get("rows_rejected")).isEqualTo(rejects);
            assertThat(summary.get("rows_read")).isEqualTo(rejects + ((Number) summary.get("rows_used")).longValue());
            assertThat(summary.get("decisions")).isEqualTo(((Number) duck.rows("SELECT sum(tokens) FROM " + expected)
                    .get(0).get(0)).longValue());

            Path placed = out.resolve("placement");
            Map<String, Object> placement = PlacementJob.run(new PlacementConfig(List.of(dump.toString()), null, null,
                    null, window, layerCount, expertCount, ModelChoice.named(model), "H100-SXM", null, 4, 1, 4, 1,
                    DispatchRule.EQUAL, PlacementConfig.ALL_POLICIES, "2", 1, 2, List.of(1), 256, 1024, null, null, placed.toString(), 2,
                    null, 1000));
            assertThat(placement.get("routing_format")).isEqualTo(format);
            assertThat(duck.rows("SELECT DISTINCT layer::BIGINT FROM read_parquet('%s/placement_summary/*.parquet') ORDER BY 1"
                    .formatted(placed))).isEqualTo(duck.rows("SELECT DISTINCT layer::BIGINT FROM %s ORDER BY 1".formatted(expected)));
        }
    }

    /**
     * vLLM's routed experts per request (the responses' JSONL, with prefix-cached rows): hotness over
     * the decisions in one window holds the script's counts, and placement places its 4 layers.
     */
    @Test
    void routedExpertsPerRequestFeedHotnessAndPlacement() throws Exception {
        Path responses = ENGINES.resolve("routed-experts/vllm_responses.jsonl");
        Path hotness = out.resolve("hotness");
        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(responses.toString()), null, null,
                null, WindowSpec.all(), hotness.toString(), 2, 1.5, 4, 8, null, 1000));

        assertThat(summary.get("routing_format")).isEqualTo("routed-experts");
        assertThat(summary.get("rows_rejected")).isEqualTo(64L);
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("SELECT layer, expert, tokens FROM read_parquet('%s/expert_hotness/*.parquet')"
                    .formatted(hotness) + " WHERE tokens > 0 ORDER BY ALL").toString())
                    .isEqualTo(duck.rows("SELECT layer, expert, tokens::BIGINT FROM read_csv_auto('%s')"
                            .formatted(ENGINES.resolve("routed-experts/_expected_counts.csv")) + " ORDER BY ALL").toString());
            Path placed = out.resolve("placement");
            PlacementJob.run(new PlacementConfig(List.of(responses.toString()), null, null, null, WindowSpec.all(), 4, 8,
                    ModelChoice.named("Mixtral-8x7B"), "H100-SXM", null, 4, 1, 4, 1, DispatchRule.EQUAL, PlacementConfig.ALL_POLICIES,
                    "2", 1, 1, List.of(1), 256, 1024, null, null, placed.toString(), 2, null, 1000));
            assertThat(count(duck, "(SELECT DISTINCT layer FROM read_parquet('%s/placement_summary/*.parquet'))"
                    .formatted(placed))).isEqualTo(4L);
        }
    }

    private static long count(DuckDb duck, String relation) throws Exception {
        return ((Number) duck.rows("SELECT count(*) FROM " + relation).get(0).get(0)).longValue();
    }
}
