package io.moereplay.connectors.catalog;

import io.moereplay.connectors.io.json.JsonKeys;
import io.moereplay.connectors.io.json.LocatedJson;
import io.moereplay.connectors.io.json.StrictObject;
import io.moereplay.model.catalog.MoeModelSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.moereplay.connectors.io.json.JsonKeys.optional;
import static io.moereplay.connectors.io.json.JsonKeys.required;
import static io.moereplay.connectors.io.json.JsonType.BOOLEAN;
import static io.moereplay.connectors.io.json.JsonType.NON_NEGATIVE_INT;
import static io.moereplay.connectors.io.json.JsonType.NON_NEGATIVE_INTS;
import static io.moereplay.connectors.io.json.JsonType.OBJECT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_NUMBER;
import static io.moereplay.connectors.io.json.JsonType.TEXT;

/**
 * Named {@link MoeModelSpec}s read from JSON: the built-in ones under
 * {@code catalog/models/*.json} on the classpath, plus any a user supplies.
 *
 * <p>A model file is one JSON object with every {@link MoeModelSpec} component as a field
 * ({@code mla} may be {@code null} or left out for ordinary attention;
 * {@code crossAttentionLayers} may be left out for 0; {@code activeEmbeddings} ({@code BOTH},
 * {@code LM_HEAD} or {@code NONE}) may be left out for {@code BOTH}, see
 * {@link MoeModelSpec.ActiveEmbeddings}; {@code moeLayerIds} may be left out when the dense layers
 * come first) and a non-blank {@code "source"} citing where
 * the dims came from. Unknown fields are rejected, so a misspelt field is not silently ignored. A
 * user file may also hold a JSON array of such objects, or {@code {"models": [...]}}.
 *
 * <p>Every problem names the file, the line, the field's path and the fix, e.g.
 * {@code my-model.json line 9: $.topK must be an integer of at least 0, found -1}.
 */
public final class ModelCatalog {

    /** Resource folder of the built-in models. */
    public static final String RESOURCE_DIR = "catalog/models/";

    /** Built-in model files, in catalog order. */
    static final List<String> BUILT_IN_FILES = List.of(
            "mixtral-8x7b.json", "mixtral-8x22b.json", "dbrx.json", "scaled-moe.json",
            "deepseek-v2.json", "deepseek-v3.json", "deepseek-v3.1.json", "deepseek-r1.json", "kimi-k2.json",
            "qwen3-30b-a3b.json", "qwen3-235b-a22b.json", "gpt-oss-120b.json", "gpt-oss-20b.json",
            "glm-4.5.json", "glm-4.5-air.json", "llama-4-scout.json", "llama-4-maverick.json", "olmoe-1b-7b.json",
            "switch-base-8.json", "switch-base-128.json");

    private static final JsonKeys SPEC_FIELDS = JsonKeys.of(required("name", TEXT), required("source", TEXT),
            required("layers", NON_NEGATIVE_INT), required("moeLayers", NON_NEGATIVE_INT),
            required("hiddenSize", NON_NEGATIVE_INT), required("expertIntermediateSize", NON_NEGATIVE_INT),
            required("denseIntermediateSize", NON_NEGATIVE_INT), required("routedExperts", NON_NEGATIVE_INT),
            required("topK", NON_NEGATIVE_INT), required("sharedExperts", NON_NEGATIVE_INT),
            required("heads", NON_NEGATIVE_INT), required("kvHeads", NON_NEGATIVE_INT),
            required("headDim", NON_NEGATIVE_INT), optional("mla", OBJECT), required("vocabSize", NON_NEGATIVE_INT),
            required("tiedEmbeddings", BOOLEAN), required("bytesPerParam", POSITIVE_NUMBER),
            required("gatedFfn", BOOLEAN), optional("crossAttentionLayers", NON_NEGATIVE_INT),
            optional("moeLayerIds", NON_NEGATIVE_INTS),
            optional("activeEmbeddings", TEXT));
    private static final JsonKeys MLA_FIELDS = JsonKeys.of(required("qLoraRank", NON_NEGATIVE_INT),
            required("kvLoraRank", NON_NEGATIVE_INT), required("qkNopeHeadDim", NON_NEGATIVE_INT),
            required("qkRopeHeadDim", NON_NEGATIVE_INT), required("vHeadDim", NON_NEGATIVE_INT));

    /** A model and where its dims came from. */
    public record Entry(MoeModelSpec spec, String source) {}

    private final JsonCatalog<MoeModelSpec> catalog;

    private ModelCatalog(JsonCatalog<MoeModelSpec> catalog) {
        this.catalog = catalog;
    }

