package io.moereplay.jobs.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.parquet.TableSchema;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a run's output appear all at once or not at all. Jobs write every table under a hidden
 * staging folder; on success the committer gives empty tables a schema-only file, counts each
 * table's rows from the Parquet footers, moves the tables into place and writes
 * {@value #SUMMARY} last. A run that fails is aborted, its staging folder deleted, and the
 * previous output stays as it was. Until the summary exists, the output is incomplete: readers
 * should check for it.
 */
public final class OutputCommitter {

    public static final String SUMMARY = "_run_summary.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final FileSystem fs;
    private final Path out;
    private final Path staging;

    private OutputCommitter(FileSystem fs, Path out, Path staging) {
        this.fs = fs;
        this.out = out;
        this.staging = staging;
    }

    /** A job's work: build and run its dataflow writing every table under {@code staging}; return the summary. */
    @FunctionalInterface
    public interface Run {
        Map<String, Object> writeTables(Path staging) throws Exception;
    }

    /**
     * Runs {@code run} against a fresh staging folder and commits its tables with the summary it
     * returns, or, if it fails, deletes the staging folder and leaves the previous output as it was.
     *
     * @return the summary, with {@code table_rows} added
     */
    public static Map<String, Object> run(Path out, String runId, List<TableSchema<?>> tables, Run run)
            throws Exception {
        OutputCommitter committer = begin(out, runId);
        try {
            Map<String, Object> summary = run.writeTables(committer.staging());
            committer.commit(tables, summary);
            return summary;
        } catch (Exception | Error e) {
            committer.abort();
            throw e;
        }
    }

    /**
     * Adds {@code key: value} to a committed run's summary, for what a command does after the run
     * commits (say, a file written from its tables). The summary is rewritten whole and renamed into
     * place, so a reader sees the old summary or the new one.
     */
    @SuppressWarnings("unchecked")
    public static void amendSummary(Path out, String key, Object value) throws IOException {
        FileSystem fs = out.getFileSystem();
        Path summaryFile = new Path(out, SUMMARY);
        Map<String, Object> summary;
        try (java.io.InputStream in = fs.open(summaryFile)) {
            summary = JSON.readValue(in, LinkedHashMap.class);
        }
        summary.put(key, value);
        Path pending = new Path(out, SUMMARY + ".pending");
        try (OutputStream stream = fs.create(pending, FileSystem.WriteMode.OVERWRITE)) {
            JSON.writeValue(stream, summary);
        }
        fs.delete(summaryFile, false);
        if (!fs.rename(pending, summaryFile)) {
            throw new IOException("cannot write " + summaryFile);
        }
    }

    /** Creates a fresh staging folder under {@code out}. */
    private static OutputCommitter begin(Path out, String runId) throws IOException {
        FileSystem fs = out.getFileSystem();
        Path staging = new Path(out, ".staging-" + runId + "-" + Long.toHexString(System.nanoTime()));
        if (!fs.mkdirs(staging)) {
            throw new IOException("cannot create output folder " + staging);
        }
        return new OutputCommitter(fs, out, staging);
    }

    /** Where jobs write their tables during the run. */
    private Path staging() {
        return staging;
    }

    /**
     * Moves the staged tables into place and writes the summary, to which it adds each table's
     * row count as {@code table_rows}.
     *
     * @return rows per table
     */
    private Map<String, Long> commit(List<TableSchema<?>> tables, Map<String, Object> summary)
            throws IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (TableSchema<?> table : tables) {
            Path dir = new Path(staging, table.table());
            List<Path> parts = partFiles(dir);
            if (parts.isEmpty()) {
                writeEmpty(table, dir);
                parts = partFiles(dir);
            }
            rows.put(table.table(), countRows(parts));
        }
        Path summaryFile = new Path(out, SUMMARY);
        fs.delete(summaryFile, false);
        for (TableSchema<?> table : tables) {
            Path target = new Path(out, table.table());
            fs.delete(target, true);
            if (!fs.rename(new Path(staging, table.table()), target)) {
                throw new IOException("cannot move " + table.table() + " into " + target);
            }
        }
        summary.put("table_rows", rows);
        Path pending = new Path(out, SUMMARY + ".pending");
        try (OutputStream stream = fs.create(pending, FileSystem.WriteMode.OVERWRITE)) {
            JSON.writeValue(stream, summary);
        }
        if (!fs.rename(pending, summaryFile)) {
            throw new IOException("cannot write " + summaryFile);
        }
        fs.delete(staging, true);
        return rows;
    }

    /** Deletes the staging folder; the previous output is untouched. */
    private void abort() throws IOException {
        fs.delete(staging, true);
    }

    private List<Path> partFiles(Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return List.of();
        }
        FileStatus[] statuses = fs.listStatus(dir);
        return java.util.Arrays.stream(statuses)
                .map(FileStatus::getPath)
                .filter(p -> p.getName().startsWith("part") && p.getName().endsWith(".parquet"))
                .sorted(java.util.Comparator.comparing(Path::getName))
                .toList();
    }

    // Readers glob part-*.parquet; a table with no rows still needs a file that carries its schema.
    private <T> void writeEmpty(TableSchema<T> table, Path dir) throws IOException {
        fs.mkdirs(dir);
        try (FSDataOutputStream stream =
                fs.create(new Path(dir, "part-empty.parquet"), FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<T> writer = TableParquetWriters.forFileSink(table).create(stream);
            writer.finish();
        }
    }

    private static long countRows(List<Path> parts) throws IOException {
        long rows = 0;
        for (Path part : parts) {
            FlinkTraceFile file = new FlinkTraceFile(part);
            try (ParquetFileReader reader = ParquetFiles.open(file, "a table part file")) {
                rows += reader.getRecordCount();
            }
        }
        return rows;
    }
}
