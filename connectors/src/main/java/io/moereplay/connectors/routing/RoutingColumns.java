package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.TraceFormatException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * The leaf columns of a routing Parquet file that the reader decodes, found by their top-level
 * field name so any list layout (three-level {@code list.element}, or {@code list.item}) works.
 *
 * @param projection the requested schema: only these fields are read from disk
 * @param gateWeights null when the file has no gate weights
 */
record RoutingColumns(
        MessageType projection,
        ColumnDescriptor requestId,
        ColumnDescriptor tokenIndex,
        ColumnDescriptor phase,
        ColumnDescriptor layer,
        ColumnDescriptor experts,
        ColumnDescriptor gateWeights) {

    /**
     * Finds the columns and checks their types.
     *
     * @throws TraceFormatException naming the file and the missing or mistyped column
     */
    static RoutingColumns of(String fileName, MessageType schema) {
        List<Type> fields = new ArrayList<>();
        for (String name : List.of("request_id", "token_index", "phase", "layer", "experts")) {
            if (!schema.containsField(name)) {
                throw new TraceFormatException(fileName, "no column '" + name + "'; expected "
                        + RoutingFormat.PARQUET.expected());
            }
            fields.add(schema.getType(name));
        }
        boolean hasGates = schema.containsField("gate_weights");
        if (hasGates) {
            fields.add(schema.getType("gate_weights"));
        }
        MessageType projection = new MessageType(schema.getName(), fields);
        return new RoutingColumns(projection,
                leaf(fileName, projection, "request_id", PrimitiveTypeName.INT64, false),
                leaf(fileName, projection, "token_index", PrimitiveTypeName.INT32, false),
                leaf(fileName, projection, "phase", PrimitiveTypeName.BINARY, false),
                leaf(fileName, projection, "layer", PrimitiveTypeName.INT32, false),
                leaf(fileName, projection, "experts", PrimitiveTypeName.INT32, true),
                hasGates ? leaf(fileName, projection, "gate_weights", PrimitiveTypeName.FLOAT, true) : null);
    }

    private static ColumnDescriptor leaf(
            String fileName, MessageType schema, String field, PrimitiveTypeName type, boolean list) {
        for (ColumnDescriptor column : schema.getColumns()) {
            if (!column.getPath()[0].equals(field)) {
                continue;
            }
            PrimitiveTypeName actual = column.getPrimitiveType().getPrimitiveTypeName();
            boolean repeated = column.getMaxRepetitionLevel() > 0;
            if (actual != type || repeated != list) {
                throw new TraceFormatException(fileName, "column '" + field + "' is "
                        + (repeated ? "a list of " : "") + actual + ", expected "
                        + (list ? "a list of " : "") + type);
            }
            return column;
        }
        throw new TraceFormatException(fileName, "column '" + field + "' has no values");
    }
}
