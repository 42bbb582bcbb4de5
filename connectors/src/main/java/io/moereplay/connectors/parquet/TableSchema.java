package io.moereplay.connectors.parquet;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema of one Parquet table: its name and ordered columns. The same object writes the
 * Parquet files and renders the README's schema table, so the two cannot drift apart.
 *
 * @param <T> the row type
 */
public record TableSchema<T>(String table, List<Column<T>> columns) implements Serializable {

    public TableSchema {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + table + " has no columns");
        }
        Set<String> names = new HashSet<>();
        for (Column<T> column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException(
                        "table " + table + " has column " + column.name() + " twice");
            }
        }
    }

    /** The Parquet message type, named after the table. */
    public MessageType messageType() {
        List<Type> fields = new ArrayList<>();
        for (Column<T> column : columns) {
            fields.add(column.type().parquetType(column.name(), column.nullable()));
        }
        return new MessageType(table, fields);
    }

    /** The schema as a Markdown table: column, type, nullable, meaning. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| column | type | null | meaning |\n|---|---|---|---|\n");
        for (Column<T> column : columns) {
            out.append("| `").append(column.name()).append("` | ")
                    .append(column.type().docName()).append(" | ")
                    .append(column.nullable() ? "yes" : "no").append(" | ")
                    .append(column.description()).append(" |\n");
        }
        return out.toString();
    }
}
