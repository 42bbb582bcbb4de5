package io.moereplay.jobs.placement;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.replay.RoutingReplayJob;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.jobs.testing.SharedTraces;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PlacementJobITCase {

    @TempDir
    Path out;

    /**
     * The yardstick: Switch-base-128's measured loads over 16 GPUs on 2 nodes with 16
     * redundant slots. Greedy and EPLB land within 5% of the bound on every layer; the summary's
     * max/mean agrees with the placement rows summed per GPU by DuckDB; every expert's replicas
     * share all of its load; no GPU holds more than its 9 slots.
     */
    @Test
    void switchLoadsArePlacedNearTheBoundAndTheTablesAgree() throws Exception {
        Path switchLoads = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        PlacementJob.run(config(List.of(switchLoads.toString()), null, "Switch-base-128", 16, 2, 16, "10%", List.of(1),
                DispatchRule.SPLIT));
        String placement = "read_parquet('%s/placement/*.parquet')".formatted(out);
        String summary = "read_parquet('%s/placement_summary/*.parquet')".formatted(out);
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("SELECT count(*), count(DISTINCT layer) FROM " + summary))
                    .containsExactly(List.of(24L, 6L));
            assertThat(duck.rows("SELECT max(gap_to_bound_after) FROM %s WHERE policy IN ('greedy', 'eplb')"
                    .formatted(summary)).get(0).get(0)).satisfies(gap -> assertThat((Double) gap).isLessThan(0.05));
            List<List<Object>> disagreements = duck.rows("""
                    WITH gpu AS (SELECT layer, policy, gpu, sum(layer_load_share) AS load FROM %s GROUP BY ALL),
                    busiest AS (SELECT layer, policy, max(load) * 16 AS max_over_mean FROM gpu GROUP BY ALL)
                    SELECT s.layer, s.policy, s.max_over_mean_after, b.max_over_mean FROM %s s JOIN busiest b USING (layer, policy)
                    WHERE abs(s.max_over_mean_after - b.max_over_mean) > 1e-9""".formatted(placement, summary));
            assertThat(disagreements).isEmpty();
            assertThat(duck.rows("""
                    SELECT count(*) FROM (SELECT layer, policy, expert, sum(load_share) AS s FROM %s GROUP BY ALL)
                    WHERE abs(s - 1) > 1e-9""".formatted(placement)).get(0).get(0)).isEqualTo(0L);
            assertThat(duck.rows("SELECT max(c) FROM (SELECT layer, policy, gpu, count(*) AS c FROM %s GROUP BY ALL)"
                    .formatted(placement)).get(0).get(0)).isEqualTo(9L);
            // None keeps the contiguous blocks and moves nothing; greedy and EPLB fill every slot
            // and move most experts; the incremental policy is held to 12 copies (10% of 128).
            assertThat(duck.rows("""
                    SELECT policy, min(replicas), max(replicas), min(experts_moved) > 100, max(experts_moved) <= 12
                    FROM %s GROUP BY policy ORDER BY policy""".formatted(summary))).containsExactly(
                    List.of("eplb", 144, 144, true, false),
                    List.of("greedy", 144, 144, true, false),
                    List.of("incremental", 132, 136, false, true),
                    List.of("none", 128, 128, false, true));
        }
    }

    /**
     * A drifting replay of the sample requests (about 7 minutes, so 8 windows of 60 s) through
     * Mixtral-8x7B, then placed on 4 GPUs with 4 redundant slots. The backtest has one row per
     * fitted window and horizon; policy none's MoE time in the recommendation equals, by DuckDB,
     * each window's steps (its routed choices over batch x top-k) times the layer time the
     * backtest scored for it, summed; exactly the cheapest row is recommended.
     */
    @Test
    void aReplayedTraceIsBacktestedAndTheCheapestIntervalRecommended() throws Exception {
        Path replay = out.resolve("replay");
        RoutingReplayJob.run(new ReplayConfig("../sample-traces/requests.csv", null, ModelChoice.named("Mixtral-8x7B"),
                ReplayConfig.SYNTHETIC, List.of(), List.of(), null, null, null, "zipf:1.2", "zipf", "0.5:0.5:60s", 3,
                256, 30_000, WindowSpec.parse("60s"), replay.toString(), 2, null, 10));
        Path placed = out.resolve("placement");
        PlacementConfig config = new PlacementConfig(List.of(replay.resolve("expert_load").toString()), null, null,
                null, WindowSpec.parse("60s"), null, null, ModelChoice.named("Mixtral-8x7B"), "H100-SXM", null, 4, 1, 4, 1,
                DispatchRule.SPLIT, PlacementConfig.ALL_POLICIES, "2", 2, 2, List.of(1, 2), 256, 1024, null, null, placed.toString(), 2, null, 10);
        Map<String, Object> summary = PlacementJob.run(config);

        String load = "read_parquet('%s/expert_load/*.parquet')".formatted(replay);
        String backtest = "read_parquet('%s/placement_backtest/*.parquet')".formatted(placed);
        String recommendation = "read_parquet('%s/placement_recommendation/*.parquet')".formatted(placed);
        try (DuckDb duck = new DuckDb()) {
            long windows = (Long) duck.rows("SELECT count(DISTINCT window_start_us) FROM " + load).get(0).get(0);
            assertThat(windows).isGreaterThanOrEqualTo(7);
            long perPolicyAndLayer = 0;
            for (long t = 0; t < windows; t++) {
                perPolicyAndLayer += Math.min(2, windows - 1 - t) + 1;
            }
            assertThat(duck.rows("SELECT count(*) FROM " + backtest).get(0).get(0))
                    .isEqualTo(perPolicyAndLayer * 4 * 32);
            double expectedNone = ((Number) duck.rows("""
                    WITH choices AS (SELECT layer, window_start_us, sum(tokens) AS c FROM %s WHERE NOT shared GROUP BY ALL)
                    SELECT sum(c / (256.0 * 2) * b.layer_us) / 1e6 FROM choices JOIN %s b USING (layer, window_start_us)
                    WHERE b.policy = 'none' AND b.horizon = 0""".formatted(load, backtest)).get(0).get(0)).doubleValue();
            List<List<Object>> rows = duck.rows("""
                    SELECT policy, interval_windows, layers, moe_seconds, total_seconds, recommended,
                           min(total_seconds) OVER () FROM %s ORDER BY policy, interval_windows"""
                    .formatted(recommendation));
            assertThat(rows).hasSize(8);
            for (List<Object> row : rows) {
                assertThat(row.get(2)).isEqualTo(32);
                if ((Boolean) row.get(5)) {
                    assertThat(row.get(4)).isEqualTo(row.get(6));
                }
                if (row.get(0).equals("none")) {
                    assertThat((Double) row.get(3)).isCloseTo(expectedNone, within(expectedNone * 1e-9));
                }
            }
            assertThat(duck.rows("SELECT DISTINCT dispatch FROM " + recommendation)).containsExactly(List.of("split"));
            List<List<Object>> recommended = duck.rows("SELECT policy, interval_windows FROM %s WHERE recommended"
                    .formatted(recommendation));
            assertThat(recommended).hasSize(1);
            List<Object> best = recommended.get(0);
            assertThat(summary.get("recommendation")).isEqualTo(best.get(0) + " every " + best.get(1) + " window(s)");
        }
    }

    /**
     * The same loads under the engines' equal dispatch: every replica takes 1/replicas of its expert,
     * greedy and EPLB fill all 144 slots, and each row's max/mean equals DuckDB's busiest GPU with
     * each expert's layer share (summed over its replicas) divided evenly among them. The split
     * run's greedy placement, read back as the one in force, is scored as an engine runs it: its
     * "before" is its own rows re-divided evenly, no better than its split "after".
     */
    @Test
    void equalDispatchRowsAreScoredWithEqualShares() throws Exception {
        Path switchLoads = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        PlacementConfig equal = config(List.of(switchLoads.toString()), null, "Switch-base-128", 16, 2, 16, "10%",
                List.of(1), DispatchRule.EQUAL);
        Map<String, Object> summary = PlacementJob.run(equal);
        Path split = out.resolve("split");
        PlacementJob.run(withCurrent(config(List.of(switchLoads.toString()), null, "Switch-base-128", 16, 2, 16, "10%",
                List.of(1), DispatchRule.SPLIT), null, null, split));
        Path engine = out.resolve("engine");
        PlacementJob.run(withCurrent(equal, split.toString(), "greedy", engine));
        // Per (layer, policy): the busiest GPU over the mean, each expert's share divided evenly.
        String equalShares = """
                WITH replica AS (SELECT layer, policy, gpu, sum(layer_load_share) OVER w / count(*) OVER w AS load
                                 FROM %s WINDOW w AS (PARTITION BY layer, policy, expert)),
                gpu AS (SELECT layer, policy, gpu, sum(load) AS load FROM replica GROUP BY ALL)
                SELECT layer, policy, max(load) * 16 AS max_over_mean FROM gpu GROUP BY ALL""";
        try (DuckDb duck = new DuckDb()) {
            String placement = "read_parquet('%s/placement/*.parquet')".formatted(out);
            String equalSummary = "read_parquet('%s/placement_summary/*.parquet')".formatted(out);
            assertThat(((Map<?, ?>) summary.get("config")).get("dispatch")).isEqualTo("equal");
            assertThat(duck.rows("SELECT DISTINCT dispatch FROM " + equalSummary)).containsExactly(List.of("equal"));
            assertThat(duck.rows("""
                    SELECT count(*) FROM (SELECT load_share, count(*) OVER (PARTITION BY layer, policy, expert) AS n
                    FROM %s) WHERE abs(load_share - 1.0 / n) > 1e-12""".formatted(placement)).get(0).get(0))
                    .isEqualTo(0L);
            assertThat(duck.rows("""
                    SELECT count(*) FROM (%s) b JOIN %s s USING (layer, policy)
                    WHERE abs(s.max_over_mean_after - b.max_over_mean) > 1e-9""".formatted(
                    equalShares.formatted(placement), equalSummary)).get(0).get(0)).isEqualTo(0L);
            assertThat(duck.rows("""
                    SELECT policy, min(replicas), max(replicas) FROM %s WHERE policy IN ('greedy', 'eplb')
                    GROUP BY policy ORDER BY policy""".formatted(equalSummary)))
                    .containsExactly(List.of("eplb", 144, 144), List.of("greedy", 144, 144));

            List<List<Object>> engineRows = duck.rows("""
                    SELECT e.layer, e.max_over_mean_before, b.max_over_mean, s.max_over_mean_after
                    FROM read_parquet('%s/placement_summary/*.parquet') e JOIN (%s) b USING (layer)
                    JOIN read_parquet('%s/placement_summary/*.parquet') s USING (layer)
                    WHERE e.policy = 'none' AND b.policy = 'greedy' AND s.policy = 'greedy'""".formatted(engine,
                    equalShares.formatted("read_parquet('%s/placement/*.parquet')".formatted(split)), split));
            assertThat(engineRows).hasSize(6).allSatisfy(row -> {
                assertThat((Double) row.get(1)).isCloseTo((Double) row.get(2), within(1e-9));
                assertThat((Double) row.get(1)).isGreaterThanOrEqualTo((Double) row.get(3) - 1e-12);
            });
        }
    }

    @Test
    void aModelThatDoesNotMatchTheLoadsOrABadBudgetIsNamed() {
        Path switchLoads = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        assertThatThrownBy(() -> PlacementJob.run(config(List.of(switchLoads.toString()), null, "Mixtral-8x7B", 8, 1, 8,
                "10%", List.of(1), DispatchRule.SPLIT)))
                .hasMessageContaining("switch_base128_expert_statistics_3d.json: the loads have 128 experts per layer"
                        + " but Mixtral-8x7B has 8");
        assertThatThrownBy(() -> PlacementJob.run(config(List.of(switchLoads.toString()), null, "Switch-base-128", 16, 2,
                15, "10%", List.of(1), DispatchRule.SPLIT)))
                .hasMessageContaining("128 experts + 15 redundant slots do not divide evenly over 16 GPUs");
        assertThatThrownBy(() -> PlacementJob.run(config(List.of(switchLoads.toString()), null, "Switch-base-128", 16, 2,
                16, "ten", List.of(1), DispatchRule.SPLIT)))
                .hasMessageContaining("--move-budget 'ten' is not a count");
        assertThat(PlacementPolicies.moves("2GiB", 128, 1L << 28)).isEqualTo(8);
        assertThat(PlacementPolicies.moves("10%", 256, 1)).isEqualTo(25);
        assertThat(PlacementPolicies.moves("10%", 8, 1)).isEqualTo(1);
        assertThat(PlacementPolicies.moves("0%", 8, 1)).isZero();
    }

    /**
     * The greedy placement of one run, read back as the one in force for the next over the same
     * loads: the next run's "before" is the first run's greedy "after" in every layer, and the
     * incremental policy, starting from it, never leaves a layer worse. A placement for another
     * layout is refused, naming the folder and layer.
     */
    @Test
    void aPlacementInForceIsReadBackFromAnEarlierRun() throws Exception {
        Path switchLoads = SharedTraces.file("routing/switch_base128_expert_statistics_3d.json");
        PlacementConfig first = config(List.of(switchLoads.toString()), null, "Switch-base-128", 16, 2, 16, "10%", List.of(1),
                DispatchRule.SPLIT);
        PlacementJob.run(first);
        Path next = out.resolve("next");
        PlacementJob.run(withCurrent(first, out.toString(), "greedy", next));
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("""
                    SELECT count(*) FROM read_parquet('%s/placement_summary/*.parquet') a
                    JOIN read_parquet('%s/placement_summary/*.parquet') b ON a.layer = b.layer AND a.policy = 'greedy'
                    WHERE abs(a.max_over_mean_after - b.max_over_mean_before) > 1e-12""".formatted(out, next))
                    .get(0).get(0)).isEqualTo(0L);
            assertThat(duck.rows("""
                    SELECT count(*), max(max_over_mean_after - max_over_mean_before)
                    FROM read_parquet('%s/placement_summary/*.parquet') WHERE policy = 'incremental'""".formatted(next))
                    .get(0)).satisfies(row -> {
                        assertThat(row.get(0)).isEqualTo(6L);
                        assertThat((Double) row.get(1)).isLessThanOrEqualTo(1e-12);
                    });
        }
        PlacementConfig eightGpus = config(List.of(switchLoads.toString()), null, "Switch-base-128", 8, 1, 8, "10%", List.of(1),
                DispatchRule.SPLIT);
        assertThatThrownBy(() -> PlacementJob.run(withCurrent(eightGpus, out.toString(), "greedy", out.resolve("other"))))
                .hasMessageContaining("--current " + out + ": layer 1: ")
                .hasMessageContaining("outside this run's 128 experts and 8 GPUs");
        assertThatThrownBy(() -> PlacementJob.run(withCurrent(first, out.toString(), null, out.resolve("other"))))
                .hasMessageContaining("recommends no policy");
    }

    private static PlacementConfig withCurrent(PlacementConfig c, String current, String policy, Path outDir) {
        return new PlacementConfig(c.routing(), c.routingFormat(), c.requests(), c.requestsFormat(), c.window(), c.layers(),
                c.experts(), c.model(), c.gpu(), c.hardwareFile(), c.gpus(), c.nodes(), c.redundantSlots(),
                c.groups(), c.dispatch(), c.policies(), c.moveBudget(), c.lookBack(), c.horizon(), c.intervals(), c.batch(),
                c.contextPerSequence(), current, policy, outDir.toString(), c.parallelism(), c.runId(), c.maxRejects());
    }

    private PlacementConfig config(List<String> routing, WindowSpec window, String model, int gpus, int nodes,
            int redundant, String budget, List<Integer> intervals, DispatchRule dispatch) {
        return new PlacementConfig(routing, null, null, null, window, null, null, ModelChoice.named(model), "H100-SXM", null, gpus,
                nodes, redundant, 1, dispatch, PlacementConfig.ALL_POLICIES, budget, 1, 8, intervals, 64 * gpus, 1024, null, null,
                out.toString(), 2, null, 10);
    }
}
