package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.LocalTraceFile;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The real routing traces in {@code shared/traces/routing}, found like the request tests'
 * SharedTraces: the system property {@code moe.shared.dir} (set by the build), else
 * {@code ../../shared} or {@code ../shared}, else {@code /work/shared}. Tests that need one skip
 * when it is absent. Also runs DuckDB queries as an independent reading of the same files.
 */
final class SharedRoutingTraces {

    private SharedRoutingTraces() {}

    /** A trace file, or a skipped test when the shared directory is not there. */
    static LocalTraceFile routing(String name) {
        Path file = routingDir().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared trace " + file + " is absent");
        return new LocalTraceFile(file);
    }

    private static Path routingDir() {
        String property = System.getProperty("moe.shared.dir");
        for (String candidate : new String[] {property, "../../shared", "../shared", "/work/shared"}) {
            if (candidate != null && Files.isDirectory(Path.of(candidate, "traces", "routing"))) {
                return Path.of(candidate, "traces", "routing");
            }
        }
        return Path.of("/work/shared/traces/routing");
    }

    /** Runs one query in an in-memory DuckDB; every row, every column as a long. */
    static List<long[]> duckDbRows(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<long[]> result = new ArrayList<>();
            while (rows.next()) {
                long[] values = new long[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = rows.getLong(i + 1);
                }
                result.add(values);
            }
            return result;
        }
    }

    /** Runs statements (such as COPY ... TO) in an in-memory DuckDB. */
    static void duckDbExecute(String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** A path as a DuckDB string literal. */
    static String sqlPath(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
