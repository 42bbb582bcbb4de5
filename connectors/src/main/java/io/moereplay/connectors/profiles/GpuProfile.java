package io.moereplay.connectors.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.model.perf.Collective;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One GPU's folder of the profile database ({@code profiles/<GPU>/}): what was measured on it, file
 * by file; every file is optional and a missing one means the roofline for that component. The
 * file names and their CSV schemas are in {@code profiles/README.md}.
 *
 * @param gpu the GPU's catalog name (the folder's name)
 * @param folder the folder, or null when nothing was profiled on this GPU
 * @param origin where the folder came from: {@code bundled} or {@code --profiles DIR}
 */
public record GpuProfile(String gpu, Path folder, String origin) {

    public static final String ENV = "env.json";
    public static final String EXPERT_FFN = "expert_ffn.csv";
    public static final String EXPERT_SEQUENCE = "expert_sequence.csv";
    public static final String GROUPED_MOE = "grouped_moe.csv";
    public static final String DECODE_ATTENTION = "decode_attention.csv";
    public static final String ALL_TO_ALL = fileOf(Collective.ALL_TO_ALL);
    public static final String ALL_REDUCE = fileOf(Collective.ALL_REDUCE);

    /** A GPU nothing was profiled on. */
    public static GpuProfile none(String gpu) {
        return new GpuProfile(gpu, null, "none");
    }

    public boolean isEmpty() {
        return folder == null;
    }

    /** The file {@code name} of this GPU's folder, when there is one. */
    public Optional<Path> file(String name) {
        if (folder == null) {
            return Optional.empty();
        }
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public Optional<Path> expertFfn() {
        return file(EXPERT_FFN);
    }

    public Optional<Path> expertSequence() {
        return file(EXPERT_SEQUENCE);
    }

    public Optional<Path> groupedMoe() {
        return file(GROUPED_MOE);
    }

    public Optional<Path> decodeAttention() {
        return file(DECODE_ATTENTION);
    }

    /** The profile of {@code collective}: {@code all_to_all.csv} or {@code all_reduce.csv}. */
    public Optional<Path> collective(Collective collective) {
        return file(fileOf(collective));
    }

    private static String fileOf(Collective collective) {
        return collective.id() + ".csv";
    }

    /**
     * How a run summary names a file of this folder: {@code profiles/H200/grouped_moe.csv
     * (bundled)}, or the path under {@code --profiles}.
     */
    public String describe(Path file) {
        return origin.equals("bundled") ? "profiles/" + gpu + "/" + file.getFileName() + " (bundled)" : file.toString();
    }

    /**
     * The catalog name of the GPU a folder profiles: its env.json's {@code catalog_gpu}, else the
     * folder's name.
     */
    static String catalogName(Path folder) {
        Path env = folder.resolve(ENV);
        if (Files.isRegularFile(env)) {
            try {
                JsonNode name = new ObjectMapper().readTree(Files.readString(env)).path("catalog_gpu");
                if (name.isTextual() && !name.asText().isBlank()) {
                    return name.asText();
                }
            } catch (IOException e) {
                // An unreadable env.json names no GPU; the folder's name still does.
            }
        }
        return folder.toAbsolutePath().normalize().getFileName().toString();
    }

    /**
     * The env.json's {@code "sources"}: per file, where published figures came from. Read leniently
     * (a measurement record, not user config): no file, no object or a non-text value gives nothing.
     */
    public Map<String, String> sources() {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<Path> env = file(ENV);
        if (env.isEmpty()) {
            return out;
        }
        try {
            JsonNode sources = new ObjectMapper().readTree(Files.readString(env.get())).path("sources");
            sources.fields().forEachRemaining(field -> {
                if (field.getValue().isTextual()) {
                    out.put(field.getKey(), field.getValue().asText());
                }
            });
        } catch (IOException e) {
            // A broken env.json loses its citations, never the run: the profiles themselves still hold.
            return out;
        }
        return out;
    }
}
