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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Makes a run's output appear all at once or not at all, and never loses the previous one. Each
 * run writes its tables and {@value #SUMMARY} into its own hidden version folder
 * {@code OUT/.v-<run id>-<nonce>/} (see {@link VersionedFolder}); {@code OUT/.current} is a
 * symbolic link to the current version, and each table and the summary are visible as stable links
 * {@code OUT/<table> -> .current/<table>}. The run becomes visible when a new link is renamed over
 * {@code OUT/.current}: one atomic step, so a reader of {@code OUT/<table>/*.parquet} or
 * {@code OUT/_run_summary.json} sees the previous run or the new one, never a mix or nothing. The
 * previous version is deleted after that step. A run that fails deletes its version folder; a run
 * that is killed leaves it, with a lock naming its dead pid, for the next run to delete.
 *
 * <p>An output folder written by an earlier moe-replay (tables as plain folders) is converted by its
 * first run: after the commit step, each plain table is moved aside and replaced by its link, one
 * at a time, so during that one run a reader may find a table missing or from the older run.
 */
public final class OutputCommitter {

    public static final String SUMMARY = "_run_summary.json";
    /** The link to the current version, inside the output folder. */
    public static final String CURRENT = ".current";
    static final String VERSION_PREFIX = ".v-";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final FileSystem fs;
    private final java.nio.file.Path out;
    private final VersionedFolder version;
    private final Path staging;

    private OutputCommitter(FileSystem fs, java.nio.file.Path out, VersionedFolder version) {
        this.fs = fs;
        this.out = out;
        this.version = version;
        this.staging = new Path(version.version().toUri());
    }

    /** A job's work: build and run its dataflow writing every table under {@code staging}; return the summary. */
    @FunctionalInterface
    public interface Run {
        Map<String, Object> writeTables(Path staging) throws Exception;
    }

    /**
     * Runs {@code run} against a fresh version folder and commits its tables with the summary it
     * returns, or, if it fails, deletes the version folder and leaves the previous output as it was.
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
        java.nio.file.Path dir = local(out);
        java.nio.file.Path summaryFile = VersionedFolder.current(dir.resolve(CURRENT))
                .orElse(dir).resolve(SUMMARY);
        Map<String, Object> summary = JSON.readValue(summaryFile.toFile(), LinkedHashMap.class);
        summary.put(key, value);
        java.nio.file.Path pending = summaryFile.resolveSibling(SUMMARY + ".pending");
        JSON.writeValue(pending.toFile(), summary);
        Files.move(pending, summaryFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Cleans what dead runs left, then creates this run's version folder. */
    private static OutputCommitter begin(Path out, String runId) throws IOException {
        java.nio.file.Path dir = local(out);
        removeOldStaging(dir);
        String tag = runId == null ? "" : runId.replaceAll("[^A-Za-z0-9._-]", "_");
        VersionedFolder version = VersionedFolder.begin(dir, CURRENT, VERSION_PREFIX, tag, CrashPoint.COMMIT);
        return new OutputCommitter(out.getFileSystem(), dir, version);
    }

    /** Where jobs write their tables during the run. */
    private Path staging() {
        return staging;
    }

    /**
     * Completes the version folder (schema-only files for empty tables, the summary with each
     * table's row count as {@code table_rows}) and makes it current.
     *
     * @return rows per table
     */
    private Map<String, Long> commit(List<TableSchema<?>> tables, Map<String, Object> summary)
            throws IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (TableSchema<?> table : tables) {
            Path dir = new Path(staging, table.table());
            List<Path> parts = partFiles(dir);
            if (parts.isEmpty()) {
                CrashPoint.step(CrashPoint.COMMIT, "writing the empty table " + table.table());
                writeEmpty(table, dir);
                parts = partFiles(dir);
            }
            rows.put(table.table(), countRows(parts));
            names.add(table.table());
        }
        names.add(SUMMARY);
        summary.put("table_rows", rows);
        CrashPoint.step(CrashPoint.COMMIT, "writing " + SUMMARY);
        JSON.writeValue(version.version().resolve(SUMMARY).toFile(), summary);
        // Links for names new to this folder: they name nothing until the commit step.
        for (String name : names) {
            java.nio.file.Path link = out.resolve(name);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                CrashPoint.step(CrashPoint.COMMIT, "linking " + link);
                Files.createSymbolicLink(link, java.nio.file.Path.of(CURRENT, name));
            }
        }
        version.publish();
        convertPlain(names);
        return rows;
    }

    /** Replaces tables and a summary written as plain files by an earlier moe-replay with links. */
    private void convertPlain(List<String> names) throws IOException {
        java.nio.file.Path aside = out.resolve(VERSION_PREFIX + "plain-" + UUID.randomUUID().toString().substring(0, 8));
        for (String name : names) {
            java.nio.file.Path plain = out.resolve(name);
            if (Files.isSymbolicLink(plain)) {
                continue;
            }
            java.nio.file.Path link = out.resolve("." + name + VersionedFolder.LINK);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, java.nio.file.Path.of(CURRENT, name));
            if (Files.isDirectory(plain, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(aside);
                Files.move(plain, aside.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(link, plain, StandardCopyOption.ATOMIC_MOVE);
        }
        VersionedFolder.deleteTree(aside);
    }

    /** Staging folders that runs of moe-replay before versioned output left inside the output folder. */
    private static void removeOldStaging(java.nio.file.Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<java.nio.file.Path> list = Files.list(dir)) {
            for (java.nio.file.Path stale : list.filter(p -> p.getFileName().toString().startsWith(".staging-")).toList()) {
                VersionedFolder.deleteTree(stale);
            }
        }
    }

    /** The output folder as a local path: the commit step renames a symbolic link. */
    static java.nio.file.Path local(Path out) throws IOException {
        URI uri = out.toUri();
        if (uri.getScheme() == null) {
            return java.nio.file.Path.of(uri.getPath()).toAbsolutePath();
        }
        if (!"file".equals(uri.getScheme())) {
            throw new IOException("output folder " + out + " is not on the local file system: the commit"
                    + " swaps a symbolic link, which only a local file system does atomically");
        }
        return java.nio.file.Path.of(uri).toAbsolutePath();
    }

    /** Deletes the version folder; the previous output is untouched. */
    private void abort() throws IOException {
        version.abort();
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
