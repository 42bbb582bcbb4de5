package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class ParquetRoutingReaderTest {

    /** Sparse layers 1, 3, 5 of 16 experts. */
    private static final TraceShape SHAPE = TraceShape.ofLayers(new int[] {1, 3, 5}, 16);

    private final RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.PARQUET);

    @TempDir Path dir;

    /**
     * Distinct (request, token, layer) records, top-1..4, gate weights on odd rows only, a decode
     * row every fifth, request ids beyond int range.
     */
    private static List<RoutingRecord> records(int n) {
        List<RoutingRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = 1 + i % 4;
            int[] experts = new int[k];
            float[] gates = new float[i % 2 == 0 ? 0 : k];
            for (int j = 0; j < k; j++) {
                experts[j] = (i * 5 + j * 3) % 16;
                if (gates.length > 0) {
                    gates[j] = (j + 1) / (float) (k + 1) + i * 1e-7f;
                }
            }
            records.add(new RoutingRecord((i / 300) * 1_000_000_007L, (i % 300) / 3,
                    i % 5 == 0 ? Phase.DECODE : Phase.PREFILL, SHAPE.layerId(i % 3), experts, gates));
        }
        return records;
    }

    @Test
    void roundTripsTheCanonicalTable() throws Exception {
        List<RoutingRecord> records = records(30_000);
        Path path = dir.resolve("routing.parquet");
        try (ParquetWriter<RoutingRecord> writer =
                TableParquetWriters.open(RoutingTable.SCHEMA, path, RoutingTable.shapeMetadata(SHAPE))) {
            for (RoutingRecord record : records) {
                writer.write(record);
            }
        }
        LocalTraceFile file = new LocalTraceFile(path);

        assertThat(reader.declaredShape(file)).contains(SHAPE);
        RecordingVisitor raw = RecordingVisitor.read(reader, file, null);
        assertThat(raw.rowsRead).isEqualTo(30_000);
        assertThat(raw.rejects).isEmpty();
        assertThat(raw.decisions).isEqualTo(records);
        assertThat(raw.decisionRows).first().isEqualTo(1L);
        assertThat(raw.decisionRows).last().isEqualTo(30_000L);

        RecordingVisitor validated = RecordingVisitor.read(reader, file, SHAPE);
        assertThat(validated.rejects).isEmpty();
        assertThat(validated.decisions).isEqualTo(records);
    }

    @Test
    void readsTheCanonicalSchemaAcrossManyRowGroups() throws Exception {
        List<RoutingRecord> records = records(20_000);
        Path path = dir.resolve("groups.parquet");
        MessageType schema = RoutingTable.SCHEMA.messageType();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path))
                .withType(schema)
                .withRowGroupSize(16 * 1024L)
                .withPageSize(2 * 1024)
                .withExtraMetaData(RoutingTable.shapeMetadata(SHAPE))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (RoutingRecord record : records) {
                Group row = groups.newGroup()
                        .append("request_id", record.requestId())
                        .append("token_index", record.tokenIndex())
                        .append("phase", record.phase().label())
                        .append("layer", record.layer());
                Group experts = row.addGroup("experts");
                for (int expert : record.experts()) {
                    experts.addGroup("list").append("element", expert);
                }
                if (record.gateWeights().length > 0) {
                    Group gates = row.addGroup("gate_weights");
                    for (float gate : record.gateWeights()) {
                        gates.addGroup("list").append("element", gate);
                    }
                }
                writer.write(row);
            }
        }
        assertThat(rowGroups(path)).isGreaterThan(3);
        LocalTraceFile file = new LocalTraceFile(path);

        assertThat(reader.declaredShape(file)).contains(SHAPE);
        RecordingVisitor read = RecordingVisitor.read(reader, file, SHAPE);

        assertThat(read.rowsRead).isEqualTo(20_000);
        assertThat(read.rejects).isEmpty();
        assertThat(read.decisions).isEqualTo(records);
    }

    @Test
    void readsADuckDbFileAcrossRowGroupsWithItsFooterShape() throws Exception {
        Path path = dir.resolve("duckdb_groups.parquet");
        SharedRoutingTraces.duckDbExecute("COPY (SELECT (i // 300)::BIGINT AS request_id,"
                + " ((i % 300) // 3)::INTEGER AS token_index, (i % 3)::INTEGER AS layer,"
                + " CASE WHEN i % 5 = 0 THEN 'decode' ELSE 'prefill' END AS phase,"
                + " list_transform(range(1 + i % 4), lambda j: ((i + j) % 8)::INTEGER) AS experts,"
                + " CASE WHEN i % 2 = 0 THEN NULL ELSE list_transform(range(1 + i % 4),"
                + " lambda j: (((i + j) % 8) * 0.125)::FLOAT) END AS gate_weights"
                + " FROM range(50000) r(i)) TO " + SharedRoutingTraces.sqlPath(path)
                + " (FORMAT parquet, ROW_GROUP_SIZE 4096,"
                + " KV_METADATA {'moe.layers': '0,1,2', 'moe.experts': '8'})");
        assertThat(rowGroups(path)).isGreaterThan(3);
        LocalTraceFile file = new LocalTraceFile(path);

        assertThat(reader.declaredShape(file)).contains(TraceShape.dense(3, 8));
        RecordingVisitor read = RecordingVisitor.read(reader, file, TraceShape.dense(3, 8));

        assertThat(read.rowsRead).isEqualTo(50_000);
        assertThat(read.rejects).isEmpty();
        List<RoutingRecord> expected = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            int k = 1 + i % 4;
            int[] experts = new int[k];
            float[] gates = new float[i % 2 == 0 ? 0 : k];
            for (int j = 0; j < k; j++) {
                experts[j] = (i + j) % 8;
                if (gates.length > 0) {
                    gates[j] = ((i + j) % 8) * 0.125f;
                }
            }
            expected.add(new RoutingRecord(i / 300, (i % 300) / 3,
                    i % 5 == 0 ? Phase.DECODE : Phase.PREFILL, i % 3, experts, gates));
        }
        assertThat(read.decisions).isEqualTo(expected);
    }

    @Test
    void rejectsNullsAndBadValuesInADuckDbFileAndKeepsTheRest() throws Exception {
        Path path = dir.resolve("duckdb.parquet");
        SharedRoutingTraces.duckDbExecute("COPY (SELECT * FROM (VALUES"
                + " (1::BIGINT, 0::INTEGER, 0::INTEGER, 'prefill', [1, 2]::INTEGER[]),"
                + " (NULL, 1, 0, 'decode', [3]),"      // row 2: null request id
                + " (2, 2, 1, 'prefill', NULL),"       // row 3: null experts list
                + " (2, 3, 1, 'prefill', [4, NULL]),"  // row 4: null expert id
                + " (2, 4, 1, 'decode', [0, 7, 5]),"
                + " (3, 0, 2, 'warmup', [1]),"         // row 6: bad phase
                + " (3, 1, 2, 'prefill', []),"         // row 7: empty experts list
                + " (3, 2, 2, 'prefill', [8]),"        // row 8: expert id >= E
                + " (2, 4, 1, 'prefill', [6]),"        // row 9: duplicate of row 5
                + " (3, 2, NULL, 'prefill', [1]),"     // row 10: null layer
                + " (3, 3, 0, 'decode', [6])"
                + ") t(request_id, token_index, layer, phase, experts)) TO "
                + SharedRoutingTraces.sqlPath(path) + " (FORMAT parquet)");
        LocalTraceFile file = new LocalTraceFile(path);

        assertThat(reader.declaredShape(file)).isEmpty();
        RecordingVisitor read = RecordingVisitor.read(reader, file, TraceShape.dense(3, 8));

        assertThat(read.rowsRead).isEqualTo(11);
        assertThat(read.decisions).containsExactly(
                new RoutingRecord(1, 0, Phase.PREFILL, 0, new int[] {1, 2}, null),
                new RoutingRecord(2, 4, Phase.DECODE, 1, new int[] {0, 7, 5}, null),
                new RoutingRecord(3, 3, Phase.DECODE, 0, new int[] {6}, null));
        assertThat(read.decisionRows).containsExactly(1L, 5L, 11L);
        String nullField = "a required field (request_id, token_index, phase, layer) is null";
        assertThat(read.rejects).extracting(Reject::row, Reject::field, Reject::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "", nullField),
                org.assertj.core.groups.Tuple.tuple(3L, "experts", "no experts chosen"),
                org.assertj.core.groups.Tuple.tuple(4L, "experts", "an expert id in the list is null"),
                org.assertj.core.groups.Tuple.tuple(6L, "phase", "phase 'warmup' is not one of prefill, decode"),
                org.assertj.core.groups.Tuple.tuple(7L, "experts", "no experts chosen"),
                org.assertj.core.groups.Tuple.tuple(8L, "experts", "expert id 8 is outside [0, 8)"),
                org.assertj.core.groups.Tuple.tuple(9L, "token_index",
                        "duplicate decision for request 2, token 4, layer 1"),
                org.assertj.core.groups.Tuple.tuple(10L, "", nullField));
        assertThat(read.rejects).allSatisfy(r -> assertThat(r.sourceFile()).isEqualTo(file.name()));
    }

    @Test
    void refusesAFileWithoutTheExpertsColumn() throws Exception {
        Path path = dir.resolve("noexperts.parquet");
        SharedRoutingTraces.duckDbExecute("COPY (SELECT 1::BIGINT AS request_id, 0::INTEGER AS token_index,"
                + " 0::INTEGER AS layer, 'prefill' AS phase) TO " + SharedRoutingTraces.sqlPath(path)
                + " (FORMAT parquet)");
        LocalTraceFile file = new LocalTraceFile(path);

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("no column 'experts'");
    }

    @Test
    void refusesExpertsOfTheWrongType() throws Exception {
        Path path = dir.resolve("bigexperts.parquet");
        SharedRoutingTraces.duckDbExecute("COPY (SELECT 1::BIGINT AS request_id, 0::INTEGER AS token_index,"
                + " 0::INTEGER AS layer, 'prefill' AS phase, [1, 2]::BIGINT[] AS experts) TO "
                + SharedRoutingTraces.sqlPath(path) + " (FORMAT parquet)");
        LocalTraceFile file = new LocalTraceFile(path);

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("column 'experts' is a list of INT64, expected a list of INT32");
    }

    @Test
    void refusesAFileThatIsNotParquet() throws Exception {
        Path path = Files.writeString(dir.resolve("fake.parquet"),
                "{\"request_id\": 1, \"token_idx\": 0, \"layer\": 0, \"experts\": [1]}\n");
        LocalTraceFile file = new LocalTraceFile(path);

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("not a Parquet file, or one cut short");
        assertThatThrownBy(() -> reader.declaredShape(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("not a Parquet file, or one cut short");
    }

    @Test
    void refusesAFooterShapeThatIsNotAShape() throws Exception {
        Path path = dir.resolve("badfooter.parquet");
        try (ParquetWriter<RoutingRecord> writer = TableParquetWriters.open(RoutingTable.SCHEMA, path,
                Map.of(RoutingTable.LAYERS_KEY, "1,one", RoutingTable.EXPERTS_KEY, "16"))) {
            writer.write(records(1).get(0));
        }
        LocalTraceFile file = new LocalTraceFile(path);

        assertThatThrownBy(() -> reader.declaredShape(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("moe.layers='1,one'");
    }

    private static int rowGroups(Path path) throws Exception {
        try (ParquetFileReader footer = new ParquetFileReader(
                new LocalInputFile(path), ParquetReadOptions.builder().build())) {
            return footer.getRowGroups().size();
        }
    }
}
