package io.moereplay.connectors.catalog;

import io.moereplay.connectors.io.json.JsonDocument;
import io.moereplay.connectors.io.json.LocatedJson;
import io.moereplay.model.text.ClosestName;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Named entries read from JSON: built-in files on the classpath plus a user's file, whose entries
 * add to the built-in ones or replace those of the same name.
 *
 * @param <T> the entry type
 */
final class JsonCatalog<T> {

    /** Parses one catalog object, which knows its file, path and line for messages. */
    @FunctionalInterface
    interface EntryParser<T> {
        Entry<T> parse(LocatedJson object);
    }

    /** An entry and where its figures came from. */
    record Entry<T>(T value, String source) {}

    private final String kind;
    private final Map<String, Entry<T>> entries;

    private JsonCatalog(String kind, Map<String, Entry<T>> entries) {
        this.kind = kind;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * @param kind what the entries are, for messages ({@code model})
     * @param resourceDir classpath folder of the built-in files
     * @param files built-in file names, in catalog order (classpath folders cannot be listed in a jar)
     * @param list the wrapping list field a user file may use ({@code models})
     */
    static <T> JsonCatalog<T> builtIn(String kind, String resourceDir, List<String> files, String list,
            EntryParser<T> parser, Function<T, String> nameOf) {
        Map<String, Entry<T>> entries = new LinkedHashMap<>();
        for (String file : files) {
            String resource = resourceDir + file;
            try (InputStream in = JsonCatalog.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new CatalogException(resource, "built-in " + kind + " file not on the classpath");
                }
                addAll(kind, entries, JsonDocument.parse(resource, new String(in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8)), list, parser, nameOf, false);
            } catch (IOException e) {
                throw new CatalogException(resource, "cannot read: " + e.getMessage(), e);
            }
        }
        return new JsonCatalog<>(kind, entries);
    }

    /** This catalog plus the entries of {@code userFile}; two of the same name in it are an error. */
    JsonCatalog<T> with(Path userFile, String list, EntryParser<T> parser, Function<T, String> nameOf) {
        Map<String, Entry<T>> merged = new LinkedHashMap<>(entries);
        addAll(kind, merged, JsonDocument.read(userFile), list, parser, nameOf, true);
        return new JsonCatalog<>(kind, merged);
    }

    /** This catalog plus one entry, replacing any of the same name. */
    JsonCatalog<T> plus(String name, Entry<T> entry) {
        Map<String, Entry<T>> merged = new LinkedHashMap<>(entries);
        merged.put(name, entry);
        return new JsonCatalog<>(kind, merged);
    }

    Optional<Entry<T>> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * @throws IllegalArgumentException naming the closest entry and where the list is when there is
     *     none of that name
     */
    T get(String name) {
        return find(name).map(Entry::value).orElseThrow(() -> new IllegalArgumentException(
                "no " + kind + " \"" + name + "\" in the catalog" + ClosestName.hint(name, entries.keySet())
                        + (kind.equals("model") ? " (`moe-replay models` lists all " + entries.size() + ")"
                                : " (known: " + String.join(", ", entries.keySet()) + ")")));
    }

    Set<String> names() {
        return entries.keySet();
    }

    List<Entry<T>> entries() {
        return List.copyOf(entries.values());
    }

    private static <T> void addAll(String kind, Map<String, Entry<T>> into, JsonDocument document, String list,
            EntryParser<T> parser, Function<T, String> nameOf, boolean override) {
        Set<String> seen = new HashSet<>();
        for (LocatedJson object : CatalogFields.objects(document, list)) {
            Entry<T> entry = parser.parse(object);
            String name = nameOf.apply(entry.value());
            if (!seen.add(name)) {
                throw object.problem(kind + " \"" + name + "\" appears twice in the file; keep one");
            }
            if (!override && into.containsKey(name)) {
                throw object.problem(kind + " \"" + name + "\" is already defined");
            }
            into.put(name, entry);
        }
    }
}
