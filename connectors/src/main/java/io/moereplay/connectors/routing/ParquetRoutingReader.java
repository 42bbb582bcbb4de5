package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.DirectByteBufferAllocator;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The canonical routing Parquet ({@link RoutingTable#SCHEMA}), read column by column rather than
 * record by record: pages are decoded whole into arrays ({@link PageColumn}), a batch of rows of
 * each column at a time, and no object is made per row. That is what makes hundreds of millions
 * of decisions per run affordable.
 *
 * <p>Files from other writers work too: columns may be optional (DuckDB, pandas), and a null in a
 * required field rejects its row. The 1-based row number counts rows across row groups.
 */
final class ParquetRoutingReader implements RoutingTraceReader {

    /** The direct codecs' initial buffer size; buffers grow to the largest page. */
    private static final int PAGE_BYTES = 1 << 20;

    /** The phase spellings of the fast path; their index is the phase column's code. */
    private static final Binary[] PHASES = {Binary.fromString("prefill"), Binary.fromString("decode")};

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        String expected = RoutingFormat.PARQUET.expected();
        TraceFiles.requireNonEmpty(file, expected);
        CodecFactory codecs = CodecFactory.createDirectCodecFactory(
                new Configuration(false), DirectByteBufferAllocator.getInstance(), PAGE_BYTES);
        // Direct codecs decompress Snappy between native buffers reused from page to page, where
        // Hadoop's stream codecs allocate per page; each page is decoded whole before the next.
        ParquetReadOptions options = ParquetReadOptions.builder().withCodecFactory(codecs).build();
        try (ParquetFileReader reader = ParquetFiles.open(file, expected, options)) {
            FileMetaData meta = reader.getFooter().getFileMetaData();
            RoutingColumns columns = RoutingColumns.of(file.name(), meta.getSchema());
            reader.setRequestedSchema(columns.projection());
            RowDecoder decoder = new RowDecoder(file.name(), visitor);
            String writer = meta.getCreatedBy();
            PageReadStore pages;
            for (int group = 0; (pages = reader.readNextRowGroup()) != null; group++) {
                BlockMetaData block = reader.getRowGroups().get(group);
                decoder.readRowGroup(pages, columns, pages.getRowCount(),
                        facts(writer, block, columns.experts(), false),
                        columns.gateWeights() == null ? ChunkFacts.NONE
                                : facts(writer, block, columns.gateWeights(), !visitor.needsGateWeights()));
            }
            return decoder.row;
        } finally {
            codecs.release();
        }
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        String expected = RoutingFormat.PARQUET.expected();
        TraceFiles.requireNonEmpty(file, expected);
        // Columns and their types are checked here, as the inputs are resolved, so that a file of
        // the wrong schema fails before the job starts rather than inside it.
        try (ParquetFileReader reader = ParquetFiles.open(file, expected)) {
            RoutingColumns.of(file.name(), reader.getFooter().getFileMetaData().getSchema());
        }
        return RoutingTable.declaredShape(file, expected);
    }

    private static ChunkFacts facts(String writer, BlockMetaData block, ColumnDescriptor column, boolean skipValid) {
        ColumnPath path = ColumnPath.get(column.getPath());
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (chunk.getPath().equals(path)) {
                return ChunkFacts.of(writer, chunk, skipValid);
            }
        }
        return ChunkFacts.NONE;
    }

    /** Decodes rows off the columns of one row group after another, a batch of rows at a time. */
    private static final class RowDecoder {
        private static final int BATCH_ROWS = 4096;

        private final String fileName;
        private final RoutingVisitor visitor;
        private int[] experts = new int[16];
        private float[] gates = new float[16];
        private boolean gatesSkipped;
        long row;

        RowDecoder(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
        }

        void readRowGroup(PageReadStore pages, RoutingColumns columns, long rows, ChunkFacts expertFacts,
                ChunkFacts gateFacts) throws IOException {
            PageColumn request = new PageColumn(columns.requestId(), pages, null, ChunkFacts.NONE);
            PageColumn token = new PageColumn(columns.tokenIndex(), pages, null, ChunkFacts.NONE);
            PageColumn phase = new PageColumn(columns.phase(), pages, PHASES, ChunkFacts.NONE);
            PageColumn layer = new PageColumn(columns.layer(), pages, null, ChunkFacts.NONE);
            PageColumn expertValues = new PageColumn(columns.experts(), pages, null, expertFacts);
            ColumnDescriptor gateColumn = columns.gateWeights();
            PageColumn gateValues = gateColumn == null ? null : new PageColumn(gateColumn, pages, null, gateFacts);
            gatesSkipped = gateFacts.skipValues();
            if (gatesSkipped) {
                Arrays.fill(gates, 0f); // the skipped weights, all valid, read as 0
            }
            for (long done = 0; done < rows; ) {
                int n = (int) Math.min(BATCH_ROWS, rows - done);
                request.nextScalars(n);
                token.nextScalars(n);
                phase.nextScalars(n);
                layer.nextScalars(n);
                expertValues.nextLists(n);
                if (gateValues != null) {
                    gateValues.nextLists(n);
                }
                readBatch(n, request, token, phase, layer, expertValues, gateValues);
                done += n;
            }
        }

        /** Hands one batch of decoded rows to the visitor, row by row. */
        private void readBatch(int n, PageColumn request, PageColumn token, PageColumn phase,
                PageColumn layer, PageColumn expertValues, PageColumn gateValues) {
            long[] requestIds = request.rowLongs();
            int[] tokenIndexes = token.rowInts();
            int[] phaseCodes = phase.rowInts();
            Binary[] phaseNames = phase.rowBinaries();
            int[] layerIds = layer.rowInts();
            boolean[] requestNull = request.rowNull();
            boolean[] tokenNull = token.rowNull();
            boolean[] phaseNull = phase.rowNull();
            boolean[] layerNull = layer.rowNull();
            int[] expertCounts = expertValues.listCounts();
            int[] expertOffsets = expertValues.listOffsets();
            int[] expertIds = expertValues.listValues();
            for (int r = 0; r < n; r++) {
                row++;
                boolean nulls = requestNull[r] || tokenNull[r] || phaseNull[r] || layerNull[r];
                int k = expertCounts[r];
                if (k > 0) {
                    if (k > experts.length) {
                        experts = new int[k];
                    }
                    System.arraycopy(expertIds, expertOffsets[r], experts, 0, k);
                }
                int g = gateValues == null ? 0 : gateValues.listCounts()[r];
                if (g > gates.length) {
                    gates = new float[g];
                }
                if (g > 0 && !gatesSkipped) {
                    int[] bits = gateValues.listValues();
                    int from = gateValues.listOffsets()[r];
                    for (int i = 0; i < g; i++) {
                        gates[i] = Float.intBitsToFloat(bits[from + i]);
                    }
                }
                if (nulls) {
                    reject("", "a required field (request_id, token_index, phase, layer) is null");
                } else if (k < 0) {
                    reject("experts", "an expert id in the list is null");
                } else if (g < 0) {
                    reject("gate_weights", "a gate weight is null");
                } else {
                    decide(requestIds[r], tokenIndexes[r], phaseCodes[r], phaseNames[r], layerIds[r], k, g);
                }
            }
        }

        private void decide(long requestId, int tokenIndex, int phaseCode, Binary phaseName, int layer,
                int k, int g) {
            Phase phase;
            if (phaseCode == 0) {
                phase = Phase.PREFILL;
            } else if (phaseCode == 1) {
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

        private void reject(String field, String reason) {
            visitor.reject(new Reject(fileName, row, field, reason));
        }
    }
}
