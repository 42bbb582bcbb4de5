package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * A visitor that does not need gate weights lets the reader skip decoding them in row groups whose
 * statistics prove them valid: the same rows must be rejected, for the same reasons, as when they
 * are decoded, and the same decisions passed on.
 */
class GateWeightSkipTest {

    private static final TraceShape SHAPE = TraceShape.ofLayers(new int[] {1, 3, 5}, 16);
    private static final int ROWS = 12_000;

    @TempDir Path dir;

    /** Row i's gate weights: valid (all above 0) except at the rows this test names. */
    private static float[] gates(int i) {
        return switch (i) {
            case 1000 -> new float[] {Float.NaN, 0.5f};
            case 5000 -> new float[] {0.2f, 0.3f, 0.5f}; // three weights for two experts, all finite
            case 7000 -> new float[] {Float.POSITIVE_INFINITY, 0.1f};
            case 9000 -> new float[] {-0.5f, 1.5f};
            case 11000 -> new float[0]; // no list: valid, no weights
            default -> new float[] {0.25f + (i % 7) * 0.01f, 0.75f};
        };
    }

    private Path write() throws Exception {
        Path path = dir.resolve("gates.parquet");
        MessageType schema = RoutingTable.SCHEMA.messageType();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        // Small row groups, so the bad rows fall in different ones among clean ones.
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withType(schema)
                .withRowGroupSize(16 * 1024L)
                .withPageSize(2 * 1024)
                .withExtraMetaData(RoutingTable.shapeMetadata(SHAPE))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (int i = 0; i < ROWS; i++) {
                Group row = groups.newGroup()
                        .append("request_id", (long) i / 300)
                        .append("token_index", (i % 300) / 3)
                        .append("phase", "decode")
                        .append("layer", SHAPE.layerId(i % 3));
                Group experts = row.addGroup("experts");
                experts.addGroup("list").append("element", (i * 5) % 16);
                experts.addGroup("list").append("element", (i * 5 + 3) % 16);
                float[] gates = gates(i);
                if (gates.length > 0) {
                    Group list = row.addGroup("gate_weights");
                    for (float gate : gates) {
                        list.addGroup("list").append("element", gate);
                    }
                }
                writer.write(row);
            }
        }
        return path;
    }

    @Test
    void skippingValidGateWeightsRejectsTheSameRowsAndPassesTheSameDecisions() throws Exception {
        LocalTraceFile file = new LocalTraceFile(write());
        RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.PARQUET);

        RecordingVisitor decoded = new RecordingVisitor();
        long rows = reader.read(file, new ValidatingRoutingVisitor(file.name(), SHAPE, decoded));
        RecordingVisitor skipped = new RecordingVisitor();
        skipped.needsGates = false; // as the hotness counter, which counts experts only
        long rowsSkipping = reader.read(file, new ValidatingRoutingVisitor(file.name(), SHAPE, skipped));

        assertThat(rows).isEqualTo(ROWS);
        assertThat(rowsSkipping).isEqualTo(ROWS);
        // Rows 1001, 5001, 7001 and 9001 (1-based) hold the bad weights, whichever path read them.
        assertThat(decoded.rejects).extracting(Reject::row).containsExactly(1001L, 5001L, 7001L, 9001L);
        assertThat(decoded.rejects).extracting(Reject::field).containsOnly("gate_weights");
        assertThat(skipped.rejects).isEqualTo(decoded.rejects);
        assertThat(skipped.decisionRows).isEqualTo(decoded.decisionRows);
        assertThat(skipped.decisions).extracting(RoutingRecord::experts)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(decoded.decisions.stream().map(RoutingRecord::experts).toList());
        // The skip did happen: clean row groups pass zeros where the file holds weights above 0.
        List<float[]> zeros = skipped.decisions.stream().map(RoutingRecord::gateWeights)
                .filter(g -> g.length == 2 && g[0] == 0f && g[1] == 0f).toList();
        assertThat(zeros).hasSizeGreaterThan(ROWS / 2);
        assertThat(decoded.decisions).extracting(RoutingRecord::gateWeights)
                .noneMatch(g -> g.length > 0 && g[0] == 0f);
    }
}
