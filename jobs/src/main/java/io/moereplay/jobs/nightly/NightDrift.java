package io.moereplay.jobs.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.drift.LayerDigest;
import io.moereplay.model.drift.LayerDrift;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import org.apache.parquet.hadoop.ParquetWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Tonight against the previous night: each layer's digest (hot set, balancedness) from the
 * replay's {@code expert_load}, compared with the digest the previous partition's manifest keeps,
 * into the {@code drift} table, one row per layer with its verdict; and whether the cost ranking
 * changed.
 */
public final class NightDrift {

    public static final String TABLE = "drift";
    private static final double HOT_THRESHOLD = 1.5;

    private NightDrift() {}

    /** Each routed expert's tokens over the whole night, per layer, from a replay's expert_load table. */
    static List<LayerDigest> digest(Path expertLoad) throws IOException {
        Map<Integer, long[]> totals = new TreeMap<>();
        List<Path> parts;
        try (Stream<Path> list = Files.list(expertLoad)) {
            parts = list.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.EXPERT_LOAD);
        for (Path part : parts) {
            LocalTraceFile file = new LocalTraceFile(part);
            int experts = reader.declaredShape(file).orElseThrow(() -> new IllegalStateException(
                    part + ": an expert_load table without its shape in the footer")).experts();
            reader.read(file, new RoutingVisitor() {
                @Override
                public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] chosen,
                        int k, float[] gateWeights, int gates) {
                    throw new IllegalStateException(part + ": an expert_load table holds loads, not decisions");
                }

                @Override
                public void load(long row, long startMicros, int layer, int expert, long tokens) {
                    totals.computeIfAbsent(layer, l -> new long[experts])[expert] += tokens;
                }

                @Override
                public void reject(Reject reject) {
                    // Shared experts' rows: every token visits them, so they are never hot.
                }
            });
        }
        List<LayerDigest> out = new ArrayList<>();
        totals.forEach((layer, tokens) -> out.add(LayerDigest.of(layer, tokens, HOT_THRESHOLD)));
        return out;
    }

    /** The latest complete partition before {@code date}, if any. */
    static Optional<Path> previous(Path out, LocalDate date) throws IOException {
        try (Stream<Path> list = Files.list(out)) {
            return list.filter(p -> p.getFileName().toString().startsWith("date="))
                    .filter(p -> Files.exists(p.resolve(NightlyJob.MANIFEST)))
                    .filter(p -> LocalDate.parse(p.getFileName().toString().substring(5)).isBefore(date))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    /** The previous manifest's digests, by layer. */
    static Map<Integer, LayerDigest> digests(JsonNode manifest) {
        Map<Integer, LayerDigest> out = new TreeMap<>();
        for (JsonNode layer : manifest.path("digest")) {
            List<Integer> hot = new ArrayList<>();
            layer.path("hot").forEach(e -> hot.add(e.asInt()));
            out.put(layer.get("layer").asInt(), new LayerDigest(layer.get("layer").asInt(), hot,
                    layer.get("balancedness").asDouble()));
        }
        return out;
    }

    /** Writes the drift table (every layer both nights have) under {@code staging/drift}; returns its rows. */
    public static List<LayerDrift> write(Path staging, String runId, LocalDate previousDate, JsonNode previousManifest,
            List<LayerDigest> tonight) throws IOException {
        Map<Integer, LayerDigest> before = digests(previousManifest);
        List<LayerDrift> rows = new ArrayList<>();
        for (LayerDigest layer : tonight) {
            if (before.containsKey(layer.layer())) {
                rows.add(LayerDrift.between(before.get(layer.layer()), layer));
            }
        }
        Path folder = Files.createDirectories(staging.resolve(TABLE));
        try (ParquetWriter<LayerDrift> writer = TableParquetWriters.open(schema(runId, previousDate),
                folder.resolve("part-0.parquet"), Map.of())) {
            for (LayerDrift row : rows) {
                writer.write(row);
            }
        }
        return rows;
    }

    public static TableSchema<LayerDrift> schema(String runId, LocalDate previousDate) {
        return new TableSchema<>(TABLE, List.of(
                Column.required("run_id", ColumnType.STRING, "the night that wrote the row", r -> runId),
                Column.required("previous_date", ColumnType.STRING, "the night compared with", r -> previousDate.toString()),
                Column.required("layer", ColumnType.INT32, "MoE layer", LayerDrift::layer),
                Column.required("hot_added", ColumnType.INT32_LIST, "experts hot tonight, not the night before (load >= 1.5 x mean over the night)",
                        r -> r.added().stream().mapToInt(Integer::intValue).toArray()),
                Column.required("hot_removed", ColumnType.INT32_LIST, "experts hot the night before, not tonight",
                        r -> r.removed().stream().mapToInt(Integer::intValue).toArray()),
                Column.required("hot_jaccard", ColumnType.DOUBLE, "|hot both nights| / |hot either night|; 1 when neither has any", LayerDrift::hotJaccard),
                Column.required("balancedness", ColumnType.DOUBLE, "mean / max expert load tonight", LayerDrift::balancedness),
                Column.required("previous_balancedness", ColumnType.DOUBLE, "the same the night before", LayerDrift::previousBalancedness),
                Column.required("rebalance", ColumnType.BOOLEAN,
                        "re-place this layer: hot Jaccard < 0.5 or balancedness down more than 5%", LayerDrift::rebalance),
                Column.required("verdict", ColumnType.STRING, "the verdict in one line", LayerDrift::verdict)));
    }

    /** Reads a manifest. */
    static JsonNode manifest(Path partition) throws IOException {
        return new ObjectMapper().readTree(partition.resolve(NightlyJob.MANIFEST).toFile());
    }
}
