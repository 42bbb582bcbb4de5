package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical routing Parquet ({@link RoutingTable#SCHEMA}), read column by column rather than
 * record by record: decoding values straight off the column readers avoids a record object per
 * row, which is what makes hundreds of millions of decisions per run affordable.
 *
 * <p>Files from other writers work too: columns may be optional (DuckDB, pandas), and a null in a
 * required field rejects its row. The 1-based row number counts rows across row groups.
 */
final class ParquetRoutingReader implements RoutingTraceReader {

    private static final Binary PREFILL = Binary.fromString("prefill");
    private static final Binary DECODE = Binary.fromString("decode");

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        String expected = RoutingFormat.PARQUET.expected();
        TraceFiles.requireNonEmpty(file, expected);
        try (ParquetFileReader reader = ParquetFiles.open(file, expected)) {
            FileMetaData meta = reader.getFooter().getFileMetaData();
            RoutingColumns columns = RoutingColumns.of(file.name(), meta.getSchema());
            reader.setRequestedSchema(columns.projection());
            RowDecoder decoder = new RowDecoder(file.name(), visitor);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages,
                        new DummyRecordConverter(columns.projection()).getRootConverter(),
                        columns.projection(), meta.getCreatedBy());
                decoder.readRowGroup(store, columns, pages.getRowCount());
            }
            return decoder.row;
        }
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        String expected = RoutingFormat.PARQUET.expected();
        TraceFiles.requireNonEmpty(file, expected);
        Map<String, String> footer;
        try (ParquetFileReader reader = ParquetFiles.open(file, expected)) {
            footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        }
        String layers = footer.get(RoutingTable.LAYERS_KEY);
        String experts = footer.get(RoutingTable.EXPERTS_KEY);
        if (layers == null || experts == null) {
            return Optional.empty();
        }
        try {
            int[] ids = Arrays.stream(layers.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
            return Optional.of(TraceShape.ofLayers(ids, Integer.parseInt(experts.trim())));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(file.name(), "footer metadata " + RoutingTable.LAYERS_KEY
                    + "='" + layers + "', " + RoutingTable.EXPERTS_KEY + "='" + experts
                    + "' is not a valid shape: " + e.getMessage(), e);
        }
    }

    /** Decodes rows off the column readers of one row group after another. */
    private static final class RowDecoder {
        private final String fileName;
        private final RoutingVisitor visitor;
        private int[] experts = new int[16];
        private float[] gates = new float[16];
        long row;

        RowDecoder(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
        }

        void readRowGroup(ColumnReadStoreImpl store, RoutingColumns columns, long rows) {
            ColumnReader request = store.getColumnReader(columns.requestId());
            ColumnReader token = store.getColumnReader(columns.tokenIndex());
            ColumnReader phase = store.getColumnReader(columns.phase());
            ColumnReader layer = store.getColumnReader(columns.layer());
            ListColumn expertValues = new ListColumn(store.getColumnReader(columns.experts()));
            ColumnDescriptor gateColumn = columns.gateWeights();
            ListColumn gateValues =
                    gateColumn == null ? null : new ListColumn(store.getColumnReader(gateColumn));
            for (long i = 0; i < rows; i++) {
                row++;
                boolean nulls = isNull(request) || isNull(token) || isNull(phase) || isNull(layer);
                // Read every present value, also in a row rejected for another column's null:
                // consume() does not skip an unread value, so that column would then hand the
                // next row this row's value.
                long requestId = isNull(request) ? 0 : request.getLong();
                int tokenIndex = isNull(token) ? 0 : token.getInteger();
                Binary phaseName = isNull(phase) ? null : phase.getBinary();
                int layerId = isNull(layer) ? 0 : layer.getInteger();
                request.consume();
                token.consume();
                phase.consume();
                layer.consume();
                int k = readExperts(expertValues);
                int g = gateValues == null ? 0 : readGates(gateValues);
                if (nulls) {
                    reject("", "a required field (request_id, token_index, phase, layer) is null");
                } else if (k < 0) {
                    reject("experts", "an expert id in the list is null");
                } else if (g < 0) {
                    reject("gate_weights", "a gate weight is null");
                } else {
                    decide(requestId, tokenIndex, phaseName, layerId, k, g);
                }
            }
        }

        private void decide(long requestId, int tokenIndex, Binary phaseName, int layer, int k, int g) {
            Phase phase;
            if (PREFILL.equals(phaseName)) {
                phase = Phase.PREFILL;
            } else if (DECODE.equals(phaseName)) {
                phase = Phase.DECODE;
            } else {
                // Off the fast path: other spellings are parsed as JSONL's phase field is.
                try {
                    phase = Phase.parse(phaseName.toStringUsingUTF8());
                } catch (IllegalArgumentException e) {
                    reject("phase", e.getMessage());
                    return;
                }
            }
            visitor.decision(row, requestId, tokenIndex, phase, layer, experts, k, gates, g);
        }

        private static boolean isNull(ColumnReader reader) {
            return reader.getCurrentDefinitionLevel() < reader.getDescriptor().getMaxDefinitionLevel();
        }

        /** Reads one row's list into {@code experts}: the count, or -1 for a null element. */
        private int readExperts(ListColumn column) {
            int k = 0;
            int entries = 0;
            do {
                entries++;
                if (column.hasValue()) {
                    if (k == experts.length) {
                        experts = Arrays.copyOf(experts, 2 * k);
                    }
                    experts[k++] = column.reader.getInteger();
                }
            } while (column.consumeAndContinueRow());
            // A lone entry without a value is a null or empty list; otherwise it is a null element.
            boolean nullElement = entries > 1 && entries != k;
            return nullElement ? -1 : k;
        }

        /** Reads one row's gate weights: the count (0 when null or empty), or -1 for a null weight. */
        private int readGates(ListColumn column) {
            int g = 0;
            int entries = 0;
            do {
                entries++;
                if (column.hasValue()) {
                    if (g == gates.length) {
                        gates = Arrays.copyOf(gates, 2 * g);
                    }
                    gates[g++] = column.reader.getFloat();
                }
            } while (column.consumeAndContinueRow());
            // A lone entry without a value is a null or empty list; otherwise it is a null element.
            boolean nullElement = entries > 1 && entries != g;
            return nullElement ? -1 : g;
        }

        private void reject(String field, String reason) {
            visitor.reject(new Reject(fileName, row, field, reason));
        }
    }

    /**
     * A repeated leaf column read row by row. Values are counted because a reader's repetition
     * level is stale once the column chunk is fully consumed.
     */
    private static final class ListColumn {
        final ColumnReader reader;
        private final int maxDefinition;
        private final long total;
        private long consumed;

        ListColumn(ColumnReader reader) {
            this.reader = reader;
            this.maxDefinition = reader.getDescriptor().getMaxDefinitionLevel();
            this.total = reader.getTotalValueCount();
        }

        boolean hasValue() {
            return reader.getCurrentDefinitionLevel() == maxDefinition;
        }

        /** Consumes the current entry; true when the next entry continues the same row's list. */
        boolean consumeAndContinueRow() {
            reader.consume();
            consumed++;
            return consumed < total && reader.getCurrentRepetitionLevel() > 0;
        }
    }
}
