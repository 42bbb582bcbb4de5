package io.moereplay.connectors.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.io.torch.TorchSaveWriter;
import io.moereplay.connectors.io.torch.TorchSaveWriter.Tensor;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SGLang's stat-mode dump: buffer rows as passes, counts as the fixture script computed them, corrupt files refused. */
class SglangStatReaderTest {

    private static final SglangStatReader READER = new SglangStatReader();

    @TempDir Path dir;

    @Test
    void readsTheCircularBufferAsTheScriptCountedIt() throws IOException {
        // 2 ranks all-reduced, 11 passes into 8 rows: rows 0-2 hold passes 8-10, rows 3-7 passes 3-7.
        List<Path> dump = SglangFixtures.dumps("sglang-stat");
        SglangCounts counts = SglangCounts.read(READER, dump);

        assertThat(counts.tokens).isEqualTo(SglangCounts.expected(SglangFixtures.path("sglang-stat/_expected_counts.csv")));
        assertThat(counts.rejects).isEmpty();
        assertThat(counts.passes).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(counts.rowsRead).isEqualTo(338);
        assertThat(READER.declaredShape(new LocalTraceFile(dump.get(0)))).contains(TraceShape.dense(3, 16));
        assertThat(RoutingFormat.detect(new LocalTraceFile(dump.get(0)))).isEqualTo(RoutingFormat.SGLANG_STAT);
    }

    @Test
    void skipsUnwrittenBufferRowsAndRejectsNegativeCounts() throws IOException {
        // A 4-row buffer after 2 passes: rows 2 and 3 were never written. One count is negative.
        Path file = stat("partial.pt", Tensor.int32(new int[] {4, 2, 3},
                1, 0, 2, 0, 0, 3,
                0, 4, 0, -5, 0, 6,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0));

        SglangCounts counts = SglangCounts.read(READER, List.of(file));

        assertThat(counts.passes).containsExactly(0L, 1L);
        assertThat(counts.tokens).containsExactlyInAnyOrderEntriesOf(Map.of(
                "0,0,0", 1L, "0,0,2", 2L, "0,1,2", 3L, "1,0,1", 4L, "1,1,2", 6L));
        assertThat(counts.rowsRead).isEqualTo(6);
        assertThat(counts.rejects).singleElement().satisfies(reject -> {
            assertThat(reject.row()).isEqualTo(5);
            assertThat(reject.field()).isEqualTo("logical_count[1][1][0]");
            assertThat(reject.reason()).isEqualTo("negative token count -5");
        });
    }

    @Test
    void refusesFloatCountsNamingTheDtype() {
        Path file = SglangFixtures.path("corrupt/sglang_stat_float_counts.pt");
        assertRefused(file, "logical_count is a float32 tensor; int32 or int64 expected");
    }

    @Test
    void refusesCountsWithoutTheBufferDimension() {
        Path file = SglangFixtures.path("corrupt/sglang_stat_2d_counts.pt");
        assertRefused(file, "logical_count has 2 dimensions [3, 16] where 3 are expected");
    }

    @Test
    void refusesAnAllZeroDumpExplainingThatNothingWasRecorded() {
        Path file = SglangFixtures.path("corrupt/sglang_stat_all_zero.pt");
        String message = file + ": logical_count [4, 3, 16] is all zero: the recorder recorded nothing."
                + " Was /start_expert_distribution_record called before the traffic";
        assertThatThrownBy(() -> READER.read(new LocalTraceFile(file), new SglangCounts()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(message);
        assertThatThrownBy(() -> READER.declaredShape(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesATruncatedDumpAndOneThatIsNotAZip() throws IOException {
        Path fixture = SglangFixtures.dumps("sglang-stat").get(0);
        byte[] bytes = Files.readAllBytes(fixture);
        Path truncated = Files.write(dir.resolve("truncated.pt"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path text = Files.writeString(dir.resolve("text.pt"), "logical_count");

        assertRefused(truncated, "is not a zip archive, as torch.save writes (truncated");
        assertRefused(text, "is not a zip archive, as torch.save writes (truncated");
    }

    @Test
    void refusesADumpWithoutLogicalCount() throws IOException {
        Map<String, Object> root = new HashMap<>();
        root.put("rank", 0);
        assertRefused(TorchSaveWriter.save(dir.resolve("no-counts.pt"), root), "the dump has no field logical_count");
    }

    private Path stat(String name, Tensor logicalCount) throws IOException {
        Map<String, Object> root = new HashMap<>();
        root.put("rank", 0);
        root.put("logical_count", logicalCount);
        root.put("average_utilization_rate_over_window", null);
        return TorchSaveWriter.save(dir.resolve(name), root);
    }

    private static void assertRefused(Path file, String message) {
        LocalTraceFile trace = new LocalTraceFile(file);
        assertThatThrownBy(() -> READER.read(trace, new SglangCounts()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file + ": " + message);
    }
}
