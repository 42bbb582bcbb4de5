package io.moereplay.jobs.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DuckDB half of {@code bench/hotness-bench} (a benchmark, not a test), in two modes so the
 * script can time DuckDB as a whole process, as it times the hotness launcher:
 * <ul>
 *   <li>{@code count ROUTING_DIR THREADS COUNTS_FILE [REQUESTS_CSV]}: one GROUP BY over the routing
 *       trace's (layer, expert) pairs, per 60-second window of the request's arrival when a request
 *       trace is given (as {@code hotness --window 60s --requests} windows them), written to
 *       COUNTS_FILE as {@code window layer expert tokens} lines;</li>
 *   <li>{@code check COUNTS_FILE HOTNESS_OUT}: whether a hotness run counted the same tokens per
 *       (window, layer, expert); prints {@code identical} or {@code DIFFERENT} (exit status 1).</li>
 * </ul>
 */
public final class HotnessVsDuckDb {

    private static final long WINDOW_MICROS = 60_000_000L;

    private HotnessVsDuckDb() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("count")) {
            count(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]),
                    args.length > 4 ? Path.of(args[4]) : null);
        } else if (args.length == 3 && args[0].equals("check")) {
            System.exit(check(Path.of(args[1]), Path.of(args[2])) ? 0 : 1);
        } else {
            System.err.println("usage: HotnessVsDuckDb count ROUTING_DIR THREADS COUNTS_FILE [REQUESTS_CSV]"
                    + " | check COUNTS_FILE HOTNESS_OUT");
            System.exit(2);
        }
    }

    private static void count(Path routing, int threads, Path countsFile, Path requests) throws Exception {
        String trace = "read_parquet('" + glob(routing) + "')";
        String query = requests == null
                ? "SELECT 0, layer, e, count(*) FROM (SELECT layer, unnest(experts) AS e FROM " + trace
                        + ") GROUP BY ALL"
                // Request ids are the request trace's 0-based data rows (AzureCsvRequestReader).
                : "WITH r AS (SELECT row_number() OVER () - 1 AS id, epoch_us(\"TIMESTAMP\") // " + WINDOW_MICROS
                        + " AS w FROM read_csv('" + quoted(requests) + "', timestampformat='%Y-%m-%d %H:%M:%S.%n'))"
                        + " SELECT r.w, t.layer, t.e, count(*) FROM (SELECT request_id, layer, unnest(experts) AS e"
                        + " FROM " + trace + ") t JOIN r ON t.request_id = r.id GROUP BY ALL";
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = db.createStatement()) {
                s.execute("SET threads = " + threads);
            }
            write(counts(db, query), countsFile);
        }
    }

    private static boolean check(Path countsFile, Path hotnessOut) throws Exception {
        Map<String, Long> duck = new TreeMap<>();
        for (String line : Files.readAllLines(countsFile)) {
            int last = line.lastIndexOf(' ');
            duck.put(line.substring(0, last), Long.parseLong(line.substring(last + 1)));
        }
        Map<String, Long> hot;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            hot = counts(db, "SELECT window_index, layer, expert, sum(tokens) FROM read_parquet('"
                    + glob(hotnessOut.resolve("expert_hotness")) + "') GROUP BY ALL HAVING sum(tokens) > 0");
        }
        boolean same = duck.equals(hot);
        System.out.printf("counts per (window, layer, expert): %s (%,d decisions over %d keys)%n",
                same ? "identical" : "DIFFERENT", duck.values().stream().mapToLong(Long::longValue).sum(),
                duck.size());
        return same;
    }

    private static void write(Map<String, Long> counts, Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            counts.forEach((key, tokens) -> out.println(key + " " + tokens));
        }
    }

    private static String glob(Path dir) {
        return quoted(dir.resolve("*.parquet"));
    }

    private static String quoted(Path path) {
        return path.toString().replace("'", "''");
    }

    private static Map<String, Long> counts(Connection db, String query) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                out.put(rows.getLong(1) + " " + rows.getInt(2) + " " + rows.getInt(3), rows.getLong(4));
            }
        }
        return out;
    }
}
