package io.moereplay.jobs.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.parquet.example.data.Group;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report is drawn from: one night's partition folder, its manifest, and every complete
 * night of the same root up to and including it, oldest first (for the trends). Tables are read
 * once, when a section first asks.
 */
final class Night {

    private final Path partition;
    private final JsonNode manifest;
    private final List<Path> history;
    private final Map<String, List<Group>> tables = new HashMap<>();
    private NightLoads loads;

    Night(Path partition, JsonNode manifest, List<Path> history) {
        this.partition = partition;
        this.manifest = manifest;
        this.history = history;
    }

    Path partition() {
        return partition;
    }

    JsonNode manifest() {
        return manifest;
    }

    List<Path> history() {
        return history;
    }

    /** The rows of {@code stage/table} ({@code cost/pareto}); none when the stage did not run. */
    List<Group> rows(String table) throws IOException {
        List<Group> rows = tables.get(table);
        if (rows == null) {
            rows = TableRows.read(partition, table);
            tables.put(table, rows);
        }
        return rows;
    }

    NightLoads loads() throws IOException {
        if (loads == null) {
            loads = NightLoads.of(rows("hotness/expert_hotness"));
        }
        return loads;
    }
}
