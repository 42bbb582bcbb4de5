package io.moereplay.connectors.io.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys a JSON object may hold, each with its type and whether it must be there: the one list a
 * reader of a user's file keeps, so that adding a key is one line beside the code that reads it.
 * Any other key is refused, so a misspelt key is never silently ignored.
 */
public final class JsonKeys {

    /** One key: its name, its type, and whether the object must have it. */
    public record Key(String name, JsonType type, boolean required) {}

    private final Map<String, Key> keys;

    private JsonKeys(Map<String, Key> keys) {
        this.keys = keys;
    }

    public static JsonKeys of(Key... keys) {
        Map<String, Key> byName = new LinkedHashMap<>();
        for (Key key : keys) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalArgumentException("key \"" + key.name() + "\" listed twice");
            }
        }
        return new JsonKeys(byName);
    }

    public static Key required(String name, JsonType type) {
        return new Key(name, type, true);
    }

    public static Key optional(String name, JsonType type) {
        return new Key(name, type, false);
    }

    /** These keys and {@code more}'s, e.g. a file's keys plus those a block embedding it adds. */
    public JsonKeys plus(JsonKeys more) {
        List<Key> all = new ArrayList<>(keys.values());
        all.addAll(more.keys.values());
        return of(all.toArray(Key[]::new));
    }

    /** The key names, in the order listed. */
    public Set<String> names() {
        return keys.keySet();
    }

    /** The key called {@code name}, or null when it is not one of these. */
    Key key(String name) {
        return keys.get(name);
    }

    List<Key> all() {
        return List.copyOf(keys.values());
    }
}
