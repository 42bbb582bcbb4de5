package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Request;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
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

    /**
     * Whether {@code value} is {@code yyyy-MM-dd HH:mm:ss} with 0-9 fraction digits, digit for digit,
     * as every Azure trace writes it: read by position, a sixth of the formatter's cost, which was
     * most of reading a million-request trace. Anything else goes to the formatter.
     */
    private static boolean isPlainTimestamp(String value) {
        int length = value.length();
        if (length != 19 && (length < 21 || length > 29 || value.charAt(19) != '.')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean separator = i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19;
            char expected = i == 4 || i == 7 ? '-' : i == 10 ? ' ' : i == 13 || i == 16 ? ':' : '.';
            if (separator ? c != expected : c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A plain timestamp's fields, range-checked as strictly as the formatter checks them. */
    private static LocalDateTime plainTimestamp(String value) {
        int nanos = 0;
        for (int i = 20; i < 29; i++) {
            nanos = nanos * 10 + (i < value.length() ? value.charAt(i) - '0' : 0);
        }
        return LocalDateTime.of(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10), digits(value, 11, 13),
                digits(value, 14, 16), digits(value, 17, 19), nanos);
    }

    private static int digits(String value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + value.charAt(i) - '0';
        }
        return n;
    }

    /** Microseconds since the epoch of a UTC wall-clock timestamp, truncated. */
    static long arrivalMicros(String text) throws BadField {
        String value = Fields.present(HEADER.get(0), text);
        LocalDateTime time;
        try {
            time = isPlainTimestamp(value) ? plainTimestamp(value) : LocalDateTime.parse(value, TIMESTAMP);
        } catch (DateTimeException e) {
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
