package io.moereplay.connectors.parquet;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.List;
import java.util.Map;

/** Parquet's write support for rows described by a {@link TableSchema}. */
final class TableWriteSupport<T> extends WriteSupport<T> {

    private final TableSchema<T> schema;
    private final Map<String, String> metadata;
    private RecordConsumer consumer;

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
            column.type().write(consumer, value);
            consumer.endField(column.name(), i);
        }
        consumer.endMessage();
    }
}
