package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Request;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Vidur trace CSV (the input of Vidur's trace request generators).
 *
 * <p>The header must name {@code arrived_at} (arrival in seconds since the trace start, decimal),
 * {@code num_prefill_tokens} and {@code num_decode_tokens}, in any order; other columns (such as
 * pandas' unnamed index) are ignored. {@link Request#arrivalMicros()} = round(arrived_at * 1e6),
 * computed in decimal and rounded half up.
 *
 * <p>Ids: a {@code request_id} column, else an {@code id} column, gives each request's id, and a
 * repeated id rejects the later row; without either, the id is the 0-based data-row index (line
 * number - 2). Reject rows are 1-based file line numbers.
 */
final class VidurCsvRequestReader implements RequestTraceReader {

    static final List<String> REQUIRED =
            List.of("arrived_at", "num_prefill_tokens", "num_decode_tokens");
    private static final List<String> ID_COLUMNS = List.of("request_id", "id");

    @Override
    public RequestReadResult read(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, RequestFormat.VIDUR_CSV.expected());
        RequestCollector out = new RequestCollector(file.name());
        try (TextLines lines = TextLines.open(file)) {
            String header = lines.next();
            Layout layout = Layout.of(file, header == null ? "" : header);
            lines.forEachDataLine(out::rejectBlankLine, (line, text) -> {
                try {
                    out.accept(parse(layout, out, line, text));
                } catch (BadField bad) {
                    out.reject(line, bad);
                }
            });
        }
        return out.result();
    }

    private static Request parse(Layout layout, RequestCollector out, long line, String text)
            throws BadField {
        List<String> fields = CsvLine.split(text);
        if (fields.size() != layout.columns) {
            throw new BadField("", "expected " + layout.columns + " columns, found "
                    + fields.size() + " in " + Fields.quote(text));
        }
        long arrivalMicros = Fields.secondsToMicros(REQUIRED.get(0), fields.get(layout.arrival));
        int input = Fields.tokens(REQUIRED.get(1), fields.get(layout.prefill));
        int output = Fields.tokens(REQUIRED.get(2), fields.get(layout.decode));
        long id = line - 2;
        if (layout.id >= 0) {
            id = Fields.nonNegativeLong(layout.idName, fields.get(layout.id));
            // Claimed last, so that a row rejected for another field does not hold its id.
            out.claimId(layout.idName, id, line);
        }
        return new Request(id, arrivalMicros, input, output);
    }

    /** Where each used column sits in a row; {@code id} is -1 when the file has no id column. */
    private record Layout(
            int columns, int arrival, int prefill, int decode, int id, String idName) {

        static Layout of(TraceFile file, String header) {
            List<String> names = CsvLine.header(header);
            List<String> missing = new ArrayList<>();
            for (String column : REQUIRED) {
                if (!names.contains(column)) {
                    missing.add(column);
                } else if (names.indexOf(column) != names.lastIndexOf(column)) {
                    throw new TraceFormatException(file.name(), "header names " + column
                            + " twice; expected " + RequestFormat.VIDUR_CSV.expected());
                }
            }
            if (!missing.isEmpty()) {
                throw new TraceFormatException(file.name(), "header " + Fields.quote(header)
                        + " lacks " + String.join(", ", missing) + "; expected "
                        + RequestFormat.VIDUR_CSV.expected());
            }
            String idName = ID_COLUMNS.stream().filter(names::contains).findFirst().orElse("");
            return new Layout(names.size(), names.indexOf(REQUIRED.get(0)),
                    names.indexOf(REQUIRED.get(1)), names.indexOf(REQUIRED.get(2)),
                    idName.isEmpty() ? -1 : names.indexOf(idName), idName);
        }
    }
}
