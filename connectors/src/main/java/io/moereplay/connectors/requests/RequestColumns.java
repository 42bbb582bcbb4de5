package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * The request-table columns of one Parquet file's schema, checked once, and typed reads of them
 * from {@link Group} rows. Integers may be INT32 or INT64, since writers other than ours (pandas)
 * write every integer as INT64.
 */
final class RequestColumns {

    private final MessageType projection;
    private final boolean hasHashes;

    private RequestColumns(MessageType projection, boolean hasHashes) {
        this.projection = projection;
        this.hasHashes = hasHashes;
    }

    /**
     * Checks a file's schema.
     *
     * @throws TraceFormatException naming the file and the first missing or mistyped column
     */
    static RequestColumns of(TraceFile file, MessageType schema) {
        List<Type> fields = new ArrayList<>();
        for (String name : RequestTable.REQUIRED) {
            if (!schema.containsField(name)) {
                throw new TraceFormatException(file.name(), "no column " + name + " (columns: "
                        + schema.getFields().stream().map(Type::getName).toList()
                        + "); expected " + RequestFormat.PARQUET.expected());
            }
            Type type = schema.getType(name);
            if (!isInteger(type) || type.isRepetition(Type.Repetition.REPEATED)) {
                throw new TraceFormatException(file.name(), "column " + name + " is " + type
                        + "; expected a single INT32 or INT64 value");
            }
            fields.add(type);
        }
        boolean hasHashes = schema.containsField(RequestTable.PREFIX_BLOCK_HASHES);
        if (hasHashes) {
            Type type = schema.getType(RequestTable.PREFIX_BLOCK_HASHES);
            if (!isIntegerList(type)) {
                throw new TraceFormatException(file.name(), "column "
                        + RequestTable.PREFIX_BLOCK_HASHES + " is " + type
                        + "; expected a LIST of INT32 or INT64 values");
            }
            fields.add(type);
        }
        return new RequestColumns(new MessageType(schema.getName(), fields), hasHashes);
    }

    /** The schema holding just the used columns, for the read projection. */
    MessageType projection() {
        return projection;
    }

    long nonNegative(Group row, String column) throws BadField {
        if (row.getFieldRepetitionCount(column) == 0) {
            throw new BadField(column, "value is missing");
        }
        long value = integer(row, column, 0);
        if (value < 0) {
            throw new BadField(column, value + " is negative");
        }
        return value;
    }

    int tokens(Group row, String column) throws BadField {
        long value = nonNegative(row, column);
        if (value > Integer.MAX_VALUE) {
            throw new BadField(column, "token count " + value + " exceeds " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** The hashes of a row: empty when the column is absent, null or an empty list. */
    List<Long> hashes(Group row) throws BadField {
        String column = RequestTable.PREFIX_BLOCK_HASHES;
        if (!hasHashes || row.getFieldRepetitionCount(column) == 0) {
            return List.of();
        }
        Group list = row.getGroup(column, 0);
        int count = list.getFieldRepetitionCount(0);
        List<Long> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (list.getType().getType(0).isPrimitive()) {
                hashes.add(integer(list, 0, i));
                continue;
            }
            // Three-level LIST: each repetition is a group holding one (maybe null) element.
            Group element = list.getGroup(0, i);
            if (element.getFieldRepetitionCount(0) == 0) {
                throw new BadField(column + "[" + i + "]", "element is null");
            }
            hashes.add(integer(element, 0, 0));
        }
        return hashes;
    }

    private static long integer(Group group, String column, int index) {
        return integer(group, group.getType().getFieldIndex(column), index);
    }

    private static long integer(Group group, int field, int index) {
        Type type = group.getType().getType(field);
        return type.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32
                ? group.getInteger(field, index)
                : group.getLong(field, index);
    }

    private static boolean isInteger(Type type) {
        if (!type.isPrimitive()) {
            return false;
        }
        PrimitiveTypeName name = type.asPrimitiveType().getPrimitiveTypeName();
        return name == PrimitiveTypeName.INT32 || name == PrimitiveTypeName.INT64;
    }

    /** A standard three-level LIST of integers, or the legacy two-level form. */
    private static boolean isIntegerList(Type type) {
        if (type.isPrimitive() || type.asGroupType().getFieldCount() != 1) {
            return false;
        }
        Type repeated = type.asGroupType().getType(0);
        if (!repeated.isRepetition(Type.Repetition.REPEATED)) {
            return false;
        }
        if (repeated.isPrimitive()) {
            return isInteger(repeated);
        }
        GroupType element = repeated.asGroupType();
        return element.getFieldCount() == 1 && isInteger(element.getType(0));
    }
}
