package io.moereplay.connectors.engines;

import static io.moereplay.connectors.engines.SafetensorsBytes.f32;
import static io.moereplay.connectors.engines.SafetensorsBytes.i32;
import static io.moereplay.connectors.engines.SafetensorsBytes.i64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

class TrtllmExpertStatsReaderTest {

    private static final TraceShape SHAPE = TraceShape.ofLayers(new int[] {1, 3}, 4);

    private final TrtllmExpertStatsReader reader = new TrtllmExpertStatsReader();

    @TempDir Path dir;

    @Test
    void readsEachRanksNonZeroCountsByIterationWhateverTheLayout() throws Exception {
        meta(4, 2);
        Path rank0 = write("rank0.safetensors", SafetensorsBytes.file(
                i64("10_1", 3, 0, 1, 0), i64("11_1", 0, 0, 2, 2), i64("10_3", 1, 1, 1, 1)));
        Path rank1 = write("rank1.safetensors", SafetensorsBytes.file(i32("10_1", 1, 0, 0, 5)));

        PassCounts read = new PassCounts().read(reader, SHAPE, rank0, rank1);

        assertThat(read.counts).isEqualTo(Map.of("10,1,0", 4L, "10,1,2", 1L, "10,1,3", 5L, "11,1,2", 2L,
                "11,1,3", 2L, "10,3,0", 1L, "10,3,1", 1L, "10,3,2", 1L, "10,3,3", 1L));
        assertThat(read.passes).containsExactly(10L, 11L, 10L, 10L);
        assertThat(read.rowsRead).isEqualTo(10);
        assertThat(read.rejects).isEmpty();
    }

    @Test
    void rankFilesDeclareTheirLayersAndExpertsAndTheMetaFileNothing() throws Exception {
        Path meta = meta(4, 2);
        Path rank0 = write("rank0.safetensors", SafetensorsBytes.file(i64("10_3", 1, 0, 0, 0), i64("10_1", 0, 2, 0, 0)));

        assertThat(reader.declaredShape(new LocalTraceFile(rank0))).contains(SHAPE);
        assertThat(reader.declaredShape(new LocalTraceFile(meta))).isEmpty();
        assertThat(reader.read(new LocalTraceFile(meta), new PassCounts())).isZero();
        assertThat(RoutingFormat.detect(new LocalTraceFile(meta))).isEqualTo(RoutingFormat.TRTLLM_EXPERT_STATS);
        assertThat(RoutingFormat.detect(new LocalTraceFile(rank0))).isEqualTo(RoutingFormat.TRTLLM_EXPERT_STATS);
    }

    @Test
    void rejectsABadKeyAndANegativeCountRowByRow() throws Exception {
        Path rank0 = write("rank0.safetensors", SafetensorsBytes.file(i64("10_1", 1, 0, -4, 0), i64("ten_1", 1, 1, 1, 1)));

        PassCounts read = new PassCounts().read(reader, SHAPE, rank0);

        assertThat(read.counts).containsOnlyKeys("10,1,0");
        assertThat(read.rejects).extracting(r -> r.row() + " " + r.field() + ": " + r.reason()).containsExactly(
                "2 10_1[2]: token count -4 is negative",
                "3 ten_1: tensor key 'ten_1' is not {iteration}_{layer}");
    }

    @Test
    void saysWhyCooccurrenceAndPerTokenFilesAreNotCounted() throws Exception {
        Path cooccurrence = write("cooccurrence_rank0.safetensors", SafetensorsBytes.file(i32("10_1", 1, 0, 0, 1)));
        Path perToken = write("token_selected_experts_rank0.safetensors", SafetensorsBytes.file(i32("10_1", 1, 3)));

        PassCounts read = new PassCounts().read(reader, SHAPE, cooccurrence, perToken);

        assertThat(read.counts).isEmpty();
        assertThat(read.rejects).extracting(r -> r.reason())
                .satisfiesExactly(
                        reason -> assertThat(reason).startsWith("expert co-occurrence counts are not read"),
                        reason -> assertThat(reason).contains("would count every token twice"));
        assertThat(reader.declaredShape(new LocalTraceFile(perToken))).isEmpty();
    }

