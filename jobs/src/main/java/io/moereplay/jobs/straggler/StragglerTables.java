package io.moereplay.jobs.straggler;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableSchema;

import java.util.List;

/** Schemas of the straggler job's tables, {@code straggler} and {@code tbt_summary}. */
public final class StragglerTables {

    public static final String STRAGGLER = "straggler";
    public static final String TBT_SUMMARY = "tbt_summary";

    private StragglerTables() {}

    public static TableSchema<StragglerRow> straggler(String runId) {
        return new TableSchema<>(STRAGGLER, List.of(
                Column.required("run_id", ColumnType.STRING, "the run that wrote the row (see _run_summary.json)", r -> runId),
                Column.required("deployment", ColumnType.STRING, "the deployment spec as given to --deployment", StragglerRow::deployment),
                Column.required("step", ColumnType.INT64, "decode step number, from 0", StragglerRow::step),
                Column.required("step_start_us", ColumnType.INT64, "the step's start on the request trace's clock (schedule at --step-ms)", StragglerRow::stepStartMicros),
                Column.required("layer", ColumnType.INT32, "MoE layer, from 0", StragglerRow::layer),
                Column.required("sequences", ColumnType.INT64, "sequences decoding in the step (tokens it generates)", StragglerRow::sequences),
                Column.required("busiest_gpu", ColumnType.INT32,
                        "GPU (colocated) or expert node (disaggregated) with the longest expert compute", StragglerRow::busiestGpu),
                Column.required("max_gpu_tokens", ColumnType.DOUBLE, "tokens on the GPU with the most (per micro-batch when pipelined)", StragglerRow::maxGpuTokens),
                Column.required("mean_gpu_tokens", ColumnType.DOUBLE, "tokens per GPU if spread evenly", StragglerRow::meanGpuTokens),
                Column.required("attention_us", ColumnType.DOUBLE, "attention time (per micro-batch when pipelined)", StragglerRow::attentionMicros),
                Column.required("comm_us", ColumnType.DOUBLE, "one dispatch (A2E) transfer; the combine costs the same", StragglerRow::commMicros),
                Column.required("expert_us", ColumnType.DOUBLE, "expert compute of the busiest GPU: the layer's expert time", StragglerRow::expertMicros),
                Column.required("balanced_expert_us", ColumnType.DOUBLE,
                        "expert time had every expert received the mean load, same placement", StragglerRow::balancedMicros),
                Column.required("overhead_us", ColumnType.DOUBLE, "expert_us - balanced_expert_us: the straggler's cost", StragglerRow::overheadMicros),
                Column.required("layer_us", ColumnType.DOUBLE, "attention + 2 x comm + expert (+ shared experts): the layer's critical path", StragglerRow::layerMicros),
                Column.required("step_share_us", ColumnType.DOUBLE,
                        "the layer's part of the step time; summed over layers it is the step's TBT", StragglerRow::stepShareMicros),
                Column.required("step_overhead_us", ColumnType.DOUBLE,
                        "the part of step_share_us the routing skew costs", StragglerRow::stepOverheadMicros),
                Column.required("comm_hidden", ColumnType.BOOLEAN,
                        "disaggregated: MegaScale-Infer Eq. 2 (T_c < T_f) holds; colocated: false", StragglerRow::communicationHidden),
                Column.required("pipeline_filled", ColumnType.BOOLEAN,
                        "disaggregated: Eq. 3 (m >= 2(1 + T_c/T_f)) holds; colocated: true", StragglerRow::pipelineFilled)));
    }

    public static TableSchema<TbtSummaryRow> tbtSummary(String runId) {
        return new TableSchema<>(TBT_SUMMARY, List.of(
                Column.required("run_id", ColumnType.STRING, "the run that wrote the row (see _run_summary.json)", r -> runId),
                Column.required("deployment", ColumnType.STRING, "the deployment spec as given to --deployment", TbtSummaryRow::deployment),
                Column.required("steps", ColumnType.INT64, "decode steps replayed", TbtSummaryRow::steps),
                Column.required("tokens", ColumnType.INT64, "tokens those steps generated", TbtSummaryRow::tokens),
                Column.required("tbt_p50_us", ColumnType.DOUBLE, "median time between tokens (a step's time, layers summed)", TbtSummaryRow::tbtP50Micros),
                Column.required("tbt_p90_us", ColumnType.DOUBLE, "90th percentile (nearest rank)", TbtSummaryRow::tbtP90Micros),
                Column.required("tbt_p99_us", ColumnType.DOUBLE, "99th percentile (nearest rank)", TbtSummaryRow::tbtP99Micros),
                Column.required("tbt_mean_us", ColumnType.DOUBLE, "mean step time", TbtSummaryRow::tbtMeanMicros),
                Column.required("mean_overhead_us", ColumnType.DOUBLE, "mean per-step cost of routing skew (step_overhead_us summed over layers)", TbtSummaryRow::meanOverheadMicros),
                Column.required("overhead_share", ColumnType.DOUBLE, "total skew cost over total step time, 0..1", TbtSummaryRow::overheadShare),
                Column.required("tokens_per_s", ColumnType.DOUBLE, "tokens over the summed step time (steps back to back)", TbtSummaryRow::tokensPerSecond)));
    }
}
