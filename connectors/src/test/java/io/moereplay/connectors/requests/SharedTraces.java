package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.LocalTraceFile;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real request traces in {@code shared/traces/requests}, found through the system property
 * {@code moe.shared.dir} (set by the build), else {@code ../../shared} from the module directory,
 * else {@code /work/shared}. Tests that need one skip when it is absent.
 */
final class SharedTraces {

    private SharedTraces() {}

    /** A trace file, or a skipped test when the shared directory is not there. */
    static LocalTraceFile request(String name) {
        Path file = requestsDir().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared trace " + file + " is absent");
        return new LocalTraceFile(file);
    }

    private static Path requestsDir() {
        String property = System.getProperty("moe.shared.dir");
        for (String candidate : new String[] {property, "../../shared", "../shared", "/work/shared"}) {
            if (candidate != null && Files.isDirectory(Path.of(candidate, "traces", "requests"))) {
                return Path.of(candidate, "traces", "requests");
            }
        }
        return Path.of("/work/shared/traces/requests");
    }

    /** Runs one query in an in-memory DuckDB and returns the first row's columns as longs. */
    static long[] duckDb(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            long[] values = new long[rows.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.getLong(i + 1);
            }
            return values;
        }
    }

    /** A path as a DuckDB string literal. */
    static String sqlPath(LocalTraceFile file) {
        return "'" + file.path().toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /**
     * Microseconds since the epoch of a time on 2023-11-16 UTC, by hand rather than through
     * java.time, so the check is independent of the reader's parsing: 1970..2022 is 53 years with
     * 13 leap days (1972..2020) = 19,358 days; January to October 2023 = 304 days; plus 15 days
     * into November: 19,677 days (date -u -d 2023-11-16 +%s / 86400 agrees).
     */
    static long micros20231116(int hour, int minute, int second, int micros) {
        long days = 53L * 365 + 13 + (31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31) + 15;
        long seconds = days * 86_400 + hour * 3_600L + minute * 60L + second;
        return seconds * 1_000_000 + micros;
    }
}
