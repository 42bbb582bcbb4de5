package io.moereplay.connectors.io;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a local table's Parquet files row by row as parquet-java's generic {@link Group}s, whatever
 * their schema.
 */
public final class ParquetGroups {

    private ParquetGroups() {}

    /** Receives each row. */
    @FunctionalInterface
    public interface RowSink {
        void accept(Group row) throws IOException;
    }

    /** A table folder's {@code part-*.parquet} files, in name order. */
    public static List<Path> parts(Path table) throws IOException {
        try (Stream<Path> list = Files.list(table)) {
            return list.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    /** The file's schema, from its footer. */
    public static MessageType schema(Path part) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    /** Passes every row of {@code part} to {@code sink}, in file order. */
    public static void forEach(Path part, RowSink sink) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long r = 0; r < pages.getRowCount(); r++) {
                    sink.accept(records.read());
                }
            }
        }
    }
}
