package io.moereplay.jobs.placement;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;

import java.util.List;

/**
 * Schemas of the placement job's tables: {@code placement}, {@code placement_summary},
 * {@code placement_backtest} and {@code placement_recommendation}.
 */
public final class PlacementTables {

    public static final String PLACEMENT = "placement";
    public static final String SUMMARY = "placement_summary";
    public static final String BACKTEST = "placement_backtest";
    public static final String RECOMMENDATION = "placement_recommendation";

    private static final String RUN_ID = "the run that wrote the row (see _run_summary.json)";
    private static final String POLICY = "placement policy: none, greedy, eplb or incremental";
    private static final String DISPATCH = "how the row assumes the engine divides an expert's tokens among its replicas:"
            + " equal (1/n each, as SGLang, vLLM and TensorRT-LLM dispatch) or split (the fitted load_share)";

    private PlacementTables() {}

    public static TableSchema<PlacementSlotRow> placement(String runId) {
        return new TableSchema<>(PLACEMENT, List.of(
                Column.required("run_id", ColumnType.STRING, RUN_ID, r -> runId),
                Column.required("layer", ColumnType.INT32, "MoE layer id as the trace numbers it", PlacementSlotRow::layer),
                Column.required("policy", ColumnType.STRING, POLICY, PlacementSlotRow::policy),
                Column.required("slot", ColumnType.INT32,
                        "physical expert slot: gpu x slots per GPU + its index on the GPU; free slots have no row", PlacementSlotRow::slot),
                Column.required("node", ColumnType.INT32, "the GPU's node: gpu / (gpus / nodes)", PlacementSlotRow::node),
                Column.required("gpu", ColumnType.INT32, "GPU in the expert-parallel group, from 0", PlacementSlotRow::gpu),
                Column.required("expert", ColumnType.INT32, "the logical expert whose weights the slot holds", PlacementSlotRow::expert),
                Column.required("load_share", ColumnType.DOUBLE,
                        "fraction of the expert's tokens the router sends this replica (1/replicas under equal dispatch); an expert's"
                                + " replicas sum to 1", PlacementSlotRow::share),
                Column.required("layer_load_share", ColumnType.DOUBLE,
                        "fraction of the layer's tokens this replica takes, at the smoothed loads it was fitted to", PlacementSlotRow::loadShare)));
    }

    /** @param dispatch the run's rule, which every row assumes */
    public static TableSchema<PlacementSummaryRow> summary(String runId, DispatchRule dispatch) {
        return new TableSchema<>(SUMMARY, List.of(
                Column.required("run_id", ColumnType.STRING, RUN_ID, r -> runId),
                Column.required("layer", ColumnType.INT32, "MoE layer id as the trace numbers it", PlacementSummaryRow::layer),
                Column.required("policy", ColumnType.STRING, POLICY, r -> r.outcome().policy()),
                Column.required("dispatch", ColumnType.STRING, DISPATCH, r -> dispatch.label()),
                Column.required("windows", ColumnType.INT32, "windows whose smoothed loads the placement is fitted to", PlacementSummaryRow::windows),
                Column.required("slots", ColumnType.INT32, "physical slots: experts + redundant slots", PlacementSummaryRow::slots),
                Column.required("replicas", ColumnType.INT32, "slots the placement fills", r -> r.outcome().placement().replicas()),
                Column.required("max_over_mean_before", ColumnType.DOUBLE,
                        "busiest GPU's load / mean GPU load under the current placement (contiguous, no replicas)", r -> r.outcome().before().maxOverMean()),
                Column.required("max_over_mean_after", ColumnType.DOUBLE,
                        "the same under the recommended placement; 1 is the lower bound (total load / GPUs)", r -> r.outcome().after().maxOverMean()),
                Column.required("balancedness_before", ColumnType.DOUBLE, "mean / max GPU load, current placement", r -> r.outcome().before().balancedness()),
                Column.required("balancedness_after", ColumnType.DOUBLE, "mean / max GPU load, recommended placement", r -> r.outcome().after().balancedness()),
                Column.required("gap_to_bound_after", ColumnType.DOUBLE,
                        "max_over_mean_after - 1: how far the busiest GPU stays above the lower bound", r -> r.outcome().after().gapToBound()),
                Column.required("expert_us_before", ColumnType.DOUBLE,
                        "serving model, one decode step at --batch: the busiest GPU's expert time, current placement", r -> r.outcome().stepBefore().straggler().layerMicros()),
                Column.required("expert_us_after", ColumnType.DOUBLE, "the same, recommended placement", r -> r.outcome().stepAfter().straggler().layerMicros()),
                Column.required("straggler_overhead_us_before", ColumnType.DOUBLE,
                        "expert time above what perfectly even load would take on the same placement, current", r -> r.outcome().stepBefore().straggler().overheadMicros()),
                Column.required("straggler_overhead_us_after", ColumnType.DOUBLE, "the same, recommended placement", r -> r.outcome().stepAfter().straggler().overheadMicros()),
                Column.required("layer_us_before", ColumnType.DOUBLE,
                        "the layer's part of the TBT (attention + 2 all-to-all + experts), current placement", r -> r.outcome().stepBefore().stepShareMicros()),
                Column.required("layer_us_after", ColumnType.DOUBLE, "the same, recommended placement", r -> r.outcome().stepAfter().stepShareMicros()),
                Column.required("experts_moved", ColumnType.INT32,
                        "expert weight copies from the current placement to the recommendation", r -> r.outcome().migration().expertsMoved()),
                Column.required("bytes_moved", ColumnType.INT64, "their bytes", r -> r.outcome().migration().bytesMoved()),
                Column.required("copies_over_nic", ColumnType.INT32,
                        "copies with no source on the same node, so over the NIC instead of NVLink", r -> r.outcome().migration().overNic()),
                Column.required("migration_ms", ColumnType.DOUBLE,
                        "stop-the-world copy time: GPUs receive in parallel, each its copies in turn (Eq. 6 links)", r -> r.outcome().migration().pauseMicros() / 1000)));
    }

