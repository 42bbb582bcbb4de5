package io.moereplay.connectors.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class VllmEplbStatsReaderTest {

    private static final Path FIXTURE = PassCounts.fixture("vllm-eplb-stats");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[][] MAP = {{0, 1, 2, 0}, {2, 1, 0, 1}};

    private final VllmEplbStatsReader reader = new VllmEplbStatsReader();

    @TempDir Path dir;

    @Test
    void sumsReplicasToTheScriptsLogicalCountsPerStep() throws Exception {
        PassCounts read = new PassCounts().read(reader, TraceShape.dense(3, 8),
                FIXTURE.resolve("eplb_stats.jsonl"), FIXTURE.resolve("eplb_stats_meta.jsonl"));

        assertThat(read.counts).isEqualTo(PassCounts.expected(FIXTURE));
        assertThat(read.passes).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L);
        assertThat(read.rejects).singleElement().satisfies(reject -> {
            assertThat(reject.sourceFile()).endsWith("eplb_stats_meta.jsonl");
            assertThat(reject.row()).isEqualTo(2);
            assertThat(reject.field()).isEqualTo("record_type");
            assertThat(reject.reason()).contains("'bench_run_start' carries no expert loads");
        });
    }

    @Test
    void bothLayoutsAreDetectedAndDeclareMoeLayersAndLogicalExperts() throws Exception {
        for (String name : List.of("eplb_stats.jsonl", "eplb_stats_meta.jsonl")) {
            LocalTraceFile file = new LocalTraceFile(FIXTURE.resolve(name));
            assertThat(RoutingFormat.detect(file)).as(name).isEqualTo(RoutingFormat.VLLM_EPLB_STATS);
            assertThat(reader.declaredShape(file)).as(name).contains(TraceShape.dense(3, 8));
        }
    }

    @Test
    void refusesAnUnknownVersionNamingIt() throws Exception {
        LocalTraceFile file = write(stats(2, 5, new long[][] {{1, 1, 1, 1}, {1, 1, 1, 1}}, MAP));

        assertThatThrownBy(() -> reader.read(file, new PassCounts()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": line 1: eplb_load_stats record version 2 is not read")
                .hasMessageContaining("knows version 1");
        assertThatThrownBy(() -> reader.declaredShape(file)).hasMessageContaining("version 2");
    }

    @Test
    void rejectsRecordsWhoseMapOrLoadsDisagree() throws Exception {
        long[][] load = {{4, 1, 2, 3}, {0, 5, 6, 1}};
        LocalTraceFile file = write(
                stats(1, 1, load, MAP),
                stats(1, 2, new long[][] {{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}}, MAP),
                stats(1, 3, load, new int[][] {{0, 1, 2, 4}, {2, 1, 0, 1}}),
                stats(1, 4, load, new int[][] {{0, 1, 3, 0}, {2, 1, 0, 1}}),
                stats(1, 5, new long[][] {{4, -1, 2, 3}, {0, 5, 6, 1}}, MAP),
                stats(1, 6, load, new int[][] {{0, 1, 2}, {2, 1, 0, 1}}),
                "{\"record_type\": \"eplb_initial_mapping\", \"version\": 1, \"num_slots\": 4}",
                "{\"record_type\": \"eplb_load_stats\", \"version\": 1, \"step\": 7, \"expert_lo");

        PassCounts read = new PassCounts().read(reader, TraceShape.dense(2, 3), file.path());

        assertThat(read.counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "1,0,0", 7L, "1,0,1", 1L, "1,0,2", 2L, "1,1,0", 6L, "1,1,1", 6L));
        assertThat(read.rejects).extracting(Reject::row, Reject::field).containsExactly(
                tuple(2L, "p2l_map"),
                tuple(3L, "p2l_map[0][3]"),
                tuple(4L, "p2l_map[0][2]"),
                tuple(5L, "expert_load[0][1]"),
                tuple(6L, "p2l_map[0]"),
                tuple(7L, "record_type"),
                tuple(8L, ""));
        assertThat(read.rejects.get(0).reason()).isEqualTo("expert_load holds 3 layers but p2l_map holds 2");
        assertThat(read.rejects.get(1).reason()).contains("maps to 4, not a logical expert id in [0, 4)");
        assertThat(read.rejects.get(2).reason()).contains("logical expert 3, outside the file's [0, 3)");
        assertThat(read.rejects.get(4).reason()).contains("layer 0 has 4 loads and 3 map entries");
        assertThat(read.rejects.get(6).reason()).startsWith("malformed JSON");
    }

    @Test
    void takesLogicalExpertsAndLayersFromTheMetaHeader() throws Exception {
        LocalTraceFile file = write(
                "{\"record_type\": \"eplb_load_meta\", \"version\": 1, \"num_layers\": 2, \"num_redundant_experts\": 0}",
                stats(1, 1, new long[][] {{4, 1, 2, 3}, {0, 5, 6, 1}}, MAP));

        // No redundant slots: four logical experts, though the map names only three.
        assertThat(reader.declaredShape(file)).contains(TraceShape.dense(2, 4));
        PassCounts read = new PassCounts().read(reader, TraceShape.dense(2, 4), file.path());
        assertThat(read.counts).containsEntry("1,0,0", 7L).hasSize(5);
    }

    @Test
    void refusesAFileWithoutStatistics() throws Exception {
        LocalTraceFile file = write("{\"record_type\": \"eplb_load_meta\", \"version\": 1, \"num_layers\": 2}");

        assertThatThrownBy(() -> reader.read(file, new PassCounts()))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("holds no eplb_load_stats record");
        assertThatThrownBy(() -> reader.declaredShape(file)).hasMessageContaining("no usable eplb_load_stats");
    }

    private static String stats(int version, long step, long[][] load, int[][] map) throws Exception {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("record_type", "eplb_load_stats");
        record.put("version", version);
        record.put("step", step);
        record.put("num_ranks", 2);
        record.put("expert_load", load);
        record.put("p2l_map", map);
        return JSON.writeValueAsString(record);
    }

    private LocalTraceFile write(String... lines) throws Exception {
        return new LocalTraceFile(Files.write(dir.resolve("stats.jsonl"), List.of(lines)));
    }
}
