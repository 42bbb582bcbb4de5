package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

/** Every routing reader fails fast, naming the file, on an empty or missing file. */
class EmptyAndMissingFilesTest {

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(RoutingFormat.class)
    void refusesAnEmptyFile(RoutingFormat format) throws Exception {
        LocalTraceFile empty = new LocalTraceFile(Files.writeString(dir.resolve("empty." + extension(format)), ""));

        assertThatThrownBy(() -> RoutingTraceReader.of(format).read(empty, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(empty.name() + ": ")
                .hasMessageContaining("file is empty");
    }

    @ParameterizedTest
    @EnumSource(RoutingFormat.class)
    void refusesAMissingFile(RoutingFormat format) {
        LocalTraceFile missing = new LocalTraceFile(dir.resolve("absent." + extension(format)));
        RoutingTraceReader reader = RoutingTraceReader.of(format);

        assertThatThrownBy(() -> reader.read(missing, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(missing.name() + ": ")
                .hasMessageContaining("no such file");
        if (format != RoutingFormat.TOKEN_JSONL) {
            assertThatThrownBy(() -> reader.declaredShape(missing))
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessageContaining("no such file");
        }
    }

    private static String extension(RoutingFormat format) {
        return switch (format) {
            case TOKEN_JSONL, ROUTED_EXPERTS, MEGATRON_ROUTER_TRACE, VLLM_EPLB_STATS -> "jsonl";
            case PARQUET, EXPERT_LOAD -> "parquet";
            case CAPTURE_JSON, LOAD_COUNTS_JSON -> "json";
            case SGLANG_STAT, SGLANG_PER_PASS -> "pt";
            case TRTLLM_EXPERT_STATS -> "safetensors";
        };
    }
}
