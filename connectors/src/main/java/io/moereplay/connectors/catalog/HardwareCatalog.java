package io.moereplay.connectors.catalog;

import io.moereplay.connectors.io.json.JsonKeys;
import io.moereplay.connectors.io.json.LocatedJson;
import io.moereplay.connectors.io.json.StrictObject;
import io.moereplay.model.hardware.GpuSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.moereplay.connectors.io.json.JsonKeys.required;
import static io.moereplay.connectors.io.json.JsonType.NON_NEGATIVE_NUMBER;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_NUMBER;
import static io.moereplay.connectors.io.json.JsonType.TEXT;

/**
 * Named {@link GpuSpec}s read from JSON: the built-in {@code catalog/hardware/gpus.json}, whose
 * entries cite their sources, plus any a user supplies (same fields, one object, a list, or
 * {@code {"gpus": [...]}}; a user GPU of a built-in's name replaces it, e.g. at their own price).
 * Problems name the file, the line, the field's path and the fix (see {@link LocatedJson#conform}).
 */
public final class HardwareCatalog {

    public static final String RESOURCE_DIR = "catalog/hardware/";

    private static final JsonKeys FIELDS = JsonKeys.of(required("name", TEXT), required("source", TEXT),
            required("bf16Tflops", POSITIVE_NUMBER), required("hbmGBs", POSITIVE_NUMBER),
            required("memoryGB", POSITIVE_NUMBER), required("nvlinkGBs", NON_NEGATIVE_NUMBER),
            required("nicGbps", POSITIVE_NUMBER), required("usdPerHour", POSITIVE_NUMBER), required("watts", POSITIVE_NUMBER));

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

    private static JsonCatalog.Entry<GpuSpec> gpu(LocatedJson json) {
        StrictObject gpu = json.conform(FIELDS);
        String name = gpu.text("name");
        try {
            return new JsonCatalog.Entry<>(new GpuSpec(name, gpu.number("bf16Tflops"), gpu.number("hbmGBs"),
                    gpu.number("memoryGB"), gpu.number("nvlinkGBs"), gpu.number("nicGbps"), gpu.number("usdPerHour"),
                    gpu.number("watts")), gpu.text("source"));
        } catch (IllegalArgumentException e) {
            throw json.problem("GPU \"" + name + "\" at " + json.path() + ": " + e.getMessage());
        }
    }
}
