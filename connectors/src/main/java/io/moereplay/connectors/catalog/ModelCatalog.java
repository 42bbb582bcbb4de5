package io.moereplay.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.catalog.MoeModelSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.moereplay.connectors.catalog.CatalogFields.bool;
import static io.moereplay.connectors.catalog.CatalogFields.integer;
import static io.moereplay.connectors.catalog.CatalogFields.positive;
import static io.moereplay.connectors.catalog.CatalogFields.rejectUnknown;
import static io.moereplay.connectors.catalog.CatalogFields.text;

/**
 * Named {@link MoeModelSpec}s read from JSON: the built-in ones under
 * {@code catalog/models/*.json} on the classpath, plus any a user supplies.
 *
 * <p>A model file is one JSON object with every {@link MoeModelSpec} component as a field
 * ({@code mla} may be {@code null} or left out for ordinary attention;
 * {@code crossAttentionLayers} may be left out for 0; {@code activeEmbeddings} ({@code BOTH},
 * {@code LM_HEAD} or {@code NONE}) may be left out for {@code BOTH}, see
 * {@link MoeModelSpec.ActiveEmbeddings}) and a non-blank {@code "source"} citing where
 * the dims came from. Unknown fields are rejected, so a misspelt field is not silently ignored. A
 * user file may also hold a JSON array of such objects, or {@code {"models": [...]}}.
 *
 * <p>Every problem is a {@link CatalogException} naming the file and the field, e.g.
 * {@code my-model.json: field "topK" is -1, not a non-negative integer}.
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

    private static final Set<String> SPEC_FIELDS = Set.of(
            "name", "source", "layers", "moeLayers", "hiddenSize", "expertIntermediateSize",
            "denseIntermediateSize", "routedExperts", "topK", "sharedExperts", "heads", "kvHeads",
            "headDim", "mla", "vocabSize", "tiedEmbeddings", "bytesPerParam", "gatedFfn",
            "crossAttentionLayers", "activeEmbeddings");
    private static final Set<String> MLA_FIELDS = Set.of(
            "qLoraRank", "kvLoraRank", "qkNopeHeadDim", "qkRopeHeadDim", "vHeadDim");

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

    private static JsonCatalog.Entry<MoeModelSpec> spec(String file, String at, JsonNode node) {
        rejectUnknown(file, at, node, SPEC_FIELDS);
        String name = text(file, at, node, "name");
        String source = text(file, at, node, "source");
        JsonNode mlaNode = node.get("mla");
        MoeModelSpec.Mla mla = null;
        if (mlaNode != null && !mlaNode.isNull()) {
            String mlaAt = at + "mla.";
            if (!mlaNode.isObject()) {
                throw new CatalogException(file, "field \"" + at + "mla\" is " + mlaNode
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
            } catch (CatalogException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new CatalogException(file, "model \"" + name + "\", field " + mlaAt
                        + e.getMessage(), e);
            }
        }
        JsonNode cross = node.get("crossAttentionLayers");
        MoeModelSpec.ActiveEmbeddings activeEmbeddings = activeEmbeddings(file, at, node);
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
                    positive(file, at, node, "bytesPerParam"),
                    bool(file, at, node, "gatedFfn"),
                    cross == null ? 0 : integer(file, at, node, "crossAttentionLayers"),
                    activeEmbeddings);
            return new JsonCatalog.Entry<>(spec, source);
        } catch (CatalogException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // the record's own checks name the field and value, e.g. "topK must be at most ..."
            throw new CatalogException(file, "model \"" + name + "\", field " + at + e.getMessage(), e);
        }
    }

    private static MoeModelSpec.ActiveEmbeddings activeEmbeddings(String file, String at, JsonNode node) {
        if (!node.has("activeEmbeddings")) {
            return MoeModelSpec.ActiveEmbeddings.BOTH;
        }
        String value = text(file, at, node, "activeEmbeddings");
        try {
            return MoeModelSpec.ActiveEmbeddings.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(file, "field \"" + at + "activeEmbeddings\" is \"" + value + "\", not one of "
                    + java.util.Arrays.toString(MoeModelSpec.ActiveEmbeddings.values()), e);
        }
    }
}
