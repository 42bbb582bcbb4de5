package io.moereplay.connectors.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.model.catalog.MoeModelSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named {@link MoeModelSpec}s read from JSON: the built-in ones under
 * {@code catalog/models/*.json} on the classpath, plus any a user supplies.
 *
 * <p>A model file is one JSON object with every {@link MoeModelSpec} component as a field
 * ({@code mla} may be {@code null} or left out for ordinary attention;
 * {@code crossAttentionLayers} may be left out for 0) and a non-blank {@code "source"} citing where
 * the dims came from. Unknown fields are rejected, so a misspelt field is not silently ignored. A
 * user file may also hold a JSON array of such objects, or {@code {"models": [...]}}.
 *
 * <p>Every problem is a {@link ModelCatalogException} naming the file and the field, e.g.
 * {@code my-model.json: field "topK" is -1, not a non-negative integer}.
 */
public final class ModelCatalog {

    /** Resource folder of the built-in models. */
    public static final String RESOURCE_DIR = "catalog/models/";

    /** Built-in model files, in catalog order (classpath folders cannot be listed inside a jar). */
    static final List<String> BUILT_IN_FILES = List.of(
            "mixtral-8x7b.json", "mixtral-8x22b.json", "dbrx.json", "scaled-moe.json",
            "deepseek-v2.json", "deepseek-v3.json", "qwen3-30b-a3b.json", "qwen3-235b-a22b.json",
            "switch-base-8.json", "switch-base-128.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> SPEC_FIELDS = Set.of(
            "name", "source", "layers", "moeLayers", "hiddenSize", "expertIntermediateSize",
            "denseIntermediateSize", "routedExperts", "topK", "sharedExperts", "heads", "kvHeads",
            "headDim", "mla", "vocabSize", "tiedEmbeddings", "bytesPerParam", "gatedFfn",
            "crossAttentionLayers");
    private static final Set<String> MLA_FIELDS = Set.of(
            "qLoraRank", "kvLoraRank", "qkNopeHeadDim", "qkRopeHeadDim", "vHeadDim");

    /** A model and where its dims came from. */
    public record Entry(MoeModelSpec spec, String source) {}

    private final Map<String, Entry> entries;

    private ModelCatalog(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The models shipped with moe-replay. */
    public static ModelCatalog builtIn() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String file : BUILT_IN_FILES) {
            String resource = RESOURCE_DIR + file;
            try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelCatalogException(resource, "built-in model file not on the classpath");
                }
                addAll(entries, resource, parse(resource, in.readAllBytes()), false);
            } catch (IOException e) {
                throw new ModelCatalogException(resource, "cannot read: " + e.getMessage(), e);
            }
        }
        return new ModelCatalog(entries);
    }

    /**
     * The built-in models plus those in {@code userFile}; a user model with a built-in's name
     * replaces it (e.g. the same model at another {@code bytesPerParam}). Two models of the same
     * name inside the user file are an error.
     */
    public static ModelCatalog load(Path userFile) {
        Map<String, Entry> entries = new LinkedHashMap<>(builtIn().entries);
        String file = userFile.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(userFile);
        } catch (IOException e) {
            throw new ModelCatalogException(file, "cannot read: " + e, e);
        }
        addAll(entries, file, parse(file, bytes), true);
        return new ModelCatalog(entries);
    }

    /** The model called {@code name} (exact, case-sensitive), if catalogued. */
    public Optional<MoeModelSpec> find(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::spec);
    }

    /**
     * The model called {@code name}.
     *
     * @throws IllegalArgumentException naming the known models when there is none
     */
    public MoeModelSpec get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "no model \"" + name + "\" in the catalog; known: " + entries.keySet()));
    }

    /** Where {@code name}'s dims came from. */
    public Optional<String> source(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::source);
    }

    /** Model names in catalog order. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** All models with their sources, in catalog order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    private static void addAll(Map<String, Entry> into, String file, List<Entry> parsed, boolean override) {
        Set<String> seen = new java.util.HashSet<>();
        for (Entry entry : parsed) {
            String name = entry.spec().name();
            if (!seen.add(name)) {
                throw new ModelCatalogException(file, "model \"" + name + "\" appears twice");
            }
            if (!override && into.containsKey(name)) {
                throw new ModelCatalogException(file, "model \"" + name + "\" is already defined");
            }
            into.put(name, entry);
        }
    }

    private static List<Entry> parse(String file, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ModelCatalogException(file, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + " (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelCatalogException(file, "cannot read: " + e, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelCatalogException(file, "empty file; expected a model object");
        }
        List<Entry> out = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                out.add(spec(file, "[" + i + "].", root.get(i)));
            }
        } else if (root.isObject() && root.has("models") && root.size() == 1) {
            JsonNode models = root.get("models");
            if (!models.isArray()) {
                throw new ModelCatalogException(file, "field \"models\" is not a list");
            }
            for (int i = 0; i < models.size(); i++) {
                out.add(spec(file, "models[" + i + "].", models.get(i)));
            }
        } else {
            out.add(spec(file, "", root));
        }
        if (out.isEmpty()) {
            throw new ModelCatalogException(file, "no models");
        }
        return out;
    }

    private static Entry spec(String file, String at, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ModelCatalogException(file, (at.isEmpty() ? "top level" : at.substring(0, at.length() - 1))
                    + " is not a JSON object");
        }
        rejectUnknown(file, at, node, SPEC_FIELDS);
        String name = text(file, at, node, "name");
        String source = text(file, at, node, "source");
        JsonNode mlaNode = node.get("mla");
        MoeModelSpec.Mla mla = null;
        if (mlaNode != null && !mlaNode.isNull()) {
            String mlaAt = at + "mla.";
            if (!mlaNode.isObject()) {
                throw new ModelCatalogException(file, "field \"" + at + "mla\" is " + mlaNode
                        + ", not an object or null");
            }
            rejectUnknown(file, mlaAt, mlaNode, MLA_FIELDS);
            try {
                mla = new MoeModelSpec.Mla(
                        integer(file, mlaAt, mlaNode, "qLoraRank"),
                        integer(file, mlaAt, mlaNode, "kvLoraRank"),
                        integer(file, mlaAt, mlaNode, "qkNopeHeadDim"),
                        integer(file, mlaAt, mlaNode, "qkRopeHeadDim"),
                        integer(file, mlaAt, mlaNode, "vHeadDim"));
            } catch (ModelCatalogException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ModelCatalogException(file, "model \"" + name + "\", field " + mlaAt
                        + e.getMessage(), e);
            }
        }
        JsonNode cross = node.get("crossAttentionLayers");
        try {
            MoeModelSpec spec = new MoeModelSpec(
                    name,
                    integer(file, at, node, "layers"),
                    integer(file, at, node, "moeLayers"),
                    integer(file, at, node, "hiddenSize"),
                    integer(file, at, node, "expertIntermediateSize"),
                    integer(file, at, node, "denseIntermediateSize"),
                    integer(file, at, node, "routedExperts"),
                    integer(file, at, node, "topK"),
                    integer(file, at, node, "sharedExperts"),
                    integer(file, at, node, "heads"),
                    integer(file, at, node, "kvHeads"),
                    integer(file, at, node, "headDim"),
                    mla,
                    integer(file, at, node, "vocabSize"),
                    bool(file, at, node, "tiedEmbeddings"),
                    number(file, at, node, "bytesPerParam"),
                    bool(file, at, node, "gatedFfn"),
                    cross == null ? 0 : integer(file, at, node, "crossAttentionLayers"));
            return new Entry(spec, source);
        } catch (ModelCatalogException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // the record's own checks name the field and value, e.g. "topK must be at most ..."
            throw new ModelCatalogException(file, "model \"" + name + "\", field " + at + e.getMessage(), e);
        }
    }

    private static void rejectUnknown(String file, String at, JsonNode node, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new ModelCatalogException(file, "unknown field \"" + at + field + "\"; known fields: "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static JsonNode required(String file, String at, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new ModelCatalogException(file, "missing field \"" + at + field + "\"");
        }
        return value;
    }

    private static String text(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ModelCatalogException(file, "field \"" + at + field + "\" is " + value
                    + ", not a non-blank string");
        }
        return value.asText();
    }

    private static int integer(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new ModelCatalogException(file, "field \"" + at + field + "\" is " + value
                    + ", not a non-negative integer");
        }
        return value.intValue();
    }

    private static double number(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isNumber() || !(value.doubleValue() > 0)) {
            throw new ModelCatalogException(file, "field \"" + at + field + "\" is " + value
                    + ", not a positive number");
        }
        return value.doubleValue();
    }

    private static boolean bool(String file, String at, JsonNode node, String field) {
        JsonNode value = required(file, at, node, field);
        if (!value.isBoolean()) {
            throw new ModelCatalogException(file, "field \"" + at + field + "\" is " + value
                    + ", not true or false");
        }
        return value.booleanValue();
    }
}
