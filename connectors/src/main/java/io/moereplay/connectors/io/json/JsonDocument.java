package io.moereplay.connectors.io.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON file a user wrote, parsed with the line of every key and list element, so that each
 * problem found later names the line as well as the key's path. Jackson's streaming parser reads
 * the file once to record where each token starts (its parsing context names the token's JSON
 * pointer) and to turn a syntax error into a message naming the line, the column and the fix;
 * then the same text becomes a Jackson tree. The files are small hand-written configurations, so
 * reading them twice costs nothing.
 *
 * <p>Problems are {@link JsonInputException}s: a folder or a missing file, an empty file, broken
 * JSON ({@code line 1, column 59: not valid JSON: a comma before ']' ...}), a key twice in one
 * object, or more than one JSON value in the file.
 */
public final class JsonDocument {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper TREE = new ObjectMapper();

    private final String name;
    private final JsonNode root;
    private final Map<String, JsonLocation> locations;

    private JsonDocument(String name, JsonNode root, Map<String, JsonLocation> locations) {
        this.name = name;
        this.root = root;
        this.locations = locations;
    }

    /** The file, named in messages as given ({@code nightly.json}, {@code conf/nightly.json}). */
    public static JsonDocument read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new JsonInputException(name + " is a folder; expected a JSON file");
        }
        try {
            return parse(name, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new JsonInputException(name + ": no such file");
        } catch (IOException e) {
            throw new JsonInputException(name + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /** @param name what messages call the text, e.g. a classpath resource */
    public static JsonDocument parse(String name, String text) {
        Map<String, JsonLocation> locations = new HashMap<>();
        Deque<JsonSyntax.Open> open = new ArrayDeque<>();
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new JsonInputException(name + ": the file is empty; expected a JSON object {...}");
            }
            for (; token != null; token = parser.nextToken()) {
                JsonLocation at = parser.currentTokenLocation();
                if (open.isEmpty() && !locations.isEmpty()) {
                    throw new JsonInputException(JsonSyntax.where(name, at) + "more JSON after the end of the first"
                            + " value; a file holds one JSON value");
                }
                if (token.isStructEnd()) {
                    open.pop();
                    continue;
                }
                // A container's own context starts at its opening token; its place is its parent's.
                JsonStreamContext context = token.isStructStart() ? parser.getParsingContext().getParent()
                        : parser.getParsingContext();
                JsonLocation first = locations.putIfAbsent(context.pathAsPointer().toString(), at);
                if (first != null && token == JsonToken.FIELD_NAME) {
                    throw new JsonInputException(name + " line " + at.getLineNr() + ": key \"" + parser.currentName()
                            + "\" appears twice in one object (first on line " + first.getLineNr() + "); keep one");
                }
                if (token.isStructStart()) {
                    open.push(new JsonSyntax.Open(token == JsonToken.START_OBJECT ? "object" : "list", at));
                }
            }
            return new JsonDocument(name, TREE.readTree(text), locations);
        } catch (JsonProcessingException e) {
            throw new JsonInputException(JsonSyntax.message(name, text, e, open));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string in memory", e);
        }
    }

    /** The whole document, at path {@code $}. */
    public LocatedJson root() {
        return new LocatedJson(this, "$", JsonPointer.empty(), root);
    }

    String name() {
        return name;
    }

    /** The line of the key or element at {@code pointer}, else of the closest enclosing one that has one. */
    int line(JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            JsonLocation at = locations.get(p.toString());
            if (at != null) {
                return at.getLineNr();
            }
        }
        return 1;
    }
}
