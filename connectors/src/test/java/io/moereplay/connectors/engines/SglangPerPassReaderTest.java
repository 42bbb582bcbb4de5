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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGLang's per_pass and per_token dumps: slots mapped to logical experts with replicas summed, rank
 * files summed per forward pass, equal to what the fixture script drew; corrupt files refused.
 */
class SglangPerPassReaderTest {

    private static final SglangPerPassReader READER = new SglangPerPassReader();

    @TempDir Path dir;

    @Test
    void perPassRankFilesSumToTheScriptsCounts() throws IOException {
        List<Path> ranks = SglangFixtures.dumps("sglang-per-pass");
        assertThat(ranks).hasSize(2);

        SglangCounts counts = SglangCounts.read(READER, ranks);

        assertThat(counts.tokens).isEqualTo(SglangCounts.expected(SglangFixtures.path("sglang-per-pass/_expected_counts.csv")));
        assertThat(counts.rejects).isEmpty();
        assertThat(counts.passes).containsExactly(100L, 101L, 102L, 104L);
        for (Path rank : ranks) {
            LocalTraceFile file = new LocalTraceFile(rank);
            assertThat(READER.declaredShape(file)).contains(TraceShape.dense(3, 16));
            assertThat(RoutingFormat.detect(file)).isEqualTo(RoutingFormat.SGLANG_PER_PASS);
        }
    }

    @Test
    void perTokenRankFilesSumToTheScriptsCountsAfterTheirTopkCheck() throws IOException {
        SglangCounts counts = SglangCounts.read(READER, SglangFixtures.dumps("sglang-per-token"));

        Map<String, Long> expected = SglangCounts.expected(SglangFixtures.path("sglang-per-token/_expected_counts.csv"));
        assertThat(counts.tokens).isEqualTo(expected);
        assertThat(counts.rejects).isEmpty();
        // Every token choice counted once: 3 + (pass + rank) % 5 tokens a pass, 19 on rank 0 and 18 on
        // rank 1 over passes 100, 101, 102 and 104, each choosing 4 experts at each of 3 layers.
        assertThat(counts.tokens.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(37 * 3 * 4);
    }

    @Test
    void sumsTheReplicasOfAnExpert() throws IOException {
        // Slots 0 and 2 both hold expert 0; slot 3 holds expert 2, so expert 1 is never chosen.
        Path file = perPass("replicas.pt", Tensor.int64(new int[] {1, 4}, 0, 1, 0, 2),
                record(7, Tensor.int32(new int[] {1, 4}, 2, 3, 4, 0)));

        SglangCounts counts = SglangCounts.read(READER, List.of(file));

        assertThat(counts.tokens).containsExactlyInAnyOrderEntriesOf(Map.of("7,0,0", 6L, "7,0,1", 3L));
        assertThat(READER.declaredShape(new LocalTraceFile(file))).contains(TraceShape.dense(1, 3));
    }

    @Test
    void rejectsACountSummedFromANegativeSlot() throws IOException {
        Path file = perPass("negative.pt", Tensor.int64(new int[] {1, 3}, 0, 1, 0),
                record(7, Tensor.int32(new int[] {1, 3}, 2, 3, -1)));

        SglangCounts counts = SglangCounts.read(READER, List.of(file));

        assertThat(counts.tokens).containsExactlyInAnyOrderEntriesOf(Map.of("7,0,1", 3L));
        assertThat(counts.rejects).singleElement().satisfies(reject -> {
            assertThat(reject.row()).isEqualTo(1);
            assertThat(reject.field()).isEqualTo("records[0].global_physical_count");
            assertThat(reject.reason()).isEqualTo("slot 2 of layer 0, a replica of expert 0, has a negative count");
        });
    }

    @Test
    void refusesAMapWithFewerLayersThanTheCounts() {
        assertRefused(SglangFixtures.path("corrupt/sglang_per_pass_map_fewer_layers.pt"),
                "records[0].global_physical_count is [3, 20] but last_physical_to_logical_map is [2, 20]");
    }

    @Test
    void refusesCountsForSlotsOutsideTheMap() {
        assertRefused(SglangFixtures.path("corrupt/sglang_per_pass_slots_outside_map.pt"),
                "records[0].global_physical_count is [3, 24] but last_physical_to_logical_map is [3, 20]");
    }

    @Test
    void refusesATokensPhysicalIdOutsideTheMap() {
        assertRefused(SglangFixtures.path("corrupt/sglang_per_token_id_outside_map.pt"),
                "records[0].topk_ids_of_layer holds physical slot id 25 (layer 0, token 0) but the map has 20 slots");
    }

    @Test
    void refusesCountsThatDisagreeWithTheTokensChoices() throws IOException {
        Map<String, Object> record = record(3, Tensor.int32(new int[] {1, 2}, 1, 1));
        record.put("topk_ids_of_layer", Tensor.int32(new int[] {1, 2, 2}, 0, -1, 0, -1));
        Path file = perPass("mismatch.pt", Tensor.int64(new int[] {1, 2}, 0, 1), record);

        assertRefused(file, "records[0].global_physical_count gives slot 0 of layer 0 1 tokens but its"
                + " topk_ids_of_layer chose that slot 2 times; the record is corrupt");
    }

    @Test
    void refusesANegativeMapEntryAndAnEmptyRecording() throws IOException {
        assertRefused(perPass("bad-map.pt", Tensor.int64(new int[] {1, 2}, 0, -1),
                        record(1, Tensor.int32(new int[] {1, 2}, 1, 1))),
                "last_physical_to_logical_map maps slot 1 of layer 0 to logical expert -1");
        assertRefused(perPass("empty.pt", Tensor.int64(new int[] {1, 2}, 0, 1)),
                "records is empty: the recorder recorded no forward pass. Was /start_expert_distribution_record called");
    }

    @Test
    void refusesRecordsOfAGathererOtherThanPrimary() throws IOException {
        Map<String, Object> record = record(1, Tensor.int32(new int[] {1, 2}, 1, 1));
        record.put("gatherer_key", "child_a");

        assertRefused(perPass("tbo.pt", Tensor.int64(new int[] {1, 2}, 0, 1), record),
                "records[0].gatherer_key is 'child_a'; only \"primary\" records are read");
    }

    private static Map<String, Object> record(long forwardPassId, Tensor globalPhysicalCount) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("forward_pass_id", forwardPassId);
        record.put("rank", 0);
        record.put("gatherer_key", "primary");
        record.put("global_physical_count", globalPhysicalCount);
        return record;
    }

    @SafeVarargs
    private Path perPass(String name, Tensor map, Map<String, Object>... records) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("records", List.of(records));
        root.put("last_physical_to_logical_map", map);
        return TorchSaveWriter.save(dir.resolve(name), root);
    }

    private static void assertRefused(Path file, String message) {
        LocalTraceFile trace = new LocalTraceFile(file);
        assertThatThrownBy(() -> READER.read(trace, new SglangCounts()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file + ": " + message);
    }
}
