package io.moereplay.connectors.parquet;

import org.apache.parquet.column.Encoding;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TableParquetWritersTest {

    record Row(String deployment, long step, double micros) {}

    private static final TableSchema<Row> SCHEMA = new TableSchema<>("t", List.of(
            Column.required("deployment", ColumnType.STRING, "a name repeated row after row", Row::deployment),
            Column.required("step", ColumnType.INT64, "distinct per row", Row::step),
            Column.required("micros", ColumnType.DOUBLE, "distinct per row", Row::micros)));

    @TempDir
    Path dir;

    /**
     * 30,000 rows: two deployment names (as fresh, equal String objects every row, so the writer's
     * cached bytes must follow the value, not the object), distinct steps and doubles. Every value
     * reads back; the names are dictionary-encoded, the doubles plain, and the 30,000 distinct steps
     * (240 KB) outgrow the 64 KB dictionary and fall back to plain.
     */
    @Test
    void valuesRoundTripWithDictionariesOnlyWhereValuesRepeat() throws Exception {
        Path file = dir.resolve("t.parquet");
        int rows = 30_000;
        try (ParquetWriter<Row> writer = TableParquetWriters.open(SCHEMA, file, Map.of())) {
            for (int i = 0; i < rows; i++) {
                writer.write(new Row(new String(i % 3 == 0 ? "colocated" : "disaggregated"), i, i * 0.25 + 1e-3));
            }
        }
        Map<String, Set<Encoding>> encodings = new HashMap<>();
        int read = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (ColumnChunkMetaData chunk : reader.getFooter().getBlocks().get(0).getColumns()) {
                encodings.put(chunk.getPath().toDotString(), chunk.getEncodings());
            }
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long r = 0; r < pages.getRowCount(); r++, read++) {
                    Group group = records.read();
                    assertThat(group.getString("deployment", 0)).isEqualTo(read % 3 == 0 ? "colocated" : "disaggregated");
                    assertThat(group.getLong("step", 0)).isEqualTo(read);
                    assertThat(group.getDouble("micros", 0)).isEqualTo(read * 0.25 + 1e-3);
                }
            }
        }
        assertThat(encodings.get("deployment")).contains(Encoding.PLAIN_DICTIONARY);
        assertThat(encodings.get("micros")).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(encodings.get("step")).contains(Encoding.PLAIN);
        assertThat(read).isEqualTo(rows);
    }
}
