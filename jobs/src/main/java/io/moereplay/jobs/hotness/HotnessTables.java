package io.moereplay.jobs.hotness;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.model.hotness.ExpertHotness;
import io.moereplay.model.hotness.LayerBalance;
import io.moereplay.model.hotness.WindowSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** Schemas of the hotness job's tables, {@code expert_hotness} and {@code layer_balance}. */
public final class HotnessTables {

    public static final String EXPERT_HOTNESS = "expert_hotness";
    public static final String LAYER_BALANCE = "layer_balance";

    private HotnessTables() {}

    /** A row's window index; serializable because column accessors ship with the sink. */
    @FunctionalInterface
    private interface WindowOf<T> extends ToLongFunction<T>, java.io.Serializable {}

    public static TableSchema<ExpertHotness> expertHotness(String runId, WindowSpec window) {
        List<Column<ExpertHotness>> columns = windowColumns(runId, window, ExpertHotness::window);
        columns.add(Column.required("layer", ColumnType.INT32, "MoE layer id as the trace numbers it", ExpertHotness::layer));
        columns.add(Column.required("expert", ColumnType.INT32, "expert id, 0-based", ExpertHotness::expert));
        columns.add(Column.required("tokens", ColumnType.INT64,
                "token choices routed to the expert (a top-k token counts once at each of its k experts)", ExpertHotness::tokens));
        columns.add(Column.required("share", ColumnType.DOUBLE, "tokens / the layer's tokens in the window, 0..1", ExpertHotness::share));
        columns.add(Column.required("rank", ColumnType.INT32,
                "1 = busiest expert of the layer in the window; ties go to the lower expert id", ExpertHotness::rank));
        columns.add(Column.required("load_over_mean", ColumnType.DOUBLE,
                "tokens / (layer tokens / experts); 1 = exactly average", ExpertHotness::loadOverMean));
        columns.add(Column.required("hot", ColumnType.BOOLEAN,
                "load_over_mean >= the hot threshold (default 1.5)", ExpertHotness::hot));
        return new TableSchema<>(EXPERT_HOTNESS, columns);
    }

    public static TableSchema<LayerBalance> layerBalance(String runId, WindowSpec window) {
        List<Column<LayerBalance>> columns = windowColumns(runId, window, LayerBalance::window);
        columns.add(Column.required("layer", ColumnType.INT32, "MoE layer id as the trace numbers it", LayerBalance::layer));
        columns.add(Column.required("experts", ColumnType.INT32, "experts in the layer (E)", LayerBalance::experts));
        columns.add(Column.required("total_tokens", ColumnType.INT64, "token choices routed in the layer", LayerBalance::totalTokens));
        columns.add(Column.required("max_tokens", ColumnType.INT64, "the busiest expert's tokens", LayerBalance::maxTokens));
        columns.add(Column.required("mean_tokens", ColumnType.DOUBLE, "total_tokens / experts", LayerBalance::meanTokens));
        columns.add(Column.required("balancedness", ColumnType.DOUBLE, "mean_tokens / max_tokens, (0, 1]; 1 = even", LayerBalance::balancedness));
        columns.add(Column.required("max_over_mean", ColumnType.DOUBLE, "max_tokens / mean_tokens, >= 1", LayerBalance::maxOverMean));
        columns.add(Column.required("normalized_entropy", ColumnType.DOUBLE,
                "exp(H) / E with H = -sum(share * ln share): effective fraction of experts in use, (0, 1]", LayerBalance::normalizedEntropy));
        columns.add(Column.required("gini", ColumnType.DOUBLE, "Gini coefficient of expert loads, 0 = even", LayerBalance::gini));
        columns.add(Column.required("dead_experts", ColumnType.INT32, "experts with 0 tokens", LayerBalance::deadExperts));
        columns.add(Column.required("hot_experts", ColumnType.INT32, "experts flagged hot", LayerBalance::hotExperts));
        columns.add(Column.optional("drift_tvd", ColumnType.DOUBLE,
                "total variation distance of expert shares from the layer's previous window, 0..1; null in its first window", LayerBalance::driftTvd));
        return new TableSchema<>(LAYER_BALANCE, columns);
    }

    private static <T> List<Column<T>> windowColumns(String runId, WindowSpec window, WindowOf<T> windowOf) {
        List<Column<T>> columns = new ArrayList<>();
        columns.add(Column.required("run_id", ColumnType.STRING, "the run that wrote the row (see _run_summary.json)", row -> runId));
        columns.add(Column.required("window_index", ColumnType.INT64,
                "window index: floor(arrival_us / window length) for time windows, floor(token position / window length) for token windows,"
                        + " floor(forward pass / window length) for an engine's pass windows, 0 for one window",
                windowOf::applyAsLong));
        columns.add(Column.optional("window_start_us", ColumnType.INT64,
                "time windows: window start in microseconds (epoch for wall-clock traces, trace start for relative ones); else null",
                row -> window.startMicros(windowOf.applyAsLong(row))));
        columns.add(Column.optional("window_first_token", ColumnType.INT64,
                "token windows: position of the window's first token in the trace file; else null",
                row -> window.firstToken(windowOf.applyAsLong(row))));
        columns.add(Column.optional("window_first_pass", ColumnType.INT64,
                "pass windows: the window's first forward pass (iteration, step) as the engine numbered it; else null",
                row -> window.firstPass(windowOf.applyAsLong(row))));
        return columns;
    }
}
