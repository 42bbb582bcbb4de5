package io.moereplay.jobs.output;

import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.parquet.TableSchema;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Map;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/** Writes a stream as one Parquet table through Flink's FileSink (local disk, S3 or HDFS alike). */
public final class TableSinks {

    private TableSinks() {}

    /** Attaches a sink writing {@code part-*.parquet} files directly under {@code dir/<table>}. */
    public static <T> void parquet(DataStream<T> rows, TableSchema<T> schema, Path dir) {
        parquet(rows, schema, dir, Map.of());
    }

    /** As {@link #parquet(DataStream, TableSchema, Path)}, with key-value metadata in every footer. */
    public static <T> void parquet(DataStream<T> rows, TableSchema<T> schema, Path dir, Map<String, String> footer) {
        FileSink<T> sink = FileSink
                .forBulkFormat(new Path(dir, schema.table()), TableParquetWriters.forFileSink(schema, footer))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix("part")
                        .withPartSuffix(".parquet")
                        .build())
                .build();
        rows.sinkTo(sink).name("write " + schema.table()).uid("sink-" + schema.table());
    }
}
