package io.moereplay.connectors.arrow;

import io.moereplay.connectors.io.ParquetGroups;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A Parquet table (its part files) as one Arrow IPC file, for tools and notebooks that map Arrow
 * without a Parquet reader. The types moe-replay's tables use carry over: INT32, INT64, FLOAT,
 * DOUBLE, BOOLEAN, UTF-8 strings and lists of numbers; nullable columns stay nullable. Record
 * batches of {@value #BATCH_ROWS} rows.
 */
public final class ParquetToArrow {

    static final int BATCH_ROWS = 65_536;

    private ParquetToArrow() {}

    /**
     * @param parts the table's part files, all of one schema, written in this order
     * @return rows written
     * @throws IllegalArgumentException naming the file and column when a type has no mapping or a
     *     part's schema differs
     */
    public static long export(List<Path> parts, Path arrowFile) throws IOException {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(arrowFile + ": no Parquet part files to export");
        }
        MessageType parquet = ParquetGroups.schema(parts.get(0));
        Schema arrow = arrowSchema(parquet, parts.get(0));
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator);
                FileChannel channel = FileChannel.open(arrowFile, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            int[] inBatch = {0};
            long[] read = {0};
            for (Path part : parts) {
                if (!ParquetGroups.schema(part).equals(parquet)) {
                    throw new IllegalArgumentException(part + ": schema differs from " + parts.get(0) + "'s");
                }
                ParquetGroups.forEach(part, row -> {
                    for (int f = 0; f < parquet.getFieldCount(); f++) {
                        set(root.getVector(f), row, f, inBatch[0]);
                    }
                    if (++inBatch[0] == BATCH_ROWS) {
                        flush(root, writer, inBatch[0]);
                        inBatch[0] = 0;
                    }
                    read[0]++;
                });
            }
            rows = read[0];
            if (inBatch[0] > 0 || rows == 0) {
                flush(root, writer, inBatch[0]);
            }
            writer.end();
        }
        return rows;
    }

    static Schema arrowSchema(MessageType parquet, Path file) {
        List<Field> fields = new ArrayList<>();
        for (Type type : parquet.getFields()) {
            boolean nullable = type.isRepetition(Type.Repetition.OPTIONAL);
            if (type.isPrimitive()) {
                fields.add(new Field(type.getName(), new FieldType(nullable, arrowType(type.asPrimitiveType(), file), null), null));
            } else if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                PrimitiveType element = listElement(type.asGroupType(), file);
                Field child = new Field("element", new FieldType(false, arrowType(element, file), null), null);
                fields.add(new Field(type.getName(), new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(child)));
            } else {
                throw new IllegalArgumentException(file + ": column '" + type.getName() + "' is a group Arrow export does not map");
            }
        }
        return new Schema(fields);
    }

    private static PrimitiveType listElement(GroupType list, Path file) {
        Type repeated = list.getType(0);
        Type element = repeated.isPrimitive() ? repeated : repeated.asGroupType().getType(0);
        if (!element.isPrimitive()) {
            throw new IllegalArgumentException(file + ": list column '" + list.getName() + "' holds groups");
        }
        return element.asPrimitiveType();
    }

    private static ArrowType arrowType(PrimitiveType type, Path file) {
        return switch (type.getPrimitiveTypeName()) {
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case BINARY -> {
                if (!(type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation)) {
                    throw new IllegalArgumentException(file + ": column '" + type.getName() + "' is binary, not a string");
                }
                yield ArrowType.Utf8.INSTANCE;
            }
            default -> throw new IllegalArgumentException(file + ": column '" + type.getName() + "' has type "
                    + type.getPrimitiveTypeName() + ", which Arrow export does not map");
        };
    }

    private static void set(FieldVector vector, Group row, int field, int index) {
        if (row.getFieldRepetitionCount(field) == 0) {
            vector.setNull(index);
            return;
        }
        if (vector instanceof IntVector v) {
            v.setSafe(index, row.getInteger(field, 0));
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(index, row.getLong(field, 0));
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(index, row.getFloat(field, 0));
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(index, row.getDouble(field, 0));
        } else if (vector instanceof BitVector v) {
            v.setSafe(index, row.getBoolean(field, 0) ? 1 : 0);
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(index, row.getString(field, 0).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof ListVector v) {
            setList(v, row.getGroup(field, 0), index);
        } else {
            throw new IllegalStateException("no writer for " + vector.getClass().getSimpleName());
        }
    }

    private static void setList(ListVector vector, Group list, int index) {
        UnionListWriter writer = vector.getWriter();
        writer.setPosition(index);
        writer.startList();
        int n = list.getFieldRepetitionCount(0);
        for (int i = 0; i < n; i++) {
            Group element = list.getGroup(0, i);
            switch (((ArrowType) vector.getField().getChildren().get(0).getType()).getTypeID()) {
                case Int -> {
                    if (((ArrowType.Int) vector.getField().getChildren().get(0).getType()).getBitWidth() == 32) {
                        writer.writeInt(element.getInteger(0, 0));
                    } else {
                        writer.writeBigInt(element.getLong(0, 0));
                    }
                }
                case FloatingPoint -> writer.writeFloat4(element.getFloat(0, 0));
                default -> throw new IllegalStateException("list of " + vector.getField().getChildren().get(0).getType());
            }
        }
        writer.endList();
    }

    private static void flush(VectorSchemaRoot root, ArrowFileWriter writer, int rows) throws IOException {
        root.setRowCount(rows);
        writer.writeBatch();
        for (FieldVector vector : root.getFieldVectors()) {
            vector.reset();
        }
    }
}
