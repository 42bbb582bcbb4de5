package io.moereplay.connectors.arrow;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.parquet.TableSchema;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ArrowExportTest {

    /** A row of every column type moe-replay's tables use. */
    record Row(int layer, long tokens, double share, boolean hot, String label, int[] experts) {}

    private static final TableSchema<Row> SCHEMA = new TableSchema<>("t", List.of(
            Column.required("layer", ColumnType.INT32, "layer", Row::layer),
            Column.required("tokens", ColumnType.INT64, "tokens", Row::tokens),
            Column.required("share", ColumnType.DOUBLE, "share", Row::share),
            Column.required("hot", ColumnType.BOOLEAN, "hot", Row::hot),
            Column.optional("label", ColumnType.STRING, "label", Row::label),
            Column.required("experts", ColumnType.INT32_LIST, "experts", Row::experts)));

    @TempDir
    Path dir;

    /**
     * Two part files, three rows, one null string and one empty list, in a nightly-like folder
     * (stage/table): the Arrow file holds the same rows in part order, nulls and lists intact.
     */
    @Test
    void everyTableBecomesAnArrowFileWithItsRowsAndTypes() throws Exception {
        Path table = Files.createDirectories(dir.resolve("in/stage/t"));
        write(table.resolve("part-a.parquet"), List.of(new Row(0, 10, 0.25, true, "x", new int[] {1, 2})));
        write(table.resolve("part-b.parquet"), List.of(new Row(1, 20, 0.5, false, null, new int[] {}),
                new Row(2, 30, 0.75, true, "z", new int[] {7})));
        Files.writeString(table.getParent().resolve("_run_summary.json"), "{}");

        Map<String, Long> rows = ArrowExport.tables(dir.resolve("in"), dir.resolve("out"));
        assertThat(rows).containsExactly(Map.entry("stage/t", 3L));

        try (RootAllocator allocator = new RootAllocator();
                FileChannel channel = FileChannel.open(dir.resolve("out/stage/t.arrow"));
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getSchema().getFields()).extracting(f -> f.getName() + ":" + f.getType() + ":" + f.isNullable())
                    .containsExactly("layer:Int(32, true):false", "tokens:Int(64, true):false",
                            "share:FloatingPoint(DOUBLE):false", "hot:Bool:false", "label:Utf8:true", "experts:List:false");
            List<String> seen = new ArrayList<>();
            while (reader.loadNextBatch()) {
                for (int i = 0; i < root.getRowCount(); i++) {
                    seen.add(((IntVector) root.getVector("layer")).get(i) + "," + ((BigIntVector) root.getVector("tokens")).get(i)
                            + "," + ((Float8Vector) root.getVector("share")).get(i) + "," + ((BitVector) root.getVector("hot")).get(i)
                            + "," + (root.getVector("label").isNull(i) ? "null"
                                    : new String(((VarCharVector) root.getVector("label")).get(i)))
                            + "," + ((ListVector) root.getVector("experts")).getObject(i));
                }
            }
            assertThat(seen).containsExactly("0,10,0.25,1,x,[1,2]", "1,20,0.5,0,null,[]", "2,30,0.75,1,z,[7]");
        }
    }

    private static void write(Path file, List<Row> rows) throws Exception {
        try (ParquetWriter<Row> writer = TableParquetWriters.open(SCHEMA, file, Map.of())) {
            for (Row row : rows) {
                writer.write(row);
            }
        }
    }
}