    @Test
    void refusesFloatCountsMismatchedExpertCountsAndAMetaFileThatDisagrees() throws Exception {
        assertRefused(write("rank0.safetensors", SafetensorsBytes.file(f32("10_1", 1, 2, 3, 4))),
                "tensor '10_1' F32[4] is not integer counts");
        assertRefused(write("rank1.safetensors", SafetensorsBytes.file(i64("10_1", 1, 2, 3), i64("10_2", 1, 2, 3, 4))),
                "tensor '10_2' I64[4] counts 4 experts but '10_1' I64[3] counts 3");
        assertRefused(write("rank2.safetensors", SafetensorsBytes.file(i64("10_1", new long[4]))),
                "every count of its 1 tensors is zero");
        meta(8, 2);
        assertRefused(write("rank3.safetensors", SafetensorsBytes.file(i64("10_1", 1, 2, 3, 4))),
                "tensors count 4 experts but meta_info.json beside it says num_experts 8");
    }

    @Test
    void refusesAMetaFileWithoutItsCounts() throws Exception {
        Path meta = write("meta_info.json", "{\"num_experts\": 0, \"num_experts_per_token\": 2}".getBytes());

        assertThatThrownBy(() -> reader.read(new LocalTraceFile(meta), new PassCounts()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("\"num_experts\" is 0, not a positive integer");
    }

    @Test
    void readsTheEnginesOwnFilesAsTheScriptCountedThem() throws Exception {
        Optional<Path> folder = PassCounts.fixtureIfPresent("trtllm-expert-stats");
        Assumptions.assumeTrue(folder.isPresent(), "the safetensors fixture has not landed yet");
        Path[] files;
        try (Stream<Path> listing = Files.list(folder.get())) {
            files = listing.filter(f -> !f.getFileName().toString().startsWith("_")).sorted().toArray(Path[]::new);
        }
        TraceShape shape = reader.declaredShape(new LocalTraceFile(folder.get().resolve("rank0.safetensors"))).orElseThrow();

        PassCounts read = new PassCounts().read(reader, shape, files);

        assertThat(shape).isEqualTo(TraceShape.ofLayers(new int[] {1, 2, 3}, 16));
        assertThat(read.counts).isEqualTo(PassCounts.expected(folder.get()));
        assertThat(read.rejects).isEmpty();
    }

    @Test
    void refusesTheEnginesCorruptFiles() throws Exception {
        Optional<Path> folder = PassCounts.fixtureIfPresent("corrupt");
        Assumptions.assumeTrue(folder.isPresent() && Files.exists(folder.get().resolve("trtllm_bad_key.safetensors")),
                "the corrupt safetensors fixtures have not landed yet");

        assertRefused(folder.get().resolve("trtllm_float_counts.safetensors"), "F32[16] is not integer counts");
        assertRefused(folder.get().resolve("trtllm_mismatched_experts.safetensors"), "counts 16 experts but");
        LocalTraceFile badKey = new LocalTraceFile(folder.get().resolve("trtllm_bad_key.safetensors"));
        assertThat(new PassCounts().read(reader, SHAPE, badKey.path()).rejects).singleElement()
                .satisfies(reject -> assertThat(reject.field()).isEqualTo("ten_1"));
        assertThatThrownBy(() -> reader.declaredShape(badKey)).hasMessageContaining("no tensor is named");
    }

    private void assertRefused(Path path, String problem) {
        LocalTraceFile file = new LocalTraceFile(path);
        assertThatThrownBy(() -> reader.read(file, new PassCounts()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining(problem);
    }

    private Path meta(int experts, int topK) throws Exception {
        return write("meta_info.json", ("{\"num_experts\": " + experts + ", \"num_experts_per_token\": " + topK + "}")
                .getBytes());
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }
}
