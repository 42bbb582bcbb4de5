package io.moereplay.connectors.io.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.text.ClosestName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON object that {@link LocatedJson#conform conforms} to its {@link JsonKeys}: every key is
 * known and every value of its type, so the getters only convert. A getter with a default returns
 * it when the key is absent or {@code null}.
 */
public final class StrictObject {

    private final LocatedJson json;
    private final JsonKeys keys;

    StrictObject(LocatedJson json, JsonKeys keys) {
        this.json = json;
        this.keys = keys;
    }

    /** The object itself, for problems that concern it as a whole. */
    public LocatedJson json() {
        return json;
    }

    public JsonNode node() {
        return json.node();
    }

    public boolean has(String key) {
        return value(key).isPresent();
    }

    /** The value of {@code key}, when present and not null: for a problem with it, or a nested object. */
    public Optional<LocatedJson> value(String key) {
        if (keys.key(key) == null) {
            throw new IllegalStateException("\"" + key + "\" is not one of the keys listed: " + keys.names());
        }
        JsonNode value = json.node().get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(json.child(key));
    }

    /** The value of a key that must be there. */
    public LocatedJson at(String key) {
        return value(key).orElseThrow(() -> json.missing(keys.key(key)));
    }

    public String text(String key) {
        return at(key).node().asText();
    }

    public String text(String key, String absent) {
        return value(key).map(v -> v.node().asText()).orElse(absent);
    }

    public int integer(String key) {
        return at(key).node().intValue();
    }

    public int integer(String key, int absent) {
        return value(key).map(v -> v.node().intValue()).orElse(absent);
    }

    public double number(String key) {
        return at(key).node().doubleValue();
    }

    public double number(String key, double absent) {
        return value(key).map(v -> v.node().doubleValue()).orElse(absent);
    }

    public boolean bool(String key) {
        return at(key).node().booleanValue();
    }

    public List<String> texts(String key, List<String> absent) {
        return value(key).map(v -> {
            List<String> out = new ArrayList<>();
            v.node().forEach(element -> out.add(element.asText()));
            return out;
        }).orElse(absent);
    }

    public List<Integer> integers(String key, List<Integer> absent) {
        return value(key).map(v -> {
            List<Integer> out = new ArrayList<>();
            v.node().forEach(element -> out.add(element.intValue()));
            return out;
        }).orElse(absent);
    }

    /**
     * {@code key}'s strings, each one of {@code allowed} (in any case), or {@code absent}.
     *
     * @throws JsonInputException at the first other value, with the closest allowed one
     */
    public List<String> choices(String key, List<String> allowed, List<String> absent) {
        for (LocatedJson element : value(key).map(LocatedJson::elements).orElse(List.of())) {
            String value = element.node().asText();
            if (allowed.stream().noneMatch(value::equalsIgnoreCase)) {
                throw element.problem(element.path() + " is \"" + value + "\", not one of " + String.join(", ", allowed)
                        + ClosestName.of(value, allowed).map(a -> "; did you mean \"" + a + "\"?").orElse(""));
            }
        }
        return texts(key, absent);
    }
}
