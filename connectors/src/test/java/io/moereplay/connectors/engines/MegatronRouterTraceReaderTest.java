package io.moereplay.connectors.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class MegatronRouterTraceReaderTest {

    private static final Path FIXTURE = PassCounts.fixture("megatron-router-trace");
    private static final TraceShape SHAPE = TraceShape.ofLayers(new int[] {1, 2, 3}, 16);

    private final MegatronRouterTraceReader reader = new MegatronRouterTraceReader();

    @TempDir Path dir;

    @Test
    void countsBothRanksDecoderTokensAsTheScriptDrewThem() throws Exception {
        PassCounts read = new PassCounts().read(reader, SHAPE,
                FIXTURE.resolve("router_trace_rank0.jsonl"), FIXTURE.resolve("router_trace_rank1.jsonl"));

        assertThat(read.counts).isEqualTo(PassCounts.expected(FIXTURE));
        List<String> expectedRejects = Files.readAllLines(FIXTURE.resolve("_expected_rejects.csv"));
        assertThat(read.rejects)
                .extracting(r -> Path.of(r.sourceFile()).getFileName() + "," + r.row() + "," + r.field())
                .containsExactlyElementsOf(expectedRejects.subList(1, expectedRejects.size()));
        assertThat(read.rejects.get(0).reason()).startsWith("multi-token-prediction layer (mtp_idx 0, layer 0)");
        assertThat(read.passes).containsExactly(0L, 1L, 2L, 3L, 0L, 1L, 2L, 3L);
    }

    @Test
    void isDetectedAndDeclaresNoShape() throws Exception {
        LocalTraceFile file = new LocalTraceFile(FIXTURE.resolve("router_trace_rank0.jsonl"));

        assertThat(RoutingFormat.detect(file)).isEqualTo(RoutingFormat.MEGATRON_ROUTER_TRACE);
        assertThat(reader.declaredShape(file)).isEmpty();
    }

    @Test
    void numbersTokensPerStepAcrossMicroBatchesWithTheStepAsRequest() throws Exception {
        LocalTraceFile file = write(
                record(7, 1, "[[0, 1], [2, 3]]"),
                record(7, 2, "[[0, 1], [2, 3]]"),
                record(7, 1, "[[4, 5]]"),
                record(8, 1, "[[6, 7]]"));

        PassCounts read = new PassCounts().read(reader, SHAPE, file.path());

        assertThat(read.rejects).isEmpty();
        assertThat(read.decisions).containsExactly("7/0@1:prefill", "7/1@1:prefill", "7/0@2:prefill",
                "7/1@2:prefill", "7/2@1:prefill", "8/0@1:prefill");
        assertThat(read.passes).containsExactly(7L, 8L);
    }

    @Test
    void rejectsBadTokensAndRecordsRowByRow() throws Exception {
        LocalTraceFile file = write(
                record(0, 1, "[[0, 1], [2], [3, 16]]"),
                "",
                "{\"step\": 0, \"stage\": \"post_dispatch\", \"block\": \"decoder\", \"layer\": 2, \"topk\": 2,"
                        + " \"top_indices\": [[0, 1]]}",
                "{\"step\": 0, \"stage\": \"pre_dispatch\", \"block\": \"decoder\", \"layer\": 2, \"num_tokens\": 3,"
                        + " \"topk\": 2, \"top_indices\": [[0, 1]]}",
                "{\"step\": 0, \"stage\": \"pre_dispatch\", \"block\": \"decoder\", \"layer\": 3, \"topk\": 2,"
                        + " \"top_indices\": [[0, 1");

        PassCounts read = new PassCounts().read(reader, SHAPE, file.path());

        assertThat(read.rowsRead).isEqualTo(7);
        assertThat(read.counts).containsOnlyKeys("0,1,0", "0,1,1");
        assertThat(read.rejects).extracting(Reject::row, Reject::field).containsExactly(
                tuple(1L, "top_indices[1]"), tuple(1L, "experts"), tuple(2L, ""), tuple(3L, "stage"),
                tuple(4L, "num_tokens"), tuple(5L, ""));
        assertThat(read.rejects.get(0).reason()).isEqualTo("token's expert ids [2] are not topk 2 ids");
        assertThat(read.rejects.get(1).reason()).contains("expert id 16 is outside [0, 16)");
        assertThat(read.rejects.get(4).reason()).contains("num_tokens 3 but top_indices holds 1 tokens");
    }

    @Test
    void refusesAFileThatIsNotJsonLines() throws Exception {
        LocalTraceFile file = write("step,layer,experts", "0,1,\"[0, 1]\"");

        assertThatThrownBy(() -> reader.read(file, new PassCounts()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": line 1 is not JSON")
                .hasMessageContaining(RoutingFormat.MEGATRON_ROUTER_TRACE.expected());
    }

    private static String record(long step, int layer, String topIndices) {
        return "{\"step\": " + step + ", \"stage\": \"pre_dispatch\", \"block\": \"decoder\", \"layer\": " + layer
                + ", \"rank\": 0, \"topk\": 2, \"top_indices\": " + topIndices + "}";
    }

    private LocalTraceFile write(String... lines) throws Exception {
        return new LocalTraceFile(Files.write(dir.resolve("router_trace_rank0.jsonl"), List.of(lines)));
    }
}