    /** The models shipped with moe-replay. */
    public static ModelCatalog builtIn() {
        return new ModelCatalog(JsonCatalog.builtIn("model", RESOURCE_DIR, BUILT_IN_FILES, "models",
                ModelCatalog::spec, MoeModelSpec::name));
    }

    /**
     * The built-in models plus those in {@code userFile}; a user model with a built-in's name
     * replaces it (e.g. the same model at another {@code bytesPerParam}). Two models of the same
     * name inside the user file are an error.
     */
    public static ModelCatalog load(Path userFile) {
        return new ModelCatalog(builtIn().catalog.with(userFile, "models", ModelCatalog::spec, MoeModelSpec::name));
    }

    /** The built-in models, plus those in {@code userFile} when it is not null (a command's optional catalog). */
    public static ModelCatalog builtInPlus(String userFile) {
        return userFile == null ? builtIn() : load(Path.of(userFile));
    }

    /**
     * This catalog plus {@code spec} (replacing a model of its name), e.g. a model read from a
     * HuggingFace config.json, so that commands looking models up by name find it.
     */
    public ModelCatalog plus(MoeModelSpec spec, String source) {
        return new ModelCatalog(catalog.plus(spec.name(), new JsonCatalog.Entry<>(spec, source)));
    }

    /** The model called {@code name} (exact, case-sensitive), if catalogued. */
    public Optional<MoeModelSpec> find(String name) {
        return catalog.find(name).map(JsonCatalog.Entry::value);
    }

    /**
     * The model called {@code name}.
     *
     * @throws IllegalArgumentException naming the known models when there is none
     */
    public MoeModelSpec get(String name) {
        return catalog.get(name);
    }

    /** Where {@code name}'s dims came from. */
    public Optional<String> source(String name) {
        return catalog.find(name).map(JsonCatalog.Entry::source);
    }

    /** Model names in catalog order. */
    public Set<String> names() {
        return catalog.names();
    }

    /** All models with their sources, in catalog order. */
    public List<Entry> entries() {
        return catalog.entries().stream().map(e -> new Entry(e.value(), e.source())).toList();
    }

    private static JsonCatalog.Entry<MoeModelSpec> spec(LocatedJson json) {
        StrictObject model = json.conform(SPEC_FIELDS);
        String name = model.text("name");
        MoeModelSpec.Mla mla = model.value("mla").map(at -> mla(name, at)).orElse(null);
        MoeModelSpec.ActiveEmbeddings activeEmbeddings = activeEmbeddings(model);
        try {
            MoeModelSpec spec = new MoeModelSpec(name, model.integer("layers"), model.integer("moeLayers"),
                    model.integer("hiddenSize"), model.integer("expertIntermediateSize"),
                    model.integer("denseIntermediateSize"), model.integer("routedExperts"), model.integer("topK"),
                    model.integer("sharedExperts"), model.integer("heads"), model.integer("kvHeads"),
                    model.integer("headDim"), mla,
                    model.integer("vocabSize"), model.bool("tiedEmbeddings"), model.number("bytesPerParam"),
                    model.bool("gatedFfn"), model.integer("crossAttentionLayers", 0), activeEmbeddings,
                    model.integers("moeLayerIds", null));
            return new JsonCatalog.Entry<>(spec, model.text("source"));
        } catch (IllegalArgumentException e) {
            // the record's own checks name the field and value, e.g. "topK must be at most ..."
            throw json.problem("model \"" + name + "\" at " + json.path() + ": " + e.getMessage());
        }
    }

    private static MoeModelSpec.Mla mla(String model, LocatedJson json) {
        StrictObject mla = json.conform(MLA_FIELDS);
        try {
            return new MoeModelSpec.Mla(mla.integer("qLoraRank"), mla.integer("kvLoraRank"),
                    mla.integer("qkNopeHeadDim"), mla.integer("qkRopeHeadDim"), mla.integer("vHeadDim"));
        } catch (IllegalArgumentException e) {
            throw json.problem("model \"" + model + "\" at " + json.path() + ": " + e.getMessage());
        }
    }

    private static MoeModelSpec.ActiveEmbeddings activeEmbeddings(StrictObject model) {
        String value = model.text("activeEmbeddings", MoeModelSpec.ActiveEmbeddings.BOTH.name());
        try {
            return MoeModelSpec.ActiveEmbeddings.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw model.at("activeEmbeddings").problem(model.at("activeEmbeddings").path() + " is \"" + value
                    + "\", not one of " + java.util.Arrays.toString(MoeModelSpec.ActiveEmbeddings.values()));
        }
    }
}
