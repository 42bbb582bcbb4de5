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
import java.util.stream.Stream;

class TokenJsonlRoutingReaderTest {

    /** Layers 0..3, 8 experts. */
    private static final TraceShape SHAPE = TraceShape.dense(4, 8);

    private static final String GOOD_BEFORE =
            "{\"request_id\": 1, \"token_idx\": 0, \"layer\": 0, \"experts\": [1, 2],"
                    + " \"gating_probs\": [0.625, 0.375]}\n";
    private static final String GOOD_AFTER =
            "{\"request_id\": 1, \"token_idx\": 0, \"layer\": 1, \"experts\": [3, 4]}\n";
    private static final RoutingRecord BEFORE = new RoutingRecord(
            1, 0, Phase.PREFILL, 0, new int[] {1, 2}, new float[] {0.625f, 0.375f});
    private static final RoutingRecord AFTER =
            new RoutingRecord(1, 0, Phase.PREFILL, 1, new int[] {3, 4}, null);

    private final RoutingTraceReader reader = RoutingTraceReader.of(RoutingFormat.TOKEN_JSONL);

    @TempDir Path dir;

    @Test
    void readsEveryFieldSpelling() throws Exception {
        LocalTraceFile file = write("spellings.jsonl",
                "{\"request_id\": 7, \"token_idx\": 3, \"layer\": 2, \"experts\": [5, 0, 7],"
                        + " \"gating_probs\": [0.5, 0.25, 0.25], \"phase\": \"decode\"}\n"
                        + "{\"problem_id\": \"8\", \"token_index\": 0, \"layer_id\": 3,"
                        + " \"expert_ids\": [6], \"gate_weights\": [1.0], \"phase\": \"PREFILL\"}\n"
                        + "{\"request_id\": 9, \"token_idx\": 1, \"layer\": 0, \"topk_ids\": 4,"
                        + " \"topk_weights\": [0.75]}\n"
                        + "\n\n"); // trailing blank lines are not rows

        RecordingVisitor read = RecordingVisitor.read(reader, file, SHAPE);

        assertThat(read.rowsRead).isEqualTo(3);
        assertThat(read.rejects).isEmpty();
        assertThat(read.decisions).containsExactly(
                new RoutingRecord(7, 3, Phase.DECODE, 2, new int[] {5, 0, 7},
                        new float[] {0.5f, 0.25f, 0.25f}),
                new RoutingRecord(8, 0, Phase.PREFILL, 3, new int[] {6}, new float[] {1.0f}),
                new RoutingRecord(9, 1, Phase.PREFILL, 0, new int[] {4}, new float[] {0.75f}));
        assertThat(read.decisionRows).containsExactly(1L, 2L, 3L);
        assertThat(reader.declaredShape(file)).isEmpty();
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                arguments("malformed JSON", "{\"request_id\": 1, \"token_idx\": 1,", "", "malformed JSON"),
                arguments("two objects on a line",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1]} {}",
                        "", "malformed JSON"),
                arguments("not an object", "[1, 0, 0, [2]]", "", "line is not a JSON object"),
                arguments("token_idx \"1.5\"",
                        "{\"request_id\": 1, \"token_idx\": \"1.5\", \"layer\": 0, \"experts\": [1]}",
                        "token_idx", "token_idx \"1.5\" is not an integer"),
                arguments("token_idx 1.5",
                        "{\"request_id\": 1, \"token_idx\": 1.5, \"layer\": 0, \"experts\": [1]}",
                        "token_idx", "token_idx 1.5 is not an integer"),
                arguments("token_idx \"abc\"",
                        "{\"request_id\": 1, \"token_idx\": \"abc\", \"layer\": 0, \"experts\": [1]}",
                        "token_idx", "token_idx \"abc\" is not an integer"),
                arguments("token_idx beyond int",
                        "{\"request_id\": 1, \"token_idx\": 3000000000, \"layer\": 0, \"experts\": [1]}",
                        "token_idx", "token_idx 3000000000 is out of int range"),
                arguments("negative token_idx",
                        "{\"request_id\": 1, \"token_idx\": -2, \"layer\": 0, \"experts\": [1]}",
                        "token_index", "token index -2 is negative"),
                arguments("negative request_id",
                        "{\"request_id\": -3, \"token_idx\": 1, \"layer\": 0, \"experts\": [1]}",
                        "request_id", "request id -3 is negative"),
                arguments("missing request_id",
                        "{\"token_idx\": 1, \"layer\": 0, \"experts\": [1]}",
                        "request_id", "request_id is missing"),
                arguments("negative layer",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": -1, \"experts\": [1]}",
                        "layer", "layer -1 is negative"),
                arguments("layer not in shape",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 4, \"experts\": [1]}",
                        "layer", "layer 4 is not one of [0, 4)"),
                arguments("expert id >= E",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1, 8]}",
                        "experts", "expert id 8 is outside [0, 8)"),
                arguments("negative expert id",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [-1]}",
                        "experts", "expert id -1 is negative"),
                arguments("expert id not a number",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1, \"x\"]}",
                        "experts", "experts \"x\" is not an integer"),
                arguments("duplicate expert",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [2, 5, 2]}",
                        "experts", "expert 2 chosen twice"),
                arguments("no experts",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": []}",
                        "experts", "no experts chosen"),
                arguments("missing experts",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0}",
                        "experts", "experts is missing"),
                arguments("duplicate (request, token, layer)",
                        "{\"request_id\": 1, \"token_idx\": 0, \"layer\": 0, \"experts\": [6]}",
                        "token_index", "duplicate decision for request 1, token 0, layer 0"),
                arguments("bad phase",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1],"
                                + " \"phase\": \"warmup\"}",
                        "phase", "phase 'warmup' is not one of prefill, decode"),
                arguments("gate weight count mismatch",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1, 2],"
                                + " \"gating_probs\": [0.5]}",
                        "gate_weights", "1 gate weights for 2 experts"),
                arguments("negative gate weight",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1, 2],"
                                + " \"gating_probs\": [0.5, -0.25]}",
                        "gate_weights", "gate weight -0.25 is not a finite non-negative number"),
                arguments("gate weights not a list",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1],"
                                + " \"gating_probs\": 0.5}",
                        "gating_probs", "gating_probs 0.5 is not a list"),
                arguments("gate weight not a number",
                        "{\"request_id\": 1, \"token_idx\": 1, \"layer\": 0, \"experts\": [1],"
                                + " \"gating_probs\": [\"high\"]}",
                        "gating_probs", "gate weight \"high\" is not a number"),
                arguments("blank interior line", "   ", "", "blank line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void rejectsABadLineAndKeepsItsNeighbours(String name, String line, String field, String reason)
            throws Exception {
        LocalTraceFile file = write("bad.jsonl", GOOD_BEFORE + line + "\n" + GOOD_AFTER);

        RecordingVisitor read = RecordingVisitor.read(reader, file, SHAPE);

        assertThat(read.rowsRead).isEqualTo(3);
        read.assertOnlyReject(file.name(), 2, field, reason);
        assertThat(read.decisions).containsExactly(BEFORE, AFTER);
        assertThat(read.decisionRows).containsExactly(1L, 3L);
    }

    @Test
    void rejectsEveryBlankLineOfARun() throws Exception {
        LocalTraceFile file = write("blanks.jsonl", GOOD_BEFORE + "\n\r\n" + GOOD_AFTER + "\n");

        RecordingVisitor read = RecordingVisitor.read(reader, file, SHAPE);

        assertThat(read.rowsRead).isEqualTo(4);
        assertThat(read.rejects).extracting(r -> r.row()).containsExactly(2L, 3L);
        assertThat(read.rejects).allSatisfy(r -> assertThat(r.reason()).isEqualTo("blank line"));
        assertThat(read.decisions).containsExactly(BEFORE, AFTER);
        assertThat(read.decisionRows).containsExactly(1L, 4L);
    }

    @Test
    void refusesAFileWhoseFirstLineIsNotJson() throws Exception {
        LocalTraceFile file = write("csv.jsonl", "request_id,token_idx,layer,experts\n1,0,0,3\n");

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("line 1 is not JSON");
    }

    @Test
    void refusesAFileOfBlankLines() throws Exception {
        LocalTraceFile file = write("blank.jsonl", "\n \n\n");

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("no data lines");
    }

    @Test
    void refusesAMissingFile() {
        LocalTraceFile file = new LocalTraceFile(dir.resolve("absent.jsonl"));

        assertThatThrownBy(() -> reader.read(file, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("no such file");
    }

    private LocalTraceFile write(String name, String text) throws Exception {
        return new LocalTraceFile(Files.writeString(dir.resolve(name), text));
    }
}
