package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Request;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.util.List;

/**
 * Reads the canonical request table ({@link RequestTable#SCHEMA}) with parquet's example
 * {@link Group} API, so files from other writers (pandas, DuckDB, Spark) load too: integer
 * columns may be INT32 or INT64 and optional, {@code prefix_block_hashes} may be absent, and
 * extra columns are ignored (and not even decoded).
 *
 * <p>Per row, a null value, a negative number, a token count beyond {@code int}, or a request id
 * an earlier row already has is rejected; reject rows are 1-based row numbers in file order.
 *
 * <p>A file that is not Parquet, or lacks a required column, fails with
 * {@link TraceFormatException} naming the file and the column.
 */
final class ParquetRequestReader implements RequestTraceReader {

    @Override
    public RequestReadResult read(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, RequestFormat.PARQUET.expected());
        RequestCollector out = new RequestCollector(file.name());
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            RequestColumns columns = RequestColumns.of(file, schema);
            MessageType projection = columns.projection();
            reader.setRequestedSchema(projection);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, schema);
            long row = 0;
            for (PageReadStore pages = reader.readNextRowGroup(); pages != null;
                    pages = reader.readNextRowGroup()) {
                RecordReader<Group> records =
                        io.getRecordReader(pages, new GroupRecordConverter(projection));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    row++;
                    try {
                        out.accept(parse(columns, out, row, records.read()));
                    } catch (BadField bad) {
                        out.reject(row, bad);
                    }
                }
            }
        }
        return out.result();
    }

    private static Request parse(RequestColumns columns, RequestCollector out, long row, Group g)
            throws BadField {
        long id = columns.nonNegative(g, RequestTable.REQUEST_ID);
        long arrivalMicros = columns.nonNegative(g, RequestTable.ARRIVAL_US);
        int input = columns.tokens(g, RequestTable.INPUT_TOKENS);
        int output = columns.tokens(g, RequestTable.OUTPUT_TOKENS);
        List<Long> hashes = columns.hashes(g);
        // Claimed last, so that a row rejected for another field does not hold its id.
        out.claimId(RequestTable.REQUEST_ID, id, row);
        return new Request(id, arrivalMicros, input, output, hashes);
    }

    private static ParquetFileReader open(TraceFile file) throws IOException {
        return ParquetFiles.open(file, RequestFormat.PARQUET.expected());
    }
}
