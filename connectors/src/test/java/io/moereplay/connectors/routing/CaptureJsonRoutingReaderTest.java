package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class CaptureJsonRoutingReaderTest {

    private final RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.CAPTURE_JSON);

    @TempDir Path dir;

    @Test
    void readsTheSwitchBase8Capture() throws Exception {
        LocalTraceFile file = SharedRoutingTraces.routing("switch_base8_router_trace.v2.json");

        TraceShape shape = reader.declaredShape(file).orElseThrow();
        assertThat(shape).isEqualTo(TraceShape.dense(6, 8));
        RecordingVisitor read = RecordingVisitor.read(reader, file, shape);

        // 215 tokens x 6 sparse layers, top-1.
        assertThat(read.rowsRead).isEqualTo(1290);
        assertThat(read.rejects).isEmpty();
        assertThat(read.loads).isEmpty();
        assertThat(read.decisions).hasSize(1290);
        assertThat(read.decisions).allSatisfy(d -> {
            assertThat(d.topK()).isEqualTo(1);
            assertThat(d.requestId()).isZero();
            assertThat(d.phase()).isEqualTo(Phase.PREFILL);
            assertThat(d.gateWeights()).isEmpty();
        });
        // First token's selections in the file: [[7], [0], [2], [1], [3], [7]]
        assertThat(read.decisions.subList(0, 6)).extracting(d -> d.experts()[0])
                .containsExactly(7, 0, 2, 1, 3, 7);
        assertThat(read.decisions.get(6))
                .isEqualTo(new RoutingRecord(0, 1, Phase.PREFILL, 0, new int[] {5}, null));
        RoutingRecord last = read.decisions.get(1289);
        assertThat(last.tokenIndex()).isEqualTo(214);
        assertThat(last.layer()).isEqualTo(5);

        // Independent count per (layer, expert): DuckDB unnests selections[token][layer][k],
        // numbering layers by their 0-based position in each token's list.
        List<long[]> expected = SharedRoutingTraces.duckDbRows(
                "WITH t AS (SELECT unnest(selections) AS tok FROM read_json_auto("
                        + SharedRoutingTraces.sqlPath(file.path()) + ")),"
                        + " l AS (SELECT unnest(tok) AS chosen,"
                        + " generate_subscripts(tok, 1) - 1 AS layer FROM t),"
                        + " e AS (SELECT layer, unnest(chosen) AS expert FROM l)"
                        + " SELECT layer, expert, count(*) FROM e GROUP BY ALL ORDER BY ALL");
        assertThat(expected).hasSize(48);
        Map<List<Integer>, Long> counted = read.decisions.stream()
                .flatMap(d -> java.util.Arrays.stream(d.experts()).mapToObj(e -> List.of(d.layer(), e)))
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        Map<List<Integer>, Long> byDuckDb = new HashMap<>();
        for (long[] row : expected) {
            byDuckDb.put(List.of((int) row[0], (int) row[1]), row[2]);
        }
        assertThat(counted).isEqualTo(byDuckDb);
        // Spot checks by hand from a Python count of the file: layer 2 expert 3 = 57, layer 4
        // expert 1 = 6; every layer sums to 215 tokens.
        assertThat(counted.get(List.of(2, 3))).isEqualTo(57L);
        assertThat(counted.get(List.of(4, 1))).isEqualTo(6L);
        for (int layer = 0; layer < 6; layer++) {
            int l = layer;
            assertThat(read.decisions.stream().filter(d -> d.layer() == l)).hasSize(215);
        }
    }

    /** Capture of 2 layers x 4 experts; token 1 is the corrupt one (rows 3 and 4). */
    private static String capture(String token1) {
        return "{\"layers\": 2, \"expertsPerLayer\": 4, \"topK\": 1,\n"
                + " \"selections\": [\n  [[0], [1]],\n  " + token1 + ",\n  [[2], [3]]\n ]}\n";
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                arguments("expert id string", "[[\"1\"], [2]]",
                        "selections[1][0]", "expert id 1 is not an integer"),
                arguments("expert id fraction", "[[1.5], [2]]",
                        "selections[1][0]", "expert id 1.5 is not an integer"),
                arguments("expert id beyond int in a list", "[[99999999999], [2]]",
                        "selections[1][0]", "expert id 99999999999 is not an integer"),
                arguments("expert id beyond int, bare", "[99999999999, [2]]",
                        "selections[1][0]", "expert id 99999999999 is not an integer"),
                arguments("layer entry not a list", "[{\"e\": 1}, [2]]",
                        "selections[1][0]", "layer entry {...} is not a list of expert ids"),
                arguments("layer entry null", "[null, [2]]",
                        "selections[1][0]", "layer entry null is not a list of expert ids"),
                arguments("expert id >= expertsPerLayer", "[[4], [2]]",
                        "experts", "expert id 4 is outside [0, 4)"),
                arguments("negative expert id", "[[-1], [2]]",
                        "experts", "expert id -1 is negative"),
                arguments("duplicate expert", "[[1, 1], [2]]",
                        "experts", "expert 1 chosen twice"),
                arguments("no experts", "[[], [2]]", "experts", "no experts chosen"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEntries")
    void rejectsABadEntryAndKeepsTheRest(String name, String token1, String field, String reason)
            throws Exception {
        LocalTraceFile file = write("capture.json", capture(token1));

        RecordingVisitor read = RecordingVisitor.read(reader, file, reader.declaredShape(file).orElseThrow());

        assertThat(read.rowsRead).isEqualTo(6);
        read.assertOnlyReject(file.name(), 3, field, reason);
        assertThat(read.decisionRows).containsExactly(1L, 2L, 4L, 5L, 6L);
        assertThat(read.decisions).containsExactly(
                decision(0, 0, 0), decision(0, 1, 1), decision(1, 1, 2),
                decision(2, 0, 2), decision(2, 1, 3));
    }

    @Test
    void rejectsATokenEntryThatIsNotAListAsOneRow() throws Exception {
        LocalTraceFile file = write("capture.json", capture("{\"layer0\": [1]}"));

        RecordingVisitor read = RecordingVisitor.read(reader, file, TraceShape.dense(2, 4));

        // Rows: token 0 (1, 2), token 1 as one rejected row (3), token 2 (4, 5).
        assertThat(read.rowsRead).isEqualTo(5);
        read.assertOnlyReject(file.name(), 3, "selections[1]", "token entry {...} is not a list of layers");
        assertThat(read.decisionRows).containsExactly(1L, 2L, 4L, 5L);
        assertThat(read.decisions).containsExactly(
                decision(0, 0, 0), decision(0, 1, 1), decision(2, 0, 2), decision(2, 1, 3));
    }

    @Test
    void rejectsALayerBeyondTheDeclaredLayers() throws Exception {
        LocalTraceFile file = write("capture.json", capture("[[1], [2], [3]]"));

        RecordingVisitor read = RecordingVisitor.read(reader, file, reader.declaredShape(file).orElseThrow());

        assertThat(read.rowsRead).isEqualTo(7);
        read.assertOnlyReject(file.name(), 5, "layer", "layer 2 is not one of [0, 2)");
        assertThat(read.decisions).containsExactly(
                decision(0, 0, 0), decision(0, 1, 1), decision(1, 0, 1), decision(1, 1, 2),
                decision(2, 0, 2), decision(2, 1, 3));
    }

    @Test
    void readsBareTopOneIdsAndTopK() throws Exception {
        LocalTraceFile file = write("capture.json", "{\"selections\": [[3, [0, 2]]],"
                + " \"layers\": 2, \"expertsPerLayer\": 4}");

        RecordingVisitor read = RecordingVisitor.read(reader, file, reader.declaredShape(file).orElseThrow());

        assertThat(read.rejects).isEmpty();
        assertThat(read.decisions).containsExactly(decision(0, 0, 3),
                new RoutingRecord(0, 0, Phase.PREFILL, 1, new int[] {0, 2}, null));
    }

    @Test
    void refusesTruncatedJsonNamingTheFile() throws Exception {
        String whole = capture("[[1], [2]]");
        LocalTraceFile file = write("truncated.json", whole.substring(0, whole.indexOf("[[2]")));

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("malformed JSON at line 5");
    }

    @Test
    void refusesJsonWithoutSelections() throws Exception {
        LocalTraceFile file = write("other.json", "{\"layers\": 2, \"expertsPerLayer\": 4}");

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("no \"selections\" field");
    }

    @Test
    void refusesSelectionsThatAreNotAList() throws Exception {
        LocalTraceFile file = write("flat.json", "{\"selections\": {\"0\": [1]}}");

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("\"selections\" is not a list");
    }

    @Test
    void refusesATopLevelArray() throws Exception {
        LocalTraceFile file = write("array.json", "[[[1]]]");

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void refusesAShapeWithoutExpertsPerLayer() throws Exception {
        LocalTraceFile file = write("noexperts.json", "{\"layers\": 2, \"selections\": [[[1]]]}");

        assertThatThrownBy(() -> reader.declaredShape(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("field \"expertsPerLayer\" is missing, not a positive integer");
    }

    private static RoutingRecord decision(int token, int layer, int expert) {
        return new RoutingRecord(0, token, Phase.PREFILL, layer, new int[] {expert}, null);
    }

    private LocalTraceFile write(String name, String text) throws Exception {
        return new LocalTraceFile(Files.writeString(dir.resolve(name), text));
    }
}
