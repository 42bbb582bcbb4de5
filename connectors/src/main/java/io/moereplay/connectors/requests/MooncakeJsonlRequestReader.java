package io.moereplay.connectors.requests;

import io.moereplay.connectors.io.JsonSyntax;
import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFiles;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.RejectText;
import io.moereplay.model.trace.Request;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Mooncake FAST'25 trace: one JSON object per line with
 * <ul>
 *   <li>{@code timestamp}: arrival in milliseconds since the trace start (an integer in the
 *       released traces; a fraction is rounded half up to whole microseconds);
 *       {@link Request#arrivalMicros()} = timestamp * 1000;
 *   <li>{@code input_length}, {@code output_length}: input and output tokens;
 *   <li>{@code hash_ids}: optional list of integer prefix-block hashes (512 tokens per block).
 * </ul>
 * Other keys are ignored. Request ids are 0-based line indices (line number - 1). Reject rows
 * are 1-based line numbers; see {@link TextLines} for blank lines.
 *
 * <p>A file whose first line is not even a JSON object is taken to be in another format and
 * fails with {@link TraceFormatException}, rather than yielding one reject per line.
 */
final class MooncakeJsonlRequestReader implements RequestTraceReader {

    // Costly to build and thread-safe once configured, so one serves every reader. Trailing
    // tokens fail so that two records glued onto one line are rejected, not half read.
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public RequestReadResult read(TraceFile file) throws IOException {
        String expected = RequestFormat.MOONCAKE_JSONL.expected();
        TraceFiles.requireNonEmpty(file, expected);
        RequestCollector out = new RequestCollector(file.name());
        boolean[] first = {true};
        try (TextLines lines = TextLines.open(file)) {
            lines.forEachDataLine(out::rejectBlankLine, (line, text) -> {
                boolean isFirst = first[0];
                first[0] = false;
                if (isFirst && !text.stripLeading().startsWith("{")) {
                    throw new TraceFormatException(file.name(), "first line "
                            + Fields.quote(text) + " is not a JSON object; expected " + expected);
                }
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
        JsonNode row;
        try {
            row = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new BadField("", "malformed JSON at " + JsonSyntax.atColumn(e) + " in " + Fields.quote(text));
        }
        if (row == null || !row.isObject()) {
            throw new BadField("", "line is not a JSON object: " + Fields.quote(text));
        }
        long arrivalMicros = millisToMicros(required(row, "timestamp"));
        int input = tokens(required(row, "input_length"), "input_length");
        int output = tokens(required(row, "output_length"), "output_length");
        return new Request(line - 1, arrivalMicros, input, output, hashes(row.get("hash_ids")));
    }

    private static JsonNode required(JsonNode row, String field) throws BadField {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            throw new BadField(field, "value is missing");
        }
        return value;
    }

    private static long millisToMicros(JsonNode value) throws BadField {
        if (!value.isNumber()) {
            throw new BadField("timestamp", value + " is not a number of milliseconds");
        }
        BigDecimal millis = value.decimalValue();
        if (millis.signum() < 0) {
            throw new BadField("timestamp", "timestamp " + value + " ms is negative");
        }
        try {
            return millis.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new BadField("timestamp", "timestamp " + value + " ms is too large");
        }
    }

    private static int tokens(JsonNode value, String field) throws BadField {
        if (!value.isIntegralNumber()) {
            throw new BadField(field, RejectText.value(value) + " is not an integer");
        }
        if (value.bigIntegerValue().signum() < 0) {
            throw new BadField(field, value + " is negative");
        }
        if (!value.canConvertToInt()) {
            throw new BadField(field, "token count " + value + " exceeds " + Integer.MAX_VALUE);
        }
        return value.intValue();
    }

    private static List<Long> hashes(JsonNode value) throws BadField {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new BadField("hash_ids", RejectText.value(value) + " is not a list of integers");
        }
        List<Long> hashes = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode hash = value.get(i);
            if (!hash.isIntegralNumber() || !hash.canConvertToLong()) {
                throw new BadField("hash_ids[" + i + "]", hash + " is not a 64-bit integer");
            }
            hashes.add(hash.longValue());
        }
        return hashes;
    }
}
