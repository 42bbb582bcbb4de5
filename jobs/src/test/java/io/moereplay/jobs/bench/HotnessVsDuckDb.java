package io.moereplay.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DuckDB half of {@code bench/hotness-bench} (a benchmark, not a test): times DuckDB's
 * GROUP BY over a routing trace, checks that a finished hotness run counted the same tokens per
 * (layer, expert), and prints decisions per second for both and their ratios.
 *
 * <p>Usage: {@code HotnessVsDuckDb ROUTING_DIR HOTNESS_OUT HOTNESS_WALL_MS SCAN_FIRST_MS SCAN_BEST_MS THREADS RUNS}.
 * The hotness run is timed by the script, as the launcher process it is (JVM and Flink start
 * included); the scan times come from {@link HotnessScanBench}. DuckDB is timed from a query's start
 * to its last result row, in this JVM with the driver loaded, {@code RUNS} times.
 */
public final class HotnessVsDuckDb {

    private HotnessVsDuckDb() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: HotnessVsDuckDb ROUTING_DIR HOTNESS_OUT HOTNESS_WALL_MS SCAN_FIRST_MS"
                    + " SCAN_BEST_MS THREADS RUNS");
            System.exit(2);
        }
        Path routing = Path.of(args[0]);
        Path hotnessOut = Path.of(args[1]);
        long hotnessWallMs = Long.parseLong(args[2]);
        long scanFirstMs = Long.parseLong(args[3]);
        long scanBestMs = Long.parseLong(args[4]);
        int threads = Integer.parseInt(args[5]);
        int runs = Integer.parseInt(args[6]);
        JsonNode summary = new ObjectMapper().readTree(hotnessOut.resolve("_run_summary.json").toFile());
        long jobWallMs = summary.get("wall_ms").asLong();
        long decisions = summary.get("decisions").asLong();

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = db.createStatement()) {
                s.execute("SET threads = " + threads);
            }
            String query = "SELECT layer, e AS expert, count(*) AS tokens FROM (SELECT layer, unnest(experts) AS e"
                    + " FROM read_parquet('" + glob(routing) + "')) GROUP BY ALL";
            Map<String, Long> duck = null;
            long firstNanos = 0;
            long bestNanos = Long.MAX_VALUE;
            for (int run = 0; run < runs; run++) {
                long began = System.nanoTime();
                duck = counts(db, query);
                long nanos = System.nanoTime() - began;
                firstNanos = run == 0 ? nanos : firstNanos;
                bestNanos = Math.min(bestNanos, nanos);
            }
            Map<String, Long> hot = counts(db, "SELECT layer, expert, sum(tokens) FROM read_parquet('"
                    + glob(hotnessOut.resolve("expert_hotness")) + "') GROUP BY ALL HAVING sum(tokens) > 0");

            long duckDecisions = duck.values().stream().mapToLong(Long::longValue).sum();
            boolean same = duck.equals(hot) && duckDecisions == decisions;
            double duckRate = duckDecisions / (bestNanos / 1e9);
            System.out.printf("decisions: hotness %,d, DuckDB %,d, over %d (layer, expert) pairs%n",
                    decisions, duckDecisions, duck.size());
            System.out.printf("counts per (layer, expert): %s%n", same ? "identical" : "DIFFERENT");
            System.out.printf("%-44s %8s %16s %7s%n", "", "seconds", "decisions/s", "ratio");
            line("DuckDB GROUP BY, best of " + runs, bestNanos / 1e6, decisions, duckRate);
            line("DuckDB GROUP BY, first run", firstNanos / 1e6, decisions, duckRate);
            line("hotness launcher process (JVM+Flink start)", hotnessWallMs, decisions, duckRate);
            line("hotness job wall_ms (run summary)", jobWallMs, decisions, duckRate);
            line("hotness scan path, first pass (cold JIT)", scanFirstMs, decisions, duckRate);
            line("hotness scan path, best pass", scanBestMs, decisions, duckRate);
            System.out.println("ratio = hotness decisions/s / DuckDB best decisions/s; " + threads
                    + " threads (DuckDB) and parallelism " + threads + " (hotness)");
            if (!same) {
                System.exit(1);
            }
        }
    }

    private static void line(String what, double millis, long decisions, double duckRate) {
        double rate = decisions / (millis / 1e3);
        System.out.printf("%-44s %8.2f %,16.0f %7.2f%n", what, millis / 1e3, rate, rate / duckRate);
    }

    private static String glob(Path dir) {
        return dir.resolve("*.parquet").toString().replace("'", "''");
    }

    private static Map<String, Long> counts(Connection db, String query) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                out.put(rows.getInt(1) + "/" + rows.getInt(2), rows.getLong(3));
            }
        }
        return out;
    }
}
