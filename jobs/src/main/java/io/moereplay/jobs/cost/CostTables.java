package io.moereplay.jobs.cost;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.jobs.straggler.DeploymentSpecs.GpuPool;
import io.moereplay.model.cost.ServingResult;

import java.util.List;

/** Schemas of the cost job's tables: {@code deployment_cost}, {@code request_latency} and {@code pareto}. */
public final class CostTables {

    public static final String DEPLOYMENT_COST = "deployment_cost";
    public static final String REQUEST_LATENCY = "request_latency";
    public static final String PARETO = "pareto";

    private static final String RUN_ID = "the run that wrote the row (see _run_summary.json)";
    private static final String CANDIDATE = "the candidate: its deployment spec and batch";
    private static final String SLO_TBT_PERCENTILE = "the SLO's TBT percentile (--slo-tbt-percentile), over every inter-token gap of every request";
    private static final String SLO_TBT_MS = "the SLO's TBT target (--slo-tbt-ms)";
    private static final String TBT_AT = "TBT at slo_tbt_percentile (nearest rank over every inter-token gap)";
    private static final String SLO_TTFT_PERCENTILE = "the SLO's TTFT percentile (--slo-ttft-percentile), over served requests";
    private static final String SLO_TTFT_MS = "the SLO's TTFT target (--slo-ttft-ms)";
    private static final String TTFT_AT = "TTFT at slo_ttft_percentile (nearest rank over served requests)";
    private static final String MEETS_SLO =
            "tbt_at_slo_percentile_ms <= slo_tbt_ms, ttft_at_slo_percentile_ms <= slo_ttft_ms and every request served";

    private CostTables() {}

