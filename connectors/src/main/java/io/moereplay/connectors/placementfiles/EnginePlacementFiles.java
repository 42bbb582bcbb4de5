package io.moereplay.connectors.placementfiles;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Writes an engine's placement file into a folder atomically, and reads any of them back, told by content. */
public final class EnginePlacementFiles {

    /** A file read back: its format and its placement, in the engine's layer keys. */
    public record Read(EnginePlacementFormat format, EnginePlacement placement) {}

    private EnginePlacementFiles() {}

    /**
     * Writes {@code placement} as {@code dir/}{@link EnginePlacementFormat#fileName()}: to a temporary
     * file beside it, then renamed over it, so an engine restarting meanwhile sees the old file or the
     * new one, never half of one.
     *
     * @return the file written
     * @throws IllegalArgumentException when the engine cannot express the placement's layer keys
     */
    public static Path write(EnginePlacementFormat format, Path dir, EnginePlacement placement) throws IOException {
        String text = format.writer().text(placement);
        Files.createDirectories(dir);
        Path target = dir.resolve(format.fileName());
        Path temp = Files.createTempFile(dir, "." + format.fileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /**
     * Reads an engine placement file of any format, checked for {@code experts} and {@code gpus}.
     *
     * @throws IllegalArgumentException naming the file (and layer and slot) when it is none of the
     *     formats or the engine would not load it for these experts and GPUs
     */
    public static Read read(Path file, int experts, int gpus) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        EnginePlacementFormat format = detect(file.toString(), text);
        return new Read(format, format.reader().read(file.toString(), text, experts, gpus));
    }

    /**
     * The format by content: a JSON object with {@code physical_to_logical_map} is SGLang's, with
     * {@code layer_list} vllm-ascend's; JSON lines holding an {@code eplb_initial_mapping} record
     * are vLLM's; a YAML (or JSON) mapping with {@code initial_global_assignments} is TensorRT-LLM's.
     *
     * @throws IllegalArgumentException naming the file and the keys it has when it is none of them
     */
    public static EnginePlacementFormat detect(String file, String text) {
        List<JsonNode> mappings = VllmInitialMappingReader.records(text);
        if (mappings != null && !mappings.isEmpty()) {
            return EnginePlacementFormat.VLLM;
        }
        JsonNode root = TrtllmEplbConfigReader.mapping(text);
        if (root != null && root.has(SglangLocationReader.KEY)) {
            return EnginePlacementFormat.SGLANG;
        }
        if (root != null && root.has(AscendExpertMapReader.KEY)) {
            return EnginePlacementFormat.VLLM_ASCEND;
        }
        if (root != null && root.has(TrtllmEplbConfigReader.KEY)) {
            return EnginePlacementFormat.TRTLLM;
        }
        List<String> keys = new ArrayList<>();
        if (root != null) {
            root.fieldNames().forEachRemaining(keys::add);
        }
        throw PlacementJson.refuse(file, "is not an engine placement file (" + (root == null ? "not a JSON or YAML mapping"
                : "keys " + keys) + "); expected SGLang's physical_to_logical_map JSON, TensorRT-LLM's"
                + " initial_global_assignments YAML, vLLM's eplb_initial_mapping JSONL or vllm-ascend's layer_list JSON");
    }
}
