package io.moereplay.connectors.catalog;

import io.moereplay.connectors.io.json.JsonDocument;
import io.moereplay.connectors.io.json.JsonKeys;
import io.moereplay.connectors.io.json.JsonType;
import io.moereplay.connectors.io.json.LocatedJson;

import java.util.List;

/**
 * The entries of a catalog file: one object, a JSON array of them, or {@code {"<list>": [...]}}.
 * Each entry's parser then checks it against its keys ({@link LocatedJson#conform}), so a misspelt
 * or mistyped field fails naming the file, the line, the path ({@code $.models[2].topK}) and the fix.
 */
final class CatalogFields {

    private CatalogFields() {}

    /** @param list the name of the wrapping list key, e.g. {@code models} */
    static List<LocatedJson> objects(JsonDocument document, String list) {
        LocatedJson root = document.root();
        if (root.node().isArray()) {
            if (root.node().isEmpty()) {
                throw root.problem("$ is an empty list; expected at least one entry {...}");
            }
            return root.elements();
        }
        // One key holding a list is the wrapped form; checked as such, a misspelt wrapper gets its fix.
        if (root.node().isObject() && root.node().size() == 1 && root.node().elements().next().isArray()) {
            return root.conform(JsonKeys.of(JsonKeys.required(list, JsonType.OBJECTS))).at(list).elements();
        }
        return List.of(root);
    }
}
