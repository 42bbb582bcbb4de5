package io.moereplay.connectors.parquet;

import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Parquet writers for {@link TableSchema} tables: a Flink {@link ParquetWriterFactory} for
 * FileSink, and a plain writer for local files written outside a job.
 *
 * <p>Snappy compression: every engine reads it and it is cheap to decode.
 */
public final class TableParquetWriters {

    /**
     * A column chunk's dictionary stops (and the column is written plain) once it passes this: a
     * column of few values (a deployment, a layer, a GPU) stays well under it, while one of mostly
     * distinct values (a step, a time) gives up after a few thousand rows instead of after 1 MB of
     * dictionary, parquet-java's default, hashing every value until then.
     */
    static final int DICTIONARY_PAGE_BYTES = 64 * 1024;

    private TableParquetWriters() {}

    /** A BulkWriter factory for Flink's FileSink. */
    public static <T> ParquetWriterFactory<T> forFileSink(TableSchema<T> schema) {
        return forFileSink(schema, Map.of());
    }

    /** A BulkWriter factory for Flink's FileSink, with key-value metadata in every footer. */
    public static <T> ParquetWriterFactory<T> forFileSink(
            TableSchema<T> schema, Map<String, String> metadata) {
        HashMap<String, String> footer = new HashMap<>(metadata);
        ParquetBuilder<T> builder = out -> build(schema, footer, out, ParquetFileWriter.Mode.CREATE);
        return new ParquetWriterFactory<>(builder);
    }

    /** A writer of a local file, replacing any file already there. */
    public static <T> ParquetWriter<T> open(
            TableSchema<T> schema, Path file, Map<String, String> metadata) throws IOException {
        return build(schema, metadata, new LocalOutputFile(file), ParquetFileWriter.Mode.OVERWRITE);
    }

    private static <T> ParquetWriter<T> build(
            TableSchema<T> schema,
            Map<String, String> metadata,
            OutputFile out,
            ParquetFileWriter.Mode mode)
            throws IOException {
        Builder<T> builder = new Builder<>(out, new TableWriteSupport<>(schema, metadata))
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withDictionaryPageSize(DICTIONARY_PAGE_BYTES)
                .withWriteMode(mode);
        // Doubles are written plain: a model's times are mostly distinct, and looking every one up in a
        // dictionary was the largest single cost of writing the straggler table (a sixth of the run's
        // CPU) for a tenth of its size.
        for (Column<T> column : schema.columns()) {
            if (column.type() == ColumnType.DOUBLE) {
                builder = builder.withDictionaryEncoding(column.name(), false);
            }
        }
        return builder.build();
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> writeSupport;

        Builder(OutputFile file, WriteSupport<T> writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }
}
