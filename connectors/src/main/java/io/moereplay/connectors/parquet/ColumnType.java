package io.moereplay.connectors.parquet;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.List;

/** The value types an output column can have, each with its Parquet type and how it is written. */
public enum ColumnType {
    INT32("INT32", PrimitiveTypeName.INT32, null),
    INT64("INT64", PrimitiveTypeName.INT64, null),
    FLOAT("FLOAT", PrimitiveTypeName.FLOAT, null),
    DOUBLE("DOUBLE", PrimitiveTypeName.DOUBLE, null),
    BOOLEAN("BOOLEAN", PrimitiveTypeName.BOOLEAN, null),
    STRING("STRING (UTF-8)", PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType()),
    INT32_LIST("LIST<INT32>", PrimitiveTypeName.INT32, null),
    INT64_LIST("LIST<INT64>", PrimitiveTypeName.INT64, null),
    FLOAT_LIST("LIST<FLOAT>", PrimitiveTypeName.FLOAT, null);

    private final String docName;
    private final PrimitiveTypeName primitive;
    private final LogicalTypeAnnotation logical;
    private final boolean list;

    ColumnType(String docName, PrimitiveTypeName primitive, LogicalTypeAnnotation logical) {
        this.docName = docName;
        this.primitive = primitive;
        this.logical = logical;
        this.list = docName.startsWith("LIST<");
    }

    /** The type as the README's schema tables name it. */
    public String docName() {
        return docName;
    }

    boolean isList() {
        return list;
    }

    /** The Parquet field: a primitive, or a standard three-level LIST of required elements. */
    Type parquetType(String name, boolean nullable) {
        Type.Repetition repetition = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        if (isList()) {
            return Types.list(repetition).requiredElement(primitive).named(name);
        }
        return Types.primitive(primitive, repetition).as(logical).named(name);
    }

    /** Writes a non-null value of this type inside a started field. */
    void write(RecordConsumer consumer, Object value) {
        if (isList()) {
            writeList(consumer, value);
            return;
        }
        writeScalar(consumer, value);
    }

    private void writeList(RecordConsumer consumer, Object value) {
        List<?> elements = asList(value);
        consumer.startGroup();
        if (!elements.isEmpty()) {
            consumer.startField("list", 0);
            for (Object element : elements) {
                consumer.startGroup();
                consumer.startField("element", 0);
                writeScalar(consumer, element);
                consumer.endField("element", 0);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }

    private static List<?> asList(Object value) {
        if (value instanceof int[] ints) {
            return java.util.Arrays.stream(ints).boxed().toList();
        }
        if (value instanceof long[] longs) {
            return java.util.Arrays.stream(longs).boxed().toList();
        }
        if (value instanceof float[] floats) {
            Float[] boxed = new Float[floats.length];
            for (int i = 0; i < floats.length; i++) {
                boxed[i] = floats[i];
            }
            return List.of(boxed);
        }
        return (List<?>) value;
    }

    private void writeScalar(RecordConsumer consumer, Object value) {
        switch (primitive) {
            case INT32 -> consumer.addInteger(((Number) value).intValue());
            case INT64 -> consumer.addLong(((Number) value).longValue());
            case FLOAT -> consumer.addFloat(((Number) value).floatValue());
            case DOUBLE -> consumer.addDouble(((Number) value).doubleValue());
            case BOOLEAN -> consumer.addBoolean((Boolean) value);
            case BINARY -> consumer.addBinary(Binary.fromString((String) value));
            default -> throw new IllegalStateException("unsupported primitive " + primitive);
        }
    }
}
