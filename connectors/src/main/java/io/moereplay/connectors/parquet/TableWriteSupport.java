package io.moereplay.connectors.parquet;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Parquet's write support for rows described by a {@link TableSchema}. */
final class TableWriteSupport<T> extends WriteSupport<T> {

    private final TableSchema<T> schema;
    private final Map<String, String> metadata;
    private RecordConsumer consumer;
    private StringBinary[] strings;

    TableWriteSupport(TableSchema<T> schema, Map<String, String> metadata) {
        this.schema = schema;
        this.metadata = metadata;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema.messageType(), metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
        this.strings = schema.columns().stream().map(column -> new StringBinary()).toArray(StringBinary[]::new);
    }

    @Override
    public void write(T row) {
        List<Column<T>> columns = schema.columns();
        consumer.startMessage();
        for (int i = 0; i < columns.size(); i++) {
            Column<T> column = columns.get(i);
            Object value = column.accessor().apply(row);
            if (value == null) {
                if (!column.nullable()) {
                    throw new IllegalStateException(
                            schema.table() + "." + column.name() + " is null in " + row);
                }
                continue;
            }
            consumer.startField(column.name(), i);
            if (value instanceof String string) {
                consumer.addBinary(strings[i].of(string));
            } else {
                column.type().write(consumer, value);
            }
            consumer.endField(column.name(), i);
        }
        consumer.endMessage();
    }

    /**
     * A string column's last value as Parquet bytes. A run id or a deployment name repeats row after
     * row (usually as the same object, compared in O(1)); encoding it to UTF-8 once per row was a
     * measurable share of a large table's writing.
     */
    private static final class StringBinary {
        private String last;
        private Binary binary;

        Binary of(String value) {
            if (!value.equals(last)) {
                last = value;
                // Array-backed: parquet-java's dictionary hashes and compares it as a byte[]; the
                // buffer-backed Binary.fromString goes through ByteBuffer.get per byte, several times slower.
                binary = Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
            }
            return binary;
        }
    }
}
