package io.moereplay.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.model.hardware.GpuSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.moereplay.connectors.catalog.CatalogFields.nonNegative;
import static io.moereplay.connectors.catalog.CatalogFields.positive;
import static io.moereplay.connectors.catalog.CatalogFields.rejectUnknown;
import static io.moereplay.connectors.catalog.CatalogFields.text;

/**
 * Named {@link GpuSpec}s read from JSON: the built-in {@code catalog/hardware/gpus.json}, whose
 * entries cite their sources, plus any a user supplies (same fields, one object, a list, or
 * {@code {"gpus": [...]}}; a user GPU of a built-in's name replaces it, e.g. at their own price).
 * Problems are {@link CatalogException}s naming the file and the field.
 */
public final class HardwareCatalog {

    public static final String RESOURCE_DIR = "catalog/hardware/";

    private static final Set<String> FIELDS = Set.of(
            "name", "source", "bf16Tflops", "hbmGBs", "memoryGB", "nvlinkGBs", "nicGbps", "usdPerHour", "watts");

    private final JsonCatalog<GpuSpec> catalog;

    private HardwareCatalog(JsonCatalog<GpuSpec> catalog) {
        this.catalog = catalog;
    }

    public static HardwareCatalog builtIn() {
        return new HardwareCatalog(JsonCatalog.builtIn("GPU", RESOURCE_DIR, List.of("gpus.json"), "gpus",
                HardwareCatalog::gpu, GpuSpec::name));
    }

    /** The built-in GPUs plus those in {@code userFile}. */
    public static HardwareCatalog load(Path userFile) {
        return new HardwareCatalog(builtIn().catalog.with(userFile, "gpus", HardwareCatalog::gpu, GpuSpec::name));
    }

    /** The built-in GPUs, plus those in {@code userFile} when it is not null (a command's optional catalog). */
    public static HardwareCatalog builtInPlus(String userFile) {
        return userFile == null ? builtIn() : load(Path.of(userFile));
    }

    public Optional<GpuSpec> find(String name) {
        return catalog.find(name).map(JsonCatalog.Entry::value);
    }

    /** @throws IllegalArgumentException naming the known GPUs when there is none of that name */
    public GpuSpec get(String name) {
        return catalog.get(name);
    }

    public Optional<String> source(String name) {
        return catalog.find(name).map(JsonCatalog.Entry::source);
    }

    public Set<String> names() {
        return catalog.names();
    }

    public List<GpuSpec> gpus() {
        return catalog.entries().stream().map(JsonCatalog.Entry::value).toList();
    }

    private static JsonCatalog.Entry<GpuSpec> gpu(String file, String at, JsonNode node) {
        rejectUnknown(file, at, node, FIELDS);
        String name = text(file, at, node, "name");
        return new JsonCatalog.Entry<>(new GpuSpec(
                name,
                positive(file, at, node, "bf16Tflops"),
                positive(file, at, node, "hbmGBs"),
                positive(file, at, node, "memoryGB"),
                nonNegative(file, at, node, "nvlinkGBs"),
                positive(file, at, node, "nicGbps"),
                positive(file, at, node, "usdPerHour"),
                positive(file, at, node, "watts")), text(file, at, node, "source"));
    }
}