    public static TableSchema<DeploymentCostRow> deploymentCost(String runId) {
        return new TableSchema<>(DEPLOYMENT_COST, List.of(
                Column.required("run_id", ColumnType.STRING, RUN_ID, r -> runId),
                Column.required("candidate", ColumnType.STRING, CANDIDATE, r -> r.candidate().label()),
                Column.required("kind", ColumnType.STRING, "colocated, disaggregated (MegaScale-Infer) or findep", r -> r.candidate().kind()),
                Column.required("batch", ColumnType.INT32, "the most sequences decoding at once", r -> r.candidate().batch()),
                Column.required("attention_gpu", ColumnType.STRING, "GPU type running attention (colocated: the only type)", r -> pool(r, 0).gpu().name()),
                Column.required("attention_gpus", ColumnType.INT32, "GPUs running attention (colocated: all)", r -> pool(r, 0).count()),
                Column.optional("expert_gpu", ColumnType.STRING, "GPU type running experts; null when colocated", r -> expertPool(r) == null ? null : expertPool(r).gpu().name()),
                Column.optional("expert_gpus", ColumnType.INT32, "GPUs running experts; null when colocated", r -> expertPool(r) == null ? null : expertPool(r).count()),
                Column.required("gpus", ColumnType.INT32, "all GPUs", r -> r.candidate().gpus()),
                Column.required("usd_per_hour", ColumnType.DOUBLE, "the GPUs' price per hour (hardware catalog)", r -> r.candidate().usdPerHour()),
                Column.required("kv_capacity_tokens", ColumnType.INT64,
                        "KV-cache tokens the memory left after weights holds (90% usable); 0 when weights do not fit", r -> r.verdict().kvCapacityTokens()),
                Column.optional("analytic_tbt_ms", ColumnType.DOUBLE,
                        "pre-filter: decode step at full batch and the trace's mean context, even expert loads", r -> finite(r.verdict().analyticTbtMicros() / 1000)),
                Column.optional("capacity_tokens_per_s_per_gpu", ColumnType.DOUBLE,
                        "batch / analytic step / GPUs: decode throughput per GPU at full batch (MegaScale-Infer's metric)",
                        r -> finite(r.verdict().capacityTokensPerSecondPerGpu())),
                Column.optional("capacity_tokens_per_usd", ColumnType.DOUBLE,
                        "decode tokens per dollar at full batch (Algorithm 1's objective)", r -> finite(r.verdict().capacityTokensPerUsd())),
                Column.optional("dropped", ColumnType.STRING, "why the candidate was not replayed; null when it was", r -> r.verdict().dropped()),
                metric("served_requests", ColumnType.INT64, "requests that ran to their last token", ServingResult::served),
                metric("too_long_requests", ColumnType.INT64, "requests whose prompt and output exceed the KV cache alone", ServingResult::tooLong),
                metric("output_tokens", ColumnType.INT64, "tokens generated", ServingResult::outputTokens),
                metric("makespan_s", ColumnType.DOUBLE, "first arrival to last token", r -> r.makespanMicros() / 1e6),
                metric("tokens_per_s", ColumnType.DOUBLE, "output tokens over the makespan", ServingResult::tokensPerSecond),
                Column.optional("tokens_per_s_per_gpu", ColumnType.DOUBLE, "tokens_per_s / gpus", DeploymentCostRow::tokensPerSecondPerGpu),
                metric("ttft_p50_ms", ColumnType.DOUBLE, "median time to first token", r -> r.ttftP50Micros() / 1000),
                metric("ttft_p99_ms", ColumnType.DOUBLE, "99th percentile time to first token", r -> r.ttftP99Micros() / 1000),
                metric("tpot_p50_ms", ColumnType.DOUBLE, "median over requests of their mean time between tokens", r -> r.tpotP50Micros() / 1000),
                metric("tpot_p99_ms", ColumnType.DOUBLE, "its 99th percentile", r -> r.tpotP99Micros() / 1000),
                metric("tbt_p50_ms", ColumnType.DOUBLE, "median inter-token gap over every token of every request (a decode step's time, once per token it made)", r -> r.tbtP50Micros() / 1000),
                metric("tbt_p99_ms", ColumnType.DOUBLE, "99th percentile of the same", r -> r.tbtP99Micros() / 1000),
                metric("e2e_p50_ms", ColumnType.DOUBLE, "median arrival to last token", r -> r.e2eP50Micros() / 1000),
                Column.required("slo_tbt_percentile", ColumnType.DOUBLE, SLO_TBT_PERCENTILE, r -> r.slo().tbtPercentile().percent()),
                Column.required("slo_tbt_ms", ColumnType.DOUBLE, SLO_TBT_MS, r -> r.slo().tbtMs()),
                metric("tbt_at_slo_percentile_ms", ColumnType.DOUBLE, TBT_AT, r -> r.slo().tbtAtPercentileMicros() / 1000),
                metric("token_slo_attainment", ColumnType.DOUBLE,
                        "share of inter-token gaps within slo_tbt_ms (at least slo_tbt_percentile / 100 exactly when that part is met)",
                        r -> r.slo().tokenAttainment()),
                Column.required("slo_ttft_percentile", ColumnType.DOUBLE, SLO_TTFT_PERCENTILE, r -> r.slo().ttftPercentile().percent()),
                Column.required("slo_ttft_ms", ColumnType.DOUBLE, SLO_TTFT_MS, r -> r.slo().ttftMs()),
                metric("ttft_at_slo_percentile_ms", ColumnType.DOUBLE, TTFT_AT, r -> r.slo().ttftAtPercentileMicros() / 1000),
                metric("ttft_slo_attainment", ColumnType.DOUBLE, "share of served requests with TTFT within slo_ttft_ms",
                        r -> r.slo().ttftAttainment()),
                metric("meets_slo", ColumnType.BOOLEAN, MEETS_SLO, r -> r.slo().met()),
                metric("attention_utilisation", ColumnType.DOUBLE, "attention GPUs' compute time over the makespan", ServingResult::attentionUtilisation),
                metric("expert_utilisation", ColumnType.DOUBLE, "expert GPUs' mean compute time over the makespan", ServingResult::expertUtilisation),
                metric("mean_batch", ColumnType.DOUBLE, "decode tokens per decode step", ServingResult::meanBatch),
                Column.optional("usd_per_million_tokens", ColumnType.DOUBLE, "usd_per_hour x makespan / output tokens, per million", DeploymentCostRow::usdPerMillionTokens),
                Column.optional("tokens_per_joule", ColumnType.DOUBLE, "output tokens over board power x makespan (a floor)", DeploymentCostRow::tokensPerJoule)));
    }

