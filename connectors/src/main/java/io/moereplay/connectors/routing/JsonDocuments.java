package io.moereplay.connectors.routing;

import io.moereplay.connectors.io.JsonSyntax;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Streaming access to a single JSON document: the small top-level fields are parsed as trees,
 * the one big field is handed to a callback as a stream, so a multi-gigabyte capture is never
 * held in memory.
 */
final class JsonDocuments {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private JsonDocuments() {}

    /** Reads the value of the big field from the parser, positioned on its first token. */
    @FunctionalInterface
    interface StreamedField {
        void read(JsonParser parser) throws IOException;
    }

    /**
     * Walks the top-level object: every field except {@code streamed} is returned as a tree;
     * {@code streamed}'s value goes to {@code reader} (or is skipped when reader is null).
     *
     * @throws TraceFormatException naming the file and position when it is not a JSON object
     */
    static Map<String, JsonNode> walk(
            TraceFile file, String expected, String streamed, StreamedField reader)
            throws IOException {
        TraceFiles.requireNonEmpty(file, expected);
        Map<String, JsonNode> fields = new HashMap<>();
        try (InputStream in = file.open(); JsonParser parser = FACTORY.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TraceFormatException(file.name(), "not a JSON object; expected " + expected);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(streamed)) {
                    if (reader == null) {
                        parser.skipChildren();
                    } else {
                        reader.read(parser);
                    }
                } else {
                    fields.put(name, JSON.readTree(parser));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TraceFormatException(file.name(), "malformed JSON at " + JsonSyntax.at(e) + "; expected "
                    + expected, e);
        }
        return fields;
    }

    /** A required positive integer field of the top-level object. */
    static int positiveInt(TraceFile file, Map<String, JsonNode> fields, String name, String expected) {
        JsonNode value = fields.get(name);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() <= 0) {
            throw new TraceFormatException(file.name(), "field \"" + name + "\" is "
                    + (value == null ? "missing" : value.toString())
                    + ", not a positive integer; expected " + expected);
        }
        return value.intValue();
    }
}
