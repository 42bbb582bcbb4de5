package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.JsonSyntax;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RejectText;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The line handling the engines' JSONL formats share: one JSON object per line, an interior blank
 * line or a line that is not a JSON object is one rejected row, and a first line that is not JSON
 * means the file is not in the format at all.
 */
final class JsonlRecords {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Turns one record into rows; returns how many rows it read, each of which reached the visitor. */
    @FunctionalInterface
    interface RecordReader {
        long read(long line, JsonNode record) throws IOException;
    }

    private JsonlRecords() {}

    /** A required integer field in [0, max]. */
    static long boundedLong(JsonNode record, String field, long max) throws BadRecord {
        JsonNode value = record.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.longValue() < 0 || value.longValue() > max) {
            throw new BadRecord(field, field + " " + (value == null ? "is missing" : RejectText.value(value) + " is not an integer in [0, "
                    + max + "]"));
        }
        return value.longValue();
    }

    /** A required non-negative int field. */
    static int nonNegativeInt(JsonNode record, String field) throws BadRecord {
        return (int) boundedLong(record, field, Integer.MAX_VALUE);
    }

    /**
     * Reads every line of the file.
     *
     * @return rows read: the records' rows plus one per blank or malformed line
     */
    static long read(TraceFile file, RoutingFormat format, RoutingVisitor visitor, RecordReader reader)
            throws IOException {
        TraceFiles.requireNonEmpty(file, format.expected());
        long[] rows = {0};
        long[] lines = {0};
        try (TextLines text = TextLines.open(file)) {
            text.forEachDataLine((line, blank) -> {
                rows[0]++;
                visitor.reject(new Reject(file.name(), line, "", "blank line"));
            }, (line, content) -> {
                lines[0]++;
                JsonNode record = parse(file, format, line, lines[0], content, visitor);
                try {
                    rows[0] += record == null ? 1 : reader.read(line, record);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (lines[0] == 0) {
            throw new TraceFormatException(file.name(), "no data lines; expected " + format.expected());
        }
        return rows[0];
    }

    /** The line's JSON object, or null after rejecting it. */
    private static JsonNode parse(TraceFile file, RoutingFormat format, long line, long dataLine, String content,
            RoutingVisitor visitor) {
        try {
            JsonNode record = JSON.readTree(content);
            if (record != null && record.isObject()) {
                return record;
            }
            if (dataLine == 1) {
                throw new TraceFormatException(file.name(), "line " + line + " is not a JSON object; expected "
                        + format.expected());
            }
            visitor.reject(new Reject(file.name(), line, "", "line is not a JSON object"));
        } catch (JsonProcessingException e) {
            if (dataLine == 1) {
                throw new TraceFormatException(file.name(), "line " + line + " is not JSON at " + JsonSyntax.atColumn(e)
                        + "; expected " + format.expected(), e);
            }
            visitor.reject(new Reject(file.name(), line, "", "malformed JSON at " + JsonSyntax.atColumn(e)));
        }
        return null;
    }
}
