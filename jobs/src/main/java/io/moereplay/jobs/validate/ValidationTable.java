package io.moereplay.jobs.validate;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.parquet.TableSchema;
import org.apache.parquet.hadoop.ParquetWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code validation} table: measured against predicted, written by {@code validate compare}. */
public final class ValidationTable {

    public static final String TABLE = "validation";

    private ValidationTable() {}

    public static TableSchema<ValidationRow> schema(String runId, String device) {
        return new TableSchema<>(TABLE, List.of(
                Column.required("run_id", ColumnType.STRING, "the comparison that wrote the row", r -> runId),
                Column.required("device", ColumnType.STRING, "the GPU measured, as PyTorch names it", r -> device),
                Column.required("case", ColumnType.STRING, "case id: model/tTOKENS/SKEW/1gpu or /NgpuPOLICY", ValidationRow::layerCase),
                Column.required("model", ColumnType.STRING, "catalogued model whose expert shape the layer has", ValidationRow::model),
                Column.required("tokens", ColumnType.INT64, "the batch's tokens", ValidationRow::tokens),
                Column.required("gpus", ColumnType.INT32, "expert-parallel GPUs of the case (1: every expert on one device)", ValidationRow::gpus),
                Column.required("policy", ColumnType.STRING, "placement: single-device, none (contiguous) or a policy with redundant slots", ValidationRow::policy),
                Column.required("skew", ColumnType.STRING, "the load: balanced, zipf:S, hot:X (one expert at X times the mean) or trace:FILE:LAYER", ValidationRow::skew),
                Column.required("component", ColumnType.STRING, "gpu_experts (one GPU's expert FFNs back to back), layer_experts (the busiest GPU's), busiest_gpu and least_busy_gpu (the GPUs measured slowest and fastest with experts), moe_layer (single-device layer: router, permute, experts, combine) and its parts, placement_gain (1 - t(placed) / t(none) of layer_experts); the same ending in _grouped from gpu_experts_grouped (one GPU's experts as one grouped kernel)", ValidationRow::component),
                Column.optional("gpu", ColumnType.INT32, "the GPU of a gpu_experts row", ValidationRow::gpu),
                Column.required("kernel_model", ColumnType.STRING, "kernel and model of the prediction: sequential or grouped, then measured (the GPU's profile of the shape), interpolated (between profiled shapes) or roofline, e.g. grouped/measured", ValidationRow::kernelModel),
                Column.required("unit", ColumnType.STRING, "us (microseconds) or ratio", ValidationRow::unit),
                Column.required("measured", ColumnType.DOUBLE, "the harness's median", ValidationRow::measured),
                Column.optional("predicted", ColumnType.DOUBLE, "the serving model's value; null for parts it has no term for (router, permute, combine)", ValidationRow::predicted),
                Column.optional("error", ColumnType.DOUBLE, "predicted / measured - 1", ValidationRow::error)));
    }

    /** Writes the rows as {@code out/validation/part-0.parquet}, replacing an earlier table whole. */
    public static void write(Path out, String runId, String device, List<ValidationRow> rows) throws IOException {
        Path folder = Files.createDirectories(out.resolve(TABLE));
        Path pending = folder.resolve(".part-0.parquet.pending");
        try (ParquetWriter<ValidationRow> writer = TableParquetWriters.open(schema(runId, device), pending, Map.of())) {
            for (ValidationRow row : rows) {
                writer.write(row);
            }
        }
        Files.move(pending, folder.resolve("part-0.parquet"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
