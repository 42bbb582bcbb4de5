package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Request;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;

/**
 * Reads the Azure LLM inference trace 2023 ({@code AzureLLMInferenceTrace_{code,conv}.csv}).
 *
 * <p>Header {@code TIMESTAMP,ContextTokens,GeneratedTokens}, then one row per request:
 * <ul>
 *   <li>{@code TIMESTAMP}: wall clock {@code yyyy-MM-dd HH:mm:ss[.f]}, up to 9 fractional digits
 *       (the traces have 7, 100 ns). The trace names no zone; it is read as UTC.
 *       {@link Request#arrivalMicros()} is microseconds since the epoch, sub-microsecond digits
 *       truncated.
 *   <li>{@code ContextTokens}, {@code GeneratedTokens}: input and output tokens.
 * </ul>
 * Request ids are 0-based data-row indices (line number - 2), so a rejected row leaves a gap
 * rather than renumbering the rows after it. Reject rows are 1-based file line numbers.
 *
 * <p>A file whose first line is not the Azure header fails with {@link TraceFormatException}.
 */
final class AzureCsvRequestReader implements RequestTraceReader {

    static final List<String> HEADER = List.of("TIMESTAMP", "ContextTokens", "GeneratedTokens");

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    @Override
    public RequestReadResult read(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, RequestFormat.AZURE_CSV.expected());
        RequestCollector out = new RequestCollector(file.name());
        try (TextLines lines = TextLines.open(file)) {
            String header = lines.next();
            header = header == null ? "" : header;
            if (!HEADER.equals(CsvLine.header(header))) {
                throw new TraceFormatException(file.name(), "header " + Fields.quote(header)
                        + " is not " + String.join(",", HEADER) + "; expected "
                        + RequestFormat.AZURE_CSV.expected());
            }
            lines.forEachDataLine(out::rejectBlankLine, (line, text) -> {
                try {
                    out.accept(parse(line, text));
                } catch (BadField bad) {
                    out.reject(line, bad);
                }
            });
        }
        return out.result();
    }

    private static Request parse(long line, String text) throws BadField {
        List<String> fields = CsvLine.split(text);
        if (fields.size() != HEADER.size()) {
            throw new BadField("", "expected " + HEADER.size() + " columns, found "
                    + fields.size() + " in " + Fields.quote(text));
        }
        long arrivalMicros = arrivalMicros(fields.get(0));
        int input = Fields.tokens(HEADER.get(1), fields.get(1));
        int output = Fields.tokens(HEADER.get(2), fields.get(2));
        return new Request(line - 2, arrivalMicros, input, output);
    }

    /** Microseconds since the epoch of a UTC wall-clock timestamp, truncated. */
    static long arrivalMicros(String text) throws BadField {
        String value = Fields.present(HEADER.get(0), text);
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(value, TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw new BadField(HEADER.get(0), "timestamp " + Fields.quote(value)
                    + " is not yyyy-MM-dd HH:mm:ss[.fffffff]");
        }
        long seconds = time.toEpochSecond(ZoneOffset.UTC);
        if (seconds < 0) {
            throw new BadField(HEADER.get(0), "timestamp " + value + " is before 1970");
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), time.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new BadField(HEADER.get(0), "timestamp " + value + " is too far in the future");
        }
    }
}