    public static TableSchema<BacktestRow> backtest(String runId, WindowSpec window) {
        return new TableSchema<>(BACKTEST, List.of(
                Column.required("run_id", ColumnType.STRING, RUN_ID, r -> runId),
                Column.required("layer", ColumnType.INT32, "MoE layer id as the trace numbers it", BacktestRow::layer),
                Column.required("policy", ColumnType.STRING, POLICY, r -> r.point().policy()),
                Column.required("fit_window_index", ColumnType.INT64,
                        "the last window the placement saw (re-placed every window from the one before)", r -> r.point().fitWindow()),
                Column.required("horizon", ColumnType.INT32, "windows after the fit; 0 scores the fitted window itself", r -> r.point().horizon()),
                Column.required("window_index", ColumnType.INT64, "the window scored", r -> r.point().window()),
                Column.optional("window_start_us", ColumnType.INT64, "time windows: the scored window's start; else null",
                        r -> window.startMicros(r.point().window())),
                Column.required("max_over_mean", ColumnType.DOUBLE, "busiest GPU's load / mean GPU load in the scored window", r -> r.point().quality().maxOverMean()),
                Column.required("balancedness", ColumnType.DOUBLE, "mean / max GPU load in the scored window", r -> r.point().quality().balancedness()),
                Column.required("expert_us", ColumnType.DOUBLE,
                        "serving model: the busiest GPU's expert time for a step at the window's proportions", r -> r.point().step().straggler().layerMicros()),
                Column.required("layer_us", ColumnType.DOUBLE, "the layer's part of that step's TBT", r -> r.point().step().stepShareMicros())));
    }

    /** @param dispatch the run's rule, which every row assumes */
    public static TableSchema<RecommendationRow> recommendation(String runId, DispatchRule dispatch) {
        return new TableSchema<>(RECOMMENDATION, List.of(
                Column.required("run_id", ColumnType.STRING, RUN_ID, r -> runId),
                Column.required("policy", ColumnType.STRING, POLICY, r -> r.cost().policy()),
                Column.required("dispatch", ColumnType.STRING, DISPATCH, r -> dispatch.label()),
                Column.required("interval_windows", ColumnType.INT32, "re-placement every this many windows", r -> r.cost().interval()),
                Column.required("layers", ColumnType.INT32, "MoE layers summed", RecommendationRow::layers),
                Column.required("steps", ColumnType.DOUBLE,
                        "decode steps the trace takes at --batch (routed choices / (batch x top-k)), per layer", r -> r.cost().steps() / r.layers()),
                Column.required("replacements", ColumnType.INT32, "re-placements made, per layer", r -> r.cost().replacements() / r.layers()),
                Column.required("experts_moved", ColumnType.INT64, "expert weight copies, all layers and re-placements", r -> r.cost().expertsMoved()),
                Column.required("bytes_moved", ColumnType.INT64, "their bytes", r -> r.cost().bytesMoved()),
                Column.required("mean_tbt_us", ColumnType.DOUBLE,
                        "mean step time of the MoE layers under the placements in force", RecommendationRow::meanTbtMicros),
                Column.required("moe_seconds", ColumnType.DOUBLE, "MoE layer time over all steps", r -> r.cost().layerMicros() / 1e6),
                Column.required("migration_seconds", ColumnType.DOUBLE,
                        "copy pauses over all re-placements (layers one after another: an upper bound)", r -> r.cost().pauseMicros() / 1e6),
                Column.required("total_seconds", ColumnType.DOUBLE, "moe_seconds + migration_seconds", RecommendationRow::totalSeconds),
                Column.optional("saving_vs_none", ColumnType.DOUBLE,
                        "1 - total_seconds / policy none's; null when none is not among the policies", RecommendationRow::savingVsNone),
                Column.required("recommended", ColumnType.BOOLEAN,
                        "the least total_seconds (ties: fewer copies, then policy order, then the shorter interval)", RecommendationRow::recommended)));
    }
}
