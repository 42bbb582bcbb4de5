package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.JsonSyntax;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * TensorRT-LLM's {@code meta_info.json}, written by rank 0 beside the rank files:
 * {@code {"num_experts": E, "num_experts_per_token": k}} (forks add {@code ep_size} and
 * {@code experts_per_rank}, ignored here).
 */
record TrtllmMetaInfo(int numExperts, int numExpertsPerToken) {

    static final String FILE_NAME = "meta_info.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads and checks a meta file. */
    static TrtllmMetaInfo read(TraceFile file) throws IOException {
        String expected = RoutingFormat.TRTLLM_EXPERT_STATS.expected();
        TraceFiles.requireNonEmpty(file, expected);
        JsonNode root;
        try (InputStream in = file.open()) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(file.name(), "is not JSON at " + JsonSyntax.at(e) + "; expected " + expected, e);
        }
        int experts = positive(file, root, "num_experts");
        int topK = positive(file, root, "num_experts_per_token");
        if (topK > experts) {
            throw new TraceFormatException(file.name(), "num_experts_per_token " + topK + " exceeds num_experts "
                    + experts + "; expected " + expected);
        }
        return new TrtllmMetaInfo(experts, topK);
    }

    /** The meta file in the folder of {@code file}, when there is one. */
    static Optional<TrtllmMetaInfo> beside(TraceFile file) throws IOException {
        Optional<TraceFile> meta = file.sibling(FILE_NAME);
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        try {
            meta.get().length();
        } catch (FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(read(meta.get()));
    }

    private static int positive(TraceFile file, JsonNode root, String field) {
        JsonNode value = root == null ? null : root.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw new TraceFormatException(file.name(), "\"" + field + "\" is " + value
                    + ", not a positive integer; expected " + RoutingFormat.TRTLLM_EXPERT_STATS.expected());
        }
        return value.intValue();
    }
}
