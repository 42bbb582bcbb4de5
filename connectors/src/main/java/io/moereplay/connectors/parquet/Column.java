package io.moereplay.connectors.parquet;

import java.io.Serializable;
import java.util.function.Function;

/**
 * One column of an output table: its name (with its unit), type, nullability, meaning, and how to
 * read its value from a row object.
 *
 * @param <T> the row type
 */
public record Column<T>(
        String name, ColumnType type, boolean nullable, String description, Accessor<T> accessor)
        implements Serializable {

    /** Reads one column's value from a row; serializable so writers ship to task managers. */
    @FunctionalInterface
    public interface Accessor<T> extends Function<T, Object>, Serializable {}

    public Column {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "column name '" + name + "' must be lower_snake_case");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("column " + name + " needs a description");
        }
    }

    /** A column that is never null. */
    public static <T> Column<T> required(
            String name, ColumnType type, String description, Accessor<T> accessor) {
        return new Column<>(name, type, false, description, accessor);
    }

    /** A column whose accessor may return null. */
    public static <T> Column<T> optional(
            String name, ColumnType type, String description, Accessor<T> accessor) {
        return new Column<>(name, type, true, description, accessor);
    }
}
