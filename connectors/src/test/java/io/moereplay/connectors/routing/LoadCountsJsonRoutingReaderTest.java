package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.ExpertLoad;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class LoadCountsJsonRoutingReaderTest {

    private final RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.LOAD_COUNTS_JSON);

    @TempDir Path dir;

    @Test
    void readsTheSwitchBase128Statistics() throws Exception {
        LocalTraceFile file = SharedRoutingTraces.routing("switch_base128_expert_statistics_3d.json");

        TraceShape shape = reader.declaredShape(file).orElseThrow();
        assertThat(shape).isEqualTo(TraceShape.ofLayers(new int[] {1, 3, 5, 7, 9, 11}, 128));
        RecordingVisitor read = RecordingVisitor.read(reader, file, shape);

        assertThat(read.rowsRead).isEqualTo(6 * 128);
        assertThat(read.rejects).isEmpty();
        assertThat(read.decisions).isEmpty();
        assertThat(read.loads).hasSize(6 * 128).allSatisfy(l -> assertThat(l.window()).isZero());
        assertThat(read.loadRows).first().isEqualTo(1L);
        assertThat(read.loadRows).last().isEqualTo(768L);
        Map<Integer, Long> perLayer = read.loads.stream().collect(
                Collectors.groupingBy(ExpertLoad::layer, Collectors.summingLong(ExpertLoad::tokens)));
        assertThat(perLayer).containsOnlyKeys(1, 3, 5, 7, 9, 11)
                .allSatisfy((layer, tokens) -> assertThat(tokens).isEqualTo(206_866L));
        // Hand-picked values from the file.
        assertThat(read.loads).contains(
                new ExpertLoad(0, 3, 122, 50_124),
                new ExpertLoad(0, 1, 0, 747),
                new ExpertLoad(0, 1, 3, 7_673),
                new ExpertLoad(0, 1, 35, 21),
                new ExpertLoad(0, 1, 47, 10_027),
                new ExpertLoad(0, 5, 64, 473),
                new ExpertLoad(0, 7, 47, 118),
                new ExpertLoad(0, 7, 122, 1),
                new ExpertLoad(0, 11, 127, 6));

        // Every count, independently: DuckDB walks the nested object with json_each.
        List<long[]> byDuckDb = SharedRoutingTraces.duckDbRows(
                "SELECT l.key::INTEGER, e.key::INTEGER, e.value::BIGINT FROM read_text("
                        + SharedRoutingTraces.sqlPath(file.path()) + ") f,"
                        + " json_each(f.content::JSON, '$.expert_usage_by_layer') l,"
                        + " json_each(l.value) e ORDER BY 1, 2");
        List<ExpertLoad> expected = new ArrayList<>();
        for (long[] row : byDuckDb) {
            expected.add(new ExpertLoad(0, (int) row[0], (int) row[1], row[2]));
        }
        assertThat(read.loads).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);

        // And by Jackson's tree model, in file order.
        JsonNode usage = new ObjectMapper().readTree(file.path().toFile()).get("expert_usage_by_layer");
        List<ExpertLoad> inFileOrder = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> layers = usage.fields(); layers.hasNext(); ) {
            Map.Entry<String, JsonNode> layer = layers.next();
            for (Iterator<Map.Entry<String, JsonNode>> experts = layer.getValue().fields(); experts.hasNext(); ) {
                Map.Entry<String, JsonNode> expert = experts.next();
                inFileOrder.add(new ExpertLoad(0, Integer.parseInt(layer.getKey()),
                        Integer.parseInt(expert.getKey()), expert.getValue().longValue()));
            }
        }
        assertThat(read.loads).isEqualTo(inFileOrder);
    }

    /** Layers 1 and 3 of 4 experts; entry 2 (layer 1's second) is the corrupt one. */
    private static String counts(String layer1) {
        return "{\"num_experts\": 4, \"layers\": [1, 3], \"expert_usage_by_layer\": {\n"
                + "  \"1\": {" + layer1 + "},\n  \"3\": {\"0\": 5, \"3\": 6}\n}}\n";
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                arguments("negative count", "\"0\": 10, \"1\": -5, \"2\": 30",
                        "expert_usage_by_layer.1.1", "token count -5 is negative"),
                arguments("fractional count", "\"0\": 10, \"1\": 12.5, \"2\": 30",
                        "expert_usage_by_layer.1.1", "token count 12.5 is not an integer"),
                arguments("count as a string", "\"0\": 10, \"1\": \"12.5\", \"2\": 30",
                        "expert_usage_by_layer.1.1", "token count 12.5 is not an integer"),
                arguments("count beyond long", "\"0\": 10, \"1\": 99999999999999999999, \"2\": 30",
                        "expert_usage_by_layer.1.1", "token count 99999999999999999999 is not an integer"),
                arguments("count null", "\"0\": 10, \"1\": null, \"2\": 30",
                        "expert_usage_by_layer.1.1", "token count null is not an integer"),
                arguments("count a list", "\"0\": 10, \"1\": [5, 6], \"2\": 30",
                        "expert_usage_by_layer.1.1", "is not an integer"),
                arguments("expert key not an integer", "\"0\": 10, \"x\": 20, \"2\": 30",
                        "expert_usage_by_layer.1.x", "expert key 'x' is not a non-negative integer"),
                arguments("negative expert key", "\"0\": 10, \"-1\": 20, \"2\": 30",
                        "expert_usage_by_layer.1.-1", "expert key '-1' is not a non-negative integer"),
                arguments("expert id >= num_experts", "\"0\": 10, \"4\": 20, \"2\": 30",
                        "expert", "expert id 4 is outside [0, 4)"),
                arguments("duplicate expert key", "\"0\": 10, \"0\": 20, \"2\": 30",
                        "expert", "duplicate count for layer 1, expert 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEntries")
    void rejectsABadEntryAndKeepsTheRest(String name, String layer1, String field, String reason)
            throws Exception {
        LocalTraceFile file = write("counts.json", counts(layer1));

        RecordingVisitor read = RecordingVisitor.read(reader, file, reader.declaredShape(file).orElseThrow());

        assertThat(read.rowsRead).isEqualTo(5);
        read.assertOnlyReject(file.name(), 2, field, reason);
        assertThat(read.loadRows).containsExactly(1L, 3L, 4L, 5L);
        assertThat(read.loads).containsExactly(new ExpertLoad(0, 1, 0, 10),
                new ExpertLoad(0, 1, 2, 30), new ExpertLoad(0, 3, 0, 5), new ExpertLoad(0, 3, 3, 6));
    }

    @Test
    void rejectsEveryEntryOfALayerNotDeclared() throws Exception {
        LocalTraceFile file = write("counts.json", "{\"num_experts\": 4, \"layers\": [1, 3],"
                + " \"expert_usage_by_layer\": {\"1\": {\"0\": 1}, \"2\": {\"0\": 2, \"1\": 3},"
                + " \"3\": {\"0\": 4}}}");

        RecordingVisitor read = RecordingVisitor.read(reader, file, reader.declaredShape(file).orElseThrow());

        assertThat(read.rowsRead).isEqualTo(4);
        assertThat(read.rejects).hasSize(2).allSatisfy(r -> {
            assertThat(r.field()).isEqualTo("layer");
            assertThat(r.reason()).isEqualTo("layer 2 is not one of [1, 3]");
        });
        assertThat(read.rejects).extracting(r -> r.row()).containsExactly(2L, 3L);
        assertThat(read.loads).containsExactly(new ExpertLoad(0, 1, 0, 1), new ExpertLoad(0, 3, 0, 4));
        assertThat(read.loadRows).containsExactly(1L, 4L);
    }

    @Test
    void rejectsEveryEntryOfALayerKeyThatIsNotAnInteger() throws Exception {
        LocalTraceFile file = write("counts.json", "{\"num_experts\": 4, \"layers\": [1, 3],"
                + " \"expert_usage_by_layer\": {\"1\": {\"0\": 1}, \"one\": {\"0\": 2, \"1\": 3}}}");

        RecordingVisitor read = RecordingVisitor.read(reader, file, reader.declaredShape(file).orElseThrow());

        assertThat(read.rowsRead).isEqualTo(3);
        assertThat(read.rejects).extracting(r -> r.row() + " " + r.field() + " " + r.reason())
                .containsExactly(
                        "2 expert_usage_by_layer.one.0 layer key 'one' is not a non-negative integer",
                        "3 expert_usage_by_layer.one.1 layer key 'one' is not a non-negative integer");
        assertThat(read.loads).containsExactly(new ExpertLoad(0, 1, 0, 1));
    }

    @Test
    void rejectsALayerEntryThatIsNotAnObjectAsOneRow() throws Exception {
        LocalTraceFile file = write("counts.json", "{\"num_experts\": 4, \"layers\": [1, 3],"
                + " \"expert_usage_by_layer\": {\"1\": [1, 2, 3], \"3\": {\"0\": 4}}}");

        RecordingVisitor read = RecordingVisitor.read(reader, file, reader.declaredShape(file).orElseThrow());

        assertThat(read.rowsRead).isEqualTo(2);
        read.assertOnlyReject(file.name(), 1, "expert_usage_by_layer.1",
                "is not an object of expert counts");
        assertThat(read.loads).containsExactly(new ExpertLoad(0, 3, 0, 4));
    }

    @Test
    void refusesTruncatedJsonNamingTheFile() throws Exception {
        String whole = counts("\"0\": 10, \"1\": 20");
        LocalTraceFile file = write("truncated.json", whole.substring(0, whole.indexOf("\"3\"") + 2));

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("malformed JSON at line 3");
    }

    @Test
    void refusesJsonWithoutUsage() throws Exception {
        LocalTraceFile file = write("other.json", "{\"num_experts\": 4, \"layers\": [1, 3]}");

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("no \"expert_usage_by_layer\" field");
    }

    @Test
    void refusesABadDeclaredShape() throws Exception {
        LocalTraceFile noLayers = write("nolayers.json",
                "{\"num_experts\": 4, \"expert_usage_by_layer\": {}}");
        LocalTraceFile unsorted = write("unsorted.json",
                "{\"num_experts\": 4, \"layers\": [3, 1], \"expert_usage_by_layer\": {}}");
        LocalTraceFile zeroExperts = write("zero.json",
                "{\"num_experts\": 0, \"layers\": [1], \"expert_usage_by_layer\": {}}");

        assertThatThrownBy(() -> reader.declaredShape(noLayers))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(noLayers.name() + ": ")
                .hasMessageContaining("field \"layers\" is not a non-empty list of layer ids");
        assertThatThrownBy(() -> reader.declaredShape(unsorted))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(unsorted.name() + ": ")
                .hasMessageContaining("layer ids must be strictly increasing");
        assertThatThrownBy(() -> reader.declaredShape(zeroExperts))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(zeroExperts.name() + ": ")
                .hasMessageContaining("field \"num_experts\" is 0, not a positive integer");
    }

    private LocalTraceFile write(String name, String text) throws Exception {
        return new LocalTraceFile(Files.writeString(dir.resolve(name), text));
    }
}
