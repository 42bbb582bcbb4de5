package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads a replay's {@code expert_load} table as counted loads, each placed at its window's start,
 * so that {@code hotness} computes shares, ranks, hot flags and balance over replayed traffic as
 * it does over recorded traces. The table's footer declares the replayed model's shape.
 *
 * <p>Rows of shared (always-on) experts are rejected with that reason: they see every token, and
 * hotness is about how the router spreads tokens over routed experts. Null or negative values are
 * rejected too; rows are numbered from 1 in file order.
 */
final class ExpertLoadParquetRoutingReader implements RoutingTraceReader {

    static final String WINDOW_START = "window_start_us";
    static final String LAYER = "layer";
    static final String EXPERT = "expert";
    static final String SHARED = "shared";
    static final String TOKENS = "tokens";
    private static final List<String> COLUMNS = List.of(WINDOW_START, LAYER, EXPERT, SHARED, TOKENS);
    /** The physical type each column is read as; another type would fail mid-file. */
    private static final List<PrimitiveTypeName> TYPES = List.of(
            PrimitiveTypeName.INT64, PrimitiveTypeName.INT32, PrimitiveTypeName.INT32,
            PrimitiveTypeName.BOOLEAN, PrimitiveTypeName.INT64);

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        String expected = RoutingFormat.EXPERT_LOAD.expected();
        TraceFiles.requireNonEmpty(file, expected);
        long row = 0;
        try (ParquetFileReader reader = ParquetFiles.open(file, expected)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageType projection = projection(file, schema);
            reader.setRequestedSchema(projection);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, schema);
            for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(projection));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    row++;
                    accept(file.name(), row, records.read(), visitor);
                }
            }
        }
        return row;
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        String expected = RoutingFormat.EXPERT_LOAD.expected();
        TraceFiles.requireNonEmpty(file, expected);
        // The column types are checked here, as the inputs are resolved, so that a table of the
        // wrong types fails before the job starts rather than inside it.
        try (ParquetFileReader reader = ParquetFiles.open(file, expected)) {
            projection(file, reader.getFooter().getFileMetaData().getSchema());
        }
        return RoutingTable.declaredShape(file, expected);
    }

    /** True when the schema has the columns of an {@code expert_load} table. */
    static boolean isExpertLoad(MessageType schema) {
        return COLUMNS.stream().allMatch(schema::containsField) && schema.containsField("decode_tokens");
    }

    private static void accept(String file, long row, Group g, RoutingVisitor visitor) {
        for (String column : COLUMNS) {
            if (g.getFieldRepetitionCount(column) == 0) {
                visitor.reject(new Reject(file, row, column, column + " is null"));
                return;
            }
        }
        long start = g.getLong(WINDOW_START, 0);
        long tokens = g.getLong(TOKENS, 0);
        int expert = g.getInteger(EXPERT, 0);
        if (start < 0 || tokens < 0) {
            String field = start < 0 ? WINDOW_START : TOKENS;
            visitor.reject(new Reject(file, row, field, field + " " + (start < 0 ? start : tokens) + " is negative"));
        } else if (g.getBoolean(SHARED, 0)) {
            visitor.reject(new Reject(file, row, SHARED, "expert " + expert + " is a shared (always-on) expert;"
                    + " hotness covers the routed experts"));
        } else {
            visitor.load(row, start, g.getInteger(LAYER, 0), expert, tokens);
        }
    }

    /**
     * The columns read, each checked to be present and of the type it is read as.
     *
     * @throws TraceFormatException naming the file, the column, its type and the expected one
     */
    private static MessageType projection(TraceFile file, MessageType schema) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (int i = 0; i < COLUMNS.size(); i++) {
            String column = COLUMNS.get(i);
            if (!schema.containsField(column)) {
                throw new TraceFormatException(file.name(), "has no column " + column + "; expected "
                        + RoutingFormat.EXPERT_LOAD.expected());
            }
            Type type = schema.getType(column);
            PrimitiveTypeName expected = TYPES.get(i);
            if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)
                    || type.asPrimitiveType().getPrimitiveTypeName() != expected) {
                String actual = !type.isPrimitive() ? "a group"
                        : (type.isRepetition(Type.Repetition.REPEATED) ? "a list of " : "")
                                + type.asPrimitiveType().getPrimitiveTypeName();
                throw new TraceFormatException(file.name(), "column " + column + " is " + actual + "; expected "
                        + expected + " (" + RoutingFormat.EXPERT_LOAD.expected() + ")");
            }
            builder.addField(type);
        }
        return builder.named(schema.getName());
    }
}
