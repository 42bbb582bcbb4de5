package io.moereplay.jobs.straggler;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.connectors.profiles.MeasuredProfiles;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.perf.FittedExpertFfn;
import io.moereplay.model.replay.ScheduleStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StragglerJobITCase {

    private static final String COLOCATED = "colocated:gpu=H100-SXM,gpus=8";
    private static final String DISAGGREGATED = "disaggregated:attention=H20,tp-a=2,nodes-a=2,experts=L40S,tp-e=1,m=3";
    private static final String FINDEP = "findep:attention=H20,tp-a=2,nodes-a=2,experts=L40S,tp-e=1,r1=3,r2=2,order=aass";

    @TempDir
    Path out;

    /**
     * The sample requests through Mixtral-8x7B (32 layers, 8 experts, top-2) with explicit shares
     * 28/4/4/4/4/4/4/4: expert 0 has half of all choices, so it is in nearly every token's top-2
     * and carries close to 4x the mean load (B of the 2B/8 per expert). The synthetic model draws
     * a step's counts as a multinomial over its 2B choices cut at B, so expert 0 gets
     * min(B, Binomial(2B, 1/2)): on average 4x less about 0.56/sqrt(B) of the mean.
     */
    @Test
    void everyLayerOfEveryStepIsTimedAndTheTbtSummaryMatchesDuckDb() throws Exception {
        Map<String, Object> summary = StragglerJob.run(config("shares:28/4/4/4/4/4/4/4"),
                List.of(COLOCATED, DISAGGREGATED, FINDEP), null, null, StragglerRowsMode.ALL);
        long steps = ((Number) ((ScheduleStats) summary.get("schedule")).decodeSteps()).longValue();
        assertThat(steps).isPositive();

        try (DuckDb duck = new DuckDb()) {
            String straggler = "read_parquet('%s/straggler/*.parquet')".formatted(out);
            assertThat(duck.rows("SELECT count(*), count(DISTINCT layer), count(DISTINCT step) FROM " + straggler))
                    .containsExactly(List.of(steps * 32 * 3, 32L, steps));
            // Colocated, one expert per GPU: the mean is exactly 2B/8, nothing exceeds B, and the
            // overhead is the expert time over the balanced one.
            assertThat(duck.rows("""
                    SELECT count(*) FROM %s WHERE deployment = '%s'
                      AND (max_gpu_tokens > sequences OR abs(mean_gpu_tokens * 4 - sequences) > 1e-9
                           OR abs(overhead_us - (expert_us - balanced_expert_us)) > 1e-6)"""
                    .formatted(straggler, COLOCATED)).get(0).get(0)).isEqualTo(0L);
            // The hot expert is a different one per layer (each layer's experts are shuffled), but
            // within a layer its GPU is the busiest on most steps.
            List<Object> hot = duck.rows("""
                    WITH busiest AS (SELECT layer, busiest_gpu, count(*) AS c FROM %1$s WHERE deployment = '%2$s' GROUP BY ALL),
                    per_layer AS (SELECT layer, max(c) / sum(c) AS top FROM busiest GROUP BY layer)
                    SELECT (SELECT avg(max_gpu_tokens / mean_gpu_tokens) FROM %1$s WHERE deployment = '%2$s'),
                           (SELECT avg(top) FROM per_layer),
                           (SELECT avg(overhead_us) FROM %1$s WHERE deployment = '%2$s')"""
                    .formatted(straggler, COLOCATED)).get(0);
            assertThat(((Number) hot.get(0)).doubleValue()).isBetween(3.6, 4.0);
            // Random would be 1/8; small steps (a few sequences) tie or let another expert win.
            assertThat(((Number) hot.get(1)).doubleValue()).isGreaterThan(0.8);
            assertThat(((Number) hot.get(2)).doubleValue()).isGreaterThan(0);
            // The TBT summary, recomputed independently: per-step sums, nearest-rank percentiles.
            List<List<Object>> expected = duck.rows("""
                    WITH steps AS (SELECT deployment, step, sum(step_share_us) AS tbt, sum(step_overhead_us) AS overhead,
                                          any_value(sequences) AS tokens FROM %s GROUP BY ALL),
                    ranked AS (SELECT *, row_number() OVER (PARTITION BY deployment ORDER BY tbt) AS r,
                                         count(*) OVER (PARTITION BY deployment) AS n FROM steps)
                    SELECT deployment, count(*), CAST(sum(tokens) AS BIGINT),
                           max(tbt) FILTER (WHERE r = ceil(0.5 * n)), max(tbt) FILTER (WHERE r = ceil(0.99 * n)),
                           avg(tbt), avg(overhead), sum(tokens) / (sum(tbt) / 1e6)
                    FROM ranked GROUP BY deployment ORDER BY deployment""".formatted(straggler));
            List<List<Object>> actual = duck.rows("""
                    SELECT deployment, steps, tokens, tbt_p50_us, tbt_p99_us, tbt_mean_us, mean_overhead_us, tokens_per_s
                    FROM read_parquet('%s/tbt_summary/*.parquet') ORDER BY deployment""".formatted(out));
            assertThat(actual).hasSize(3);
            for (int row = 0; row < 3; row++) {
                assertThat(actual.get(row).subList(0, 3)).isEqualTo(expected.get(row).subList(0, 3));
                for (int column = 3; column < 8; column++) {
                    double want = ((Number) expected.get(row).get(column)).doubleValue();
                    assertThat(((Number) actual.get(row).get(column)).doubleValue())
                            .as("row %d column %d", row, column).isCloseTo(want, within(1e-6 * Math.abs(want)));
                }
                assertThat(((Number) actual.get(row).get(6)).doubleValue()).as("skew costs time").isPositive();
            }
        }
    }

    /**
     * The bundled H100 profile times Mixtral-8x7B's experts on H100s at TP 1 under the sequential
     * kernel by its fit: one GPU per expert, so a layer's expert time is the fit at the busiest
     * expert's tokens, never below its 149.7 us floor. The H100 folder has no grouped kernel table and
     * the L40S no profile at all, and the summary says so for each.
     */
    @Test
    void theDeploymentsGpuPicksItsProfileAndTheSummarySaysWhich() throws Exception {
        String sequential = COLOCATED + ",expert_kernel=sequential";
        Map<String, Object> summary = StragglerJob.run(config("zipf:1.0"), List.of(sequential, COLOCATED, DISAGGREGATED),
                null, null, StragglerRowsMode.ALL);
        List<?> models = (List<?>) summary.get("kernel_models");
        assertThat(models).filteredOn(m -> ((Map<?, ?>) m).get("component").equals("experts")).isEqualTo(List.of(
                Map.of("gpu", "H100-SXM", "component", "experts", "model", "measured", "source",
                        "sequential kernel: profiles/H100-SXM/expert_ffn.csv (bundled), Mixtral-8x7B shape"
                                + " + back-to-back saving of profiles/H100-SXM/expert_sequence.csv (bundled)"),
                Map.of("gpu", "H100-SXM", "component", "experts", "model", "roofline", "source",
                        "grouped kernel: no grouped_moe.csv in the H100-SXM profile (one kernel: the rank's experts'"
                                + " weight bytes and all their FLOPs)"),
                Map.of("gpu", "L40S", "component", "experts", "model", "roofline", "source",
                        "grouped kernel: no profile folder for L40S (one kernel: the rank's experts' weight bytes and"
                                + " all their FLOPs)")));
        // Attention and the links (CommunicationModels): H100's fitted sweep and published all-to-all, the rest roofline.
        assertThat(models).filteredOn(m -> !((Map<?, ?>) m).get("component").equals("experts"))
                .extracting(m -> ((Map<?, ?>) m).get("gpu") + " " + ((Map<?, ?>) m).get("component") + " "
                        + ((Map<?, ?>) m).get("model"))
                .containsExactlyInAnyOrder("H100-SXM all_to_all published", "H100-SXM attention measured",
                        "H20 all_reduce roofline", "H20 attention roofline", "H20 all_to_all roofline",
                        "L40S all_to_all roofline");
        FittedExpertFfn fit = FittedExpertFfn.of(MeasuredProfiles.expertFfn(Path.of("../profiles/H100-SXM/expert_ffn.csv"))
                .get("Mixtral-8x7B").floorLineFit());
        try (DuckDb duck = new DuckDb()) {
            List<List<Object>> rows = duck.rows("""
                    SELECT max_gpu_tokens, expert_us FROM read_parquet('%s/straggler/*.parquet')
                    WHERE deployment = '%s' AND step %% 97 = 0 AND layer = 5""".formatted(out, sequential));
            assertThat(rows).isNotEmpty();
            for (List<Object> row : rows) {
                long tokens = Math.round(((Number) row.get(0)).doubleValue());
                assertThat(((Number) row.get(1)).doubleValue()).isCloseTo(fit.micros(tokens), within(1e-6));
            }
            assertThat(fit.floorMicros()).isCloseTo(149.7, within(0.1));
        }
    }

    /**
     * The TBT summary is summed from every step whatever rows are written: sampled keeps every
     * layer and deployment of steps 0, 100, 200, ..., none keeps no row, and both summaries equal the
     * one of a run writing every row.
     */
    @Test
    void sampledAndNoRowsKeepTheSummaryExact() throws Exception {
        List<String> deployments = List.of(COLOCATED, DISAGGREGATED);
        Map<String, List<List<Object>>> summaries = new HashMap<>();
        Map<String, List<Object>> rows = new HashMap<>();
        long steps = 0;
        for (StragglerRowsMode mode : StragglerRowsMode.values()) {
            Path dir = out.resolve(mode.option());
            Map<String, Object> summary = StragglerJob.run(config("zipf:1.0", dir), deployments, null, null, mode);
            steps = ((ScheduleStats) summary.get("schedule")).decodeSteps();
            try (DuckDb duck = new DuckDb()) {
                summaries.put(mode.option(), duck.rows("SELECT * EXCLUDE (run_id) FROM read_parquet('%s/tbt_summary/*.parquet')"
                        .formatted(dir) + " ORDER BY deployment"));
                rows.put(mode.option(), duck.rows("SELECT count(*), count(*) FILTER (WHERE step % 100 <> 0), count(DISTINCT step)"
                        + " FROM read_parquet('%s/straggler/*.parquet')".formatted(dir)).get(0));
            }
        }
        assertThat(steps).isGreaterThan(200);
        assertThat(summaries.get("all")).hasSize(2);
        assertThat(summaries.get("sampled")).isEqualTo(summaries.get("all"));
        assertThat(summaries.get("none")).isEqualTo(summaries.get("all"));
        long sampledSteps = (steps + 99) / 100;
        assertThat(rows.get("all")).containsExactly(steps * 32 * 2, (steps - sampledSteps) * 32 * 2, steps);
        assertThat(rows.get("sampled")).containsExactly(sampledSteps * 32 * 2, 0L, sampledSteps);
        assertThat(rows.get("none")).containsExactly(0L, 0L, 0L);
    }

    @Test
    void aBadDeploymentIsNamed() {
        assertThatThrownBy(() -> StragglerJob.run(config("zipf:1.0"), List.of("colocated:gpu=B300,gpus=8"), null, null, StragglerRowsMode.ALL))
                .hasMessageContaining("--deployment 'colocated:gpu=B300,gpus=8'")
                .hasMessageContaining("no GPU \"B300\"");
        assertThatThrownBy(() -> StragglerJob.run(config("zipf:1.0"), List.of("colocated:gpu=H100-SXM"), null, null, StragglerRowsMode.ALL))
                .hasMessageContaining("missing option 'gpus'");
        assertThatThrownBy(() -> StragglerJob.run(config("zipf:1.0"), List.of("colocated:gpu=H100-SXM,gpus=16"), null, null, StragglerRowsMode.ALL))
                .hasMessageContaining("16 GPUs for 8 experts");
    }

    private ReplayConfig config(String popularity) {
        return config(popularity, out);
    }

    private static ReplayConfig config(String popularity, Path out) {
        return new ReplayConfig("../sample-traces/requests.csv", null, ModelChoice.named("Mixtral-8x7B"), ReplayConfig.SYNTHETIC,
                List.of(), List.of(), null, null, null, popularity, "zipf", "none", 3, 256, 30_000, WindowSpec.all(),
                out.toString(), 2, null, 10);
    }
}
