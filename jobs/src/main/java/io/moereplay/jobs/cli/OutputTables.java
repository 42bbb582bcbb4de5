package io.moereplay.jobs.cli;

import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.jobs.hotness.HotnessTables;
import io.moereplay.jobs.cost.CostTables;
import io.moereplay.jobs.nightly.NightDrift;
import io.moereplay.jobs.placement.PlacementTables;
import io.moereplay.jobs.replay.ReplayTables;
import io.moereplay.jobs.straggler.StragglerTables;
import io.moereplay.jobs.output.RejectsTable;
import io.moereplay.jobs.validate.ValidationTable;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;

import java.util.List;
import java.util.Map;

/**
 * Every output table moe-replay writes, for {@code moe-replay schema} and the docs' check. It lives
 * with the command line, which knows every job anyway, so that {@code output/}, which every job
 * uses, depends on none of them.
 */
final class OutputTables {

    private static final Map<String, String> GRAIN = Map.ofEntries(
            Map.entry(HotnessTables.EXPERT_HOTNESS, "one row per (window, layer, expert); written by `hotness`"),
            Map.entry(HotnessTables.LAYER_BALANCE, "one row per (window, layer) with routed tokens; written by `hotness`"),
            Map.entry(ReplayTables.EXPERT_LOAD, "one row per (window, layer, expert) of a replay, windows holding at least one decode step; written by `replay`"),
            Map.entry(StragglerTables.STRAGGLER, "one row per (deployment, decode step, layer); written by `straggler`"
                    + " (`--straggler-rows sampled`: steps 0, 100, 200, ... only; `none`: no row)"),
            Map.entry(StragglerTables.TBT_SUMMARY, "one row per deployment; written by `straggler`"),
            Map.entry(PlacementTables.PLACEMENT, "one row per (layer, policy, filled slot) of the recommended placement; written by `placement`"),
            Map.entry(PlacementTables.SUMMARY, "one row per (layer, policy); written by `placement`"),
            Map.entry(PlacementTables.BACKTEST, "one row per (layer, policy, fitted window, horizon); written by `placement`"),
            Map.entry(PlacementTables.RECOMMENDATION, "one row per (policy, re-placement interval), over all layers; written by `placement` when the loads have two or more windows"),
            Map.entry(CostTables.DEPLOYMENT_COST, "one row per candidate deployment, replayed or dropped by the pre-filter; written by `cost`"),
            Map.entry(CostTables.PARETO, "one row per candidate on the cost-per-token vs TBT-at-the-SLO-percentile frontier, and the recommended one; written by `cost`"),
            Map.entry(CostTables.REQUEST_LATENCY, "one row per (candidate, served request); written by `cost --request-latency`"),
            Map.entry(NightDrift.TABLE, "one row per layer both nights have; written by `nightly` when an earlier night's partition exists"),
            Map.entry(ValidationTable.TABLE, "one row per (case, component, GPU, kernel model) measured; written by `validate compare`"),
            Map.entry(RejectsTable.NAME, "one row per rejected input row; written by every job that reads traces"));

    private OutputTables() {}

    /** The schemas with a placeholder run id; columns do not depend on the run. */
    static List<TableSchema<?>> all() {
        WindowSpec window = WindowSpec.all();
        return List.of(
                HotnessTables.expertHotness("", window),
                HotnessTables.layerBalance("", window),
                ReplayTables.expertLoad(""),
                StragglerTables.straggler(""),
                StragglerTables.tbtSummary(""),
                PlacementTables.placement(""),
                PlacementTables.summary("", DispatchRule.EQUAL),
                PlacementTables.backtest("", window),
                PlacementTables.recommendation("", DispatchRule.EQUAL),
                CostTables.deploymentCost(""),
                CostTables.pareto(""),
                CostTables.requestLatency(""),
                NightDrift.schema("", java.time.LocalDate.EPOCH),
                ValidationTable.schema("", ""),
                RejectsTable.schema(""));
    }

    /** All schemas as Markdown, one {@code ### table} section each. */
    static String markdown() {
        StringBuilder out = new StringBuilder();
        for (TableSchema<?> schema : all()) {
            out.append("### `").append(schema.table()).append("`\n\n")
                    .append(GRAIN.get(schema.table())).append(".\n\n")
                    .append(schema.markdown()).append('\n');
        }
        return out.toString();
    }
}
