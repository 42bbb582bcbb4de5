package io.moereplay.jobs.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** An in-memory DuckDB: the independent engine tests compare moe-replay's output against. */
public final class DuckDb implements AutoCloseable {

    private final Connection connection;

    public DuckDb() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    /** Every row of a query, each as a list of column values (JDBC objects). */
    public List<List<Object>> rows(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    row.add(rs.getObject(c));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Runs a statement that returns no rows, such as CREATE TABLE. */
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Column name and type of each column a query returns, as DuckDB's DESCRIBE reports them. */
    public List<List<Object>> describe(String sql) throws SQLException {
        return rows("DESCRIBE " + sql);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
