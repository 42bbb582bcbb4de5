package io.moereplay.jobs.cost;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.cost.Percentile;
import io.moereplay.model.cost.ServingSlo;
import io.moereplay.model.hotness.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DeploymentCostJobITCase {

    private static final String H100 = "colocated:gpu=H100-SXM,gpus=8,batch=256";
    private static final String A100_PAIR = "colocated:gpu=A100-80GB,gpus=2,batch=64";
    private static final String A100_ONE = "colocated:gpu=A100-80GB,gpus=1,batch=64";
    private static final String DISAGGREGATED = "disaggregated:attention=H20,tp-a=2,nodes-a=2,experts=L40S,tp-e=1,m=3,batch=256";

    @TempDir
    Path out;

    /**
     * The sample requests through Mixtral-8x7B (93 GB of weights) under four candidates with a TBT
     * target of 45 ms: one A100 cannot hold the weights; the disaggregated H20 + L40S plan needs
     * about 53 ms a step at full batch even with even loads; both are dropped with their reasons and
     * no metrics. The replayed candidates' rows agree with their request_latency rows by DuckDB:
     * served requests, output tokens, makespan, nearest-rank TTFT percentiles (the SLO's p99 among
     * them), TTFT attainment and dollars per million tokens. Every row states the SLO applied, and
     * meets_slo is its definition over the row's own percentiles (the TBT part agreeing with the
     * token attainment); the pareto table is the frontier DuckDB finds and the cheapest candidate
     * that meets the SLO is recommended.
     */
    @Test
    void candidatesAreFilteredServedAndPricedAndTheTablesAgree() throws Exception {
        Map<String, Object> summary = DeploymentCostJob.run(config(List.of(H100, A100_PAIR, A100_ONE, DISAGGREGATED), null,
                45, true));
        assertThat(summary.get("replayed")).isEqualTo(2L);
        String costs = "read_parquet('%s/deployment_cost/*.parquet')".formatted(out);
        String latency = "read_parquet('%s/request_latency/*.parquet')".formatted(out);
        String pareto = "read_parquet('%s/pareto/*.parquet')".formatted(out);
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("""
                    SELECT candidate, served_requests IS NULL AND tokens_per_s IS NULL FROM %s
                    WHERE dropped IS NOT NULL ORDER BY candidate""".formatted(costs)))
                    .containsExactly(List.of(A100_ONE, true), List.of(DISAGGREGATED, true));
            assertThat(duck.rows("SELECT dropped FROM %s WHERE candidate = '%s'".formatted(costs, A100_ONE)).get(0).get(0))
                    .isEqualTo("weights 93.4 GB do not fit 1 x A100-80GB (72 GB usable)");
            assertThat((String) duck.rows("SELECT dropped FROM %s WHERE candidate = '%s'".formatted(costs, DISAGGREGATED))
                    .get(0).get(0)).matches("decode step 5\\d\\.\\d ms at batch 256 with even loads exceeds the 45 ms TBT target");
            List<List<Object>> mismatches = duck.rows("""
                    WITH lat AS (SELECT candidate, count(*) AS n, sum(output_tokens) AS tokens,
                                        (max(arrival_us + e2e_ms * 1000) - min(arrival_us)) / 1e6 AS makespan,
                                        avg(CASE WHEN ttft_ms <= 5000 THEN 1 ELSE 0 END) AS ttft_met
                                 FROM %2$s GROUP BY candidate),
                    ranked AS (SELECT candidate, ttft_ms, row_number() OVER (PARTITION BY candidate ORDER BY ttft_ms) AS r,
                                      count(*) OVER (PARTITION BY candidate) AS n FROM %2$s),
                    p AS (SELECT candidate, max(ttft_ms) FILTER (WHERE r = ceil(0.5 * n)) AS p50,
                                 max(ttft_ms) FILTER (WHERE r = ceil(0.99 * n)) AS p99 FROM ranked GROUP BY candidate)
                    SELECT c.candidate FROM %1$s c JOIN lat USING (candidate) JOIN p USING (candidate)
                    WHERE c.served_requests <> lat.n OR c.output_tokens <> lat.tokens
                       OR abs(c.makespan_s - lat.makespan) > 1e-6 OR abs(c.ttft_p50_ms - p.p50) > 1e-9
                       OR abs(c.ttft_p99_ms - p.p99) > 1e-9 OR abs(c.ttft_at_slo_percentile_ms - p.p99) > 1e-9
                       OR abs(c.ttft_slo_attainment - lat.ttft_met) > 1e-12 OR c.tbt_at_slo_percentile_ms <> c.tbt_p99_ms
                       OR abs(c.usd_per_million_tokens - c.usd_per_hour * c.makespan_s / 3600 / (c.output_tokens / 1e6)) > 1e-9
                    """.formatted(costs, latency));
            assertThat(mismatches).isEmpty();
            assertThat(duck.rows("""
                    SELECT DISTINCT slo_tbt_percentile, slo_tbt_ms, slo_ttft_percentile, slo_ttft_ms FROM %s""".formatted(costs)))
                    .containsExactly(List.of(99.0, 45.0, 99.0, 5000.0));
            assertThat(duck.rows("""
                    SELECT candidate FROM %s WHERE dropped IS NULL AND (meets_slo IS DISTINCT FROM
                      (tbt_at_slo_percentile_ms <= slo_tbt_ms AND ttft_at_slo_percentile_ms <= slo_ttft_ms
                       AND too_long_requests = 0)
                      OR (tbt_at_slo_percentile_ms <= slo_tbt_ms) <> (token_slo_attainment >= slo_tbt_percentile / 100))
                    """.formatted(costs))).isEmpty();
            assertThat(duck.rows("SELECT count(DISTINCT candidate), count(*) FROM " + latency))
                    .containsExactly(List.of(2L, 400L));
            List<List<Object>> frontier = duck.rows("""
                    SELECT a.candidate FROM %1$s a WHERE a.dropped IS NULL AND NOT EXISTS (
                      SELECT 1 FROM %1$s b WHERE b.dropped IS NULL AND b.usd_per_million_tokens < a.usd_per_million_tokens
                        AND b.tbt_at_slo_percentile_ms <= a.tbt_at_slo_percentile_ms) ORDER BY a.candidate""".formatted(costs));
            assertThat(duck.rows("SELECT candidate FROM %s WHERE on_frontier ORDER BY candidate".formatted(pareto)))
                    .isEqualTo(frontier);
            List<Object> cheapest = duck.rows("""
                    SELECT candidate FROM %s WHERE meets_slo ORDER BY usd_per_million_tokens LIMIT 1""".formatted(costs)).get(0);
            assertThat(duck.rows("SELECT candidate FROM %s WHERE recommended".formatted(pareto))).containsExactly(cheapest);
            assertThat(summary.get("recommendation")).isEqualTo(cheapest.get(0));
            assertThat((String) summary.get("headline")).startsWith("recommendation: " + cheapest.get(0) + " at $")
                    .endsWith(" (" + summary.get("replayed") + " of 4 candidates replayed)");
        }
    }

    /**
     * At p100 the TBT at the SLO's percentile is the slowest inter-token gap of all, which DuckDB
     * finds independently as the largest max_tbt_ms in request_latency. With a 250 ms target at p100
     * neither replayed candidate meets it (their slowest gaps, prefill stalls, are longer): nothing is
     * recommended, the pareto table marks none, and the summary names the closest candidate.
     */
    @Test
    void whenNoCandidateMeetsTheSloNoneIsRecommended() throws Exception {
        Map<String, Object> summary = DeploymentCostJob.run(config(List.of(H100, A100_PAIR), null,
                new ServingSlo(250, new Percentile(100), 5000, new Percentile(99)), true));
        String costs = "read_parquet('%s/deployment_cost/*.parquet')".formatted(out);
        String latency = "read_parquet('%s/request_latency/*.parquet')".formatted(out);
        String pareto = "read_parquet('%s/pareto/*.parquet')".formatted(out);
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("""
                    SELECT c.candidate FROM %s c JOIN (SELECT candidate, max(max_tbt_ms) AS slowest FROM %s GROUP BY candidate)
                      USING (candidate) WHERE c.tbt_at_slo_percentile_ms <> slowest OR slowest <= 250 OR c.meets_slo
                    """.formatted(costs, latency))).isEmpty();
            assertThat(duck.rows("SELECT count(*) FROM %s WHERE recommended".formatted(pareto)).get(0).get(0)).isEqualTo(0L);
            Object slowest = duck.rows("SELECT round(tbt_at_slo_percentile_ms, 1) FROM %s WHERE candidate = '%s'"
                    .formatted(costs, H100)).get(0).get(0);
            assertThat(summary.get("recommendation")).isEqualTo("none");
            assertThat((String) summary.get("recommendation_sentence")).startsWith(
                    "none: no candidate meets TBT p100 <= 250 ms and TTFT p99 <= 5000 ms; the closest is " + H100
                            + " at TBT p100 " + slowest + " ms, TTFT p99 ");
        }
    }

    /**
     * A search over colocated H100 and A100 sets of 1, 2, 4 and 8 GPUs: one GPU of either cannot
     * hold Mixtral-8x7B's weights; each other plan takes its largest feasible batch, and only the
     * best two by analytic tokens per dollar are replayed, the rest saying so.
     */
    @Test
    void aSearchReplaysTheTopPlansByTokensPerDollar() throws Exception {
        Path file = out.resolve("search.json");
        Files.writeString(file, """
                {"search": {"kinds": ["colocated"], "gpus": ["H100-SXM", "A100-80GB"], "colocated_gpus": [1, 2, 4, 8],
                            "batch": [16, 32, 64, 128, 256], "top": 2}}""");
        Map<String, Object> summary = DeploymentCostJob.run(config(List.of(), file.toString(), 150, false));
        assertThat(summary.get("candidates")).isEqualTo(8);
        assertThat(summary.get("replayed")).isEqualTo(2L);
        String costs = "read_parquet('%s/deployment_cost/*.parquet')".formatted(out.resolve("run"));
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("SELECT count(*) FROM %s WHERE dropped LIKE 'weights %% do not fit 1 x %%'".formatted(costs))
                    .get(0).get(0)).isEqualTo(2L);
            List<List<Object>> feasible = duck.rows("""
                    SELECT candidate, dropped IS NULL FROM %s WHERE dropped IS NULL OR dropped LIKE 'ranked %%'
                    ORDER BY capacity_tokens_per_usd DESC""".formatted(costs));
            assertThat(feasible).hasSize(6);
            assertThat(feasible.stream().map(row -> row.get(1)).toList())
                    .containsExactly(true, true, false, false, false, false);
        }
    }

    @Test
    void badCandidatesAreNamed() {
        assertThatThrownBy(() -> DeploymentCostJob.run(config(List.of("colocated:gpu=H100-SXM,gpus=8"), null, 150, false)))
                .hasMessageContaining("--candidate 'colocated:gpu=H100-SXM,gpus=8': end it with ,batch=B");
        assertThatThrownBy(() -> DeploymentCostJob.run(config(List.of("colocated:gpu=B300,gpus=8,batch=8"), null, 150, false)))
                .hasMessageContaining("B300");
    }

    private CostConfig config(List<String> candidates, String file, double tbtSloMs, boolean latency) {
        return config(candidates, file, new ServingSlo(tbtSloMs, new Percentile(99), 5000, new Percentile(99)), latency);
    }

    private CostConfig config(List<String> candidates, String file, ServingSlo slo, boolean latency) {
        Path target = file == null ? out : out.resolve("run");
        ReplayConfig replay = new ReplayConfig("../sample-traces/requests.csv", null, ModelChoice.named("Mixtral-8x7B"),
                ReplayConfig.SYNTHETIC, List.of(), List.of(), null, null, null, "zipf:1.2", "zipf", "none", 3, 256,
                30_000, WindowSpec.all(), target.toString(), 2, null, 10);
        return new CostConfig(replay, candidates, file, null, null, slo, latency);
    }
}
