package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.jobs.cost.CostConfig;
import io.moereplay.jobs.cost.CostTables;
import io.moereplay.jobs.cost.DeploymentCostJob;
import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.nightly.NightDrift;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.jobs.placement.PlacementConfig;
import io.moereplay.jobs.placement.PlacementJob;
import io.moereplay.jobs.placement.PlacementTables;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.replay.ReplayTables;
import io.moereplay.jobs.replay.RoutingReplayJob;
import io.moereplay.jobs.straggler.StragglerJob;
import io.moereplay.jobs.straggler.StragglerRowsMode;
import io.moereplay.jobs.straggler.StragglerTables;
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

/** DuckDB reads every table of a real run unchanged, with the documented columns and types. */
class ParquetSchemaITCase {

    @TempDir
    Path out;

    @TempDir
    Path replay;

    @TempDir
    Path straggler;

    @TempDir
    Path placement;

    @TempDir
    Path cost;

    @TempDir
    Path drift;

    @TempDir
    Path validation;

    @Test
    void duckDbSeesTheDocumentedColumnsAndTypes() throws Exception {
        Path trace = SharedTraces.file("routing/switch_base8_router_trace.v2.json");
        ExpertHotnessJob.run(new HotnessConfig(List.of(trace.toString()), null, null, null,
                WindowSpec.all(), out.toString(), 1, 1.5, null, null, null, 10));
        RoutingReplayJob.run(new ReplayConfig("../sample-traces/requests.csv", null, ModelChoice.named("Mixtral-8x7B"),
                ReplayConfig.SYNTHETIC, List.of(), List.of(), null, null, null, "zipf:1.0", "zipf", "none", 1, 64,
                30_000, WindowSpec.all(), replay.toString(), 1, null, 10));
        StragglerJob.run(new ReplayConfig("../sample-traces/requests.csv", null, ModelChoice.named("Mixtral-8x7B"),
                ReplayConfig.SYNTHETIC, List.of(), List.of(), null, null, null, "zipf:1.0", "zipf", "none", 1, 64,
                30_000, WindowSpec.all(), straggler.toString(), 1, null, 10), List.of("colocated:gpu=H100-SXM,gpus=8"),
                null, null, StragglerRowsMode.ALL);
        PlacementJob.run(new PlacementConfig(List.of(trace.toString()), null, null, null, WindowSpec.parse("200tok"),
                null, null, ModelChoice.named("Switch-base-8"), "H100-SXM", null, 4, 1, 4, 1, DispatchRule.EQUAL, PlacementConfig.ALL_POLICIES, "2", 1, 2,
                List.of(1, 2), 256, 1024, null, null, placement.toString(), 1, null, 10));
        DeploymentCostJob.run(new CostConfig(new ReplayConfig("../sample-traces/requests.csv", null, ModelChoice.named("Mixtral-8x7B"), ReplayConfig.SYNTHETIC, List.of(), List.of(), null, null, null, "zipf:1.0", "zipf", "none", 1, 64,
                30_000, WindowSpec.all(), cost.toString(), 1, null, 10),
                List.of("colocated:gpu=H100-SXM,gpus=8,batch=64", "colocated:gpu=A100-80GB,gpus=1,batch=64"), null, null,
                null, io.moereplay.model.cost.ServingSlo.DEFAULT, true));
        NightDrift.write(drift, "night", java.time.LocalDate.of(2026, 11, 22), new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"digest\": [{\"layer\": 0, \"hot\": [1], \"balancedness\": 0.5}]}"),
                List.of(new io.moereplay.model.drift.LayerDigest(0, List.of(2), 0.4)));
        assertThat(MoeReplayCli.commandLine().execute("validate", "compare",
                "--cases", "../bench/gpu/validation/cases.csv", "--measured", "../bench/gpu/validation/h100_moe_layer.csv",
                "--out", validation.toString())).isZero();
        Map<String, Path> folders = Map.ofEntries(Map.entry(NightDrift.TABLE, drift),
                Map.entry(io.moereplay.jobs.validate.ValidationTable.TABLE, validation),Map.entry(CostTables.DEPLOYMENT_COST, cost),
                Map.entry(CostTables.PARETO, cost), Map.entry(CostTables.REQUEST_LATENCY, cost), Map.entry(ReplayTables.EXPERT_LOAD, replay),
                Map.entry(StragglerTables.STRAGGLER, straggler), Map.entry(StragglerTables.TBT_SUMMARY, straggler),
                Map.entry(PlacementTables.PLACEMENT, placement), Map.entry(PlacementTables.SUMMARY, placement),
                Map.entry(PlacementTables.BACKTEST, placement), Map.entry(PlacementTables.RECOMMENDATION, placement));

        try (DuckDb duck = new DuckDb()) {
            for (TableSchema<?> schema : OutputTables.all()) {
                List<List<Object>> described = duck.describe(
                        "SELECT * FROM read_parquet('%s/%s/*.parquet')".formatted(
                                folders.getOrDefault(schema.table(), out), schema.table()));
                assertThat(described.stream().map(row -> row.get(0) + " " + row.get(1)).toList())
                        .as(schema.table())
                        .isEqualTo(schema.columns().stream().map(ParquetSchemaITCase::duckDbColumn).toList());
            }
        }
    }

    private static String duckDbColumn(Column<?> column) {
        String type = switch (column.type()) {
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case STRING -> "VARCHAR";
            case INT32_LIST -> "INTEGER[]";
            case INT64_LIST -> "BIGINT[]";
            case FLOAT_LIST -> "FLOAT[]";
        };
        return column.name() + " " + type;
    }
}