    public static TableSchema<RequestLatencyRow> requestLatency(String runId) {
        return new TableSchema<>(REQUEST_LATENCY, List.of(
                Column.required("run_id", ColumnType.STRING, RUN_ID, r -> runId),
                Column.required("candidate", ColumnType.STRING, CANDIDATE, RequestLatencyRow::candidate),
                Column.required("request_id", ColumnType.INT64, "the request's id in the trace", r -> r.latency().id()),
                Column.required("arrival_us", ColumnType.INT64, "arrival on the trace's clock", r -> r.latency().arrivalMicros()),
                Column.required("output_tokens", ColumnType.INT32, "tokens it generated", r -> r.latency().outputTokens()),
                Column.required("ttft_ms", ColumnType.DOUBLE, "arrival to first token (queueing and prefill)", r -> r.latency().ttftMicros() / 1000),
                Column.required("tpot_ms", ColumnType.DOUBLE, "mean time between its later tokens; 0 for one token", r -> r.latency().tpotMicros() / 1000),
                Column.required("max_tbt_ms", ColumnType.DOUBLE, "its slowest decode step", r -> r.latency().maxTbtMicros() / 1000),
                Column.required("e2e_ms", ColumnType.DOUBLE, "arrival to last token", r -> r.latency().e2eMicros() / 1000)));
    }

    public static TableSchema<ParetoRow> pareto(String runId) {
        return new TableSchema<>(PARETO, List.of(
                Column.required("run_id", ColumnType.STRING, RUN_ID, r -> runId),
                Column.required("candidate", ColumnType.STRING, CANDIDATE, ParetoRow::candidate),
                Column.required("usd_per_million_tokens", ColumnType.DOUBLE, "cost per million output tokens", ParetoRow::usdPerMillionTokens),
                Column.required("slo_tbt_percentile", ColumnType.DOUBLE, SLO_TBT_PERCENTILE, r -> r.slo().slo().tbtPercentile().percent()),
                Column.required("slo_tbt_ms", ColumnType.DOUBLE, SLO_TBT_MS, r -> r.slo().slo().tbtMs()),
                Column.required("tbt_at_slo_percentile_ms", ColumnType.DOUBLE, TBT_AT, r -> r.slo().tbtAtPercentileMicros() / 1000),
                Column.required("slo_ttft_percentile", ColumnType.DOUBLE, SLO_TTFT_PERCENTILE, r -> r.slo().slo().ttftPercentile().percent()),
                Column.required("slo_ttft_ms", ColumnType.DOUBLE, SLO_TTFT_MS, r -> r.slo().slo().ttftMs()),
                Column.required("ttft_at_slo_percentile_ms", ColumnType.DOUBLE, TTFT_AT, r -> r.slo().ttftAtPercentileMicros() / 1000),
                Column.required("meets_slo", ColumnType.BOOLEAN, MEETS_SLO, r -> r.slo().met()),
                Column.required("on_frontier", ColumnType.BOOLEAN,
                        "no replayed candidate is both cheaper and has a lower tbt_at_slo_percentile_ms", ParetoRow::onFrontier),
                Column.required("recommended", ColumnType.BOOLEAN,
                        "the cheapest candidate that meets the SLO; false on every row when none does", ParetoRow::recommended)));
    }

    private static GpuPool pool(DeploymentCostRow row, int index) {
        return row.candidate().pools().get(index);
    }

    private static GpuPool expertPool(DeploymentCostRow row) {
        return row.candidate().pools().size() > 1 ? pool(row, 1) : null;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** A replay metric: null when the candidate was dropped. */
    private static Column<DeploymentCostRow> metric(String name, ColumnType type, String doc,
            Column.Accessor<ServingResult> value) {
        return Column.optional(name, type, doc, r -> r.result() == null ? null : value.apply(r.result()));
    }
}
