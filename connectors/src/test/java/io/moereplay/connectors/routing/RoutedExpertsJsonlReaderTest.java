package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.engines.RoutedExpertsJsonlReader;
import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The routed-experts reader against the fixtures make_routed_fixtures.py wrote (engines/routed-experts):
 * the same six requests as vLLM and as SGLang return them, whose counts the script computed.
 */
class RoutedExpertsJsonlReaderTest {

    private static final TraceShape SHAPE = TraceShape.dense(4, 8);
    private static final String VLLM_LINE = "{\"id\":\"chatcmpl-%d\",\"choices\":[{\"index\":0,\"routed_experts\":%s}],"
            + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":2},\"prompt_routed_experts\":%s}";

    @TempDir Path dir;

    private final RoutedExpertsJsonlReader reader = new RoutedExpertsJsonlReader();

    @Test
    void vllmResponsesGiveTheScriptsCountsAndRejectEveryPrefixCachedRow() throws Exception {
        RecordingVisitor read = RecordingVisitor.read(reader, fixture("vllm_responses.jsonl"), SHAPE);

        assertThat(countsByPhase(read)).isEqualTo(expectedCountsByPhase());
        assertThat(read.decisions).hasSize(216);
        assertThat(read.rowsRead).isEqualTo(280);
        assertThat(read.rejects).hasSize(64).allSatisfy(reject -> {
            assertThat(reject.reason()).isEqualTo("prefix-cached position: the engine did not route it");
            assertThat(reject.field()).startsWith("prompt_routed_experts[");
        });
        // chatcmpl-<n>: the number the caller gave as request_id
        assertThat(read.decisions.stream().map(RoutingRecord::requestId).distinct()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void sglangResponsesGiveTheSameCountsWithTheDenseLayerDroppedAndLineIndexIds() throws Exception {
        RecordingVisitor read = RecordingVisitor.read(reader, fixture("sglang_responses.jsonl"), SHAPE);

        assertThat(countsByPhase(read)).isEqualTo(expectedCountsByPhase());
        assertThat(read.rowsRead).isEqualTo(280);
        assertThat(read.rejects).hasSize(64)
                .allSatisfy(reject -> assertThat(reject.reason()).contains("prefix-cached"));
        assertThat(read.decisions.stream().map(RoutingRecord::requestId).distinct()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void bothFixturesAreDetectedAndDeclareNoShape() throws Exception {
        for (String name : List.of("vllm_responses.jsonl", "sglang_responses.jsonl")) {
            assertThat(RoutingFormat.detect(fixture(name))).isEqualTo(RoutingFormat.ROUTED_EXPERTS);
            assertThat(reader.declaredShape(fixture(name))).isEmpty();
        }
    }

    @Test
    void sglangUint16BuffersAndVllmNpyStringsAreDecoded() throws Exception {
        // One request of 2 prompt + 2 completion tokens: 3 positions x 1 layer x top-2.
        int[] ids = {3, 5, 1, 2, 7, 6};
        ByteBuffer uint16 = ByteBuffer.allocate(ids.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int id : ids) {
            uint16.putShort((short) id);
        }
        String sglang = "{\"top_k\":2,\"meta_info\":{\"id\":\"abc\",\"prompt_tokens\":2,\"completion_tokens\":2,"
                + "\"routed_experts_dtype\":\"uint16\",\"routed_experts\":\"" + base64(uint16.array()) + "\"}}";
        String vllm = "{\"id\":\"chatcmpl-9\",\"choices\":[{\"index\":0,\"routed_experts\":\"" + npyInt16(ids, 3, 1, 2)
                + "\"}],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":2}}";

        for (String line : List.of(sglang, vllm)) {
            RecordingVisitor read = RecordingVisitor.read(reader, file("one.jsonl", line), TraceShape.dense(1, 8));
            assertThat(read.rejects).isEmpty();
            assertThat(read.decisions).extracting(d -> d.tokenIndex() + ":" + d.phase() + ":" + d.experts()[0] + "," + d.experts()[1])
                    .containsExactly("0:PREFILL:3,5", "1:PREFILL:1,2", "2:DECODE:7,6");
        }
    }

    @Test
    void aFileWhoseEveryIdIsZeroIsRefusedWithTheKnownCause() throws IOException {
        LocalTraceFile zeros = file("zeros.jsonl", vllm(0, "[[[0,0]]]", "[[[0,0]],[[0,0]]]"),
                vllm(1, "[[[0,0]]]", "[[[0,0]],[[0,0]]]"));

        assertThatThrownBy(() -> reader.read(zeros, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(zeros.name() + ": ")
                .hasMessageContaining("every routed expert id in the file is 0")
                .hasMessageContaining("bypasses select_experts");
    }

    @Test
    void aRequestWhoseEveryIdIsZeroIsRejectedRowByRow() throws IOException {
        RecordingVisitor read = RecordingVisitor.read(reader, file("one-zero.jsonl",
                vllm(0, "[[[1,2]]]", "[[[3,4]],[[5,6]]]"), vllm(1, "[[[0,0]]]", "[[[0,0]],[[0,0]]]")), TraceShape.dense(1, 8));

        assertThat(read.decisions).hasSize(3);
        assertThat(read.rejects).hasSize(3).allSatisfy(reject -> {
            assertThat(reject.row()).isEqualTo(2);
            assertThat(reject.reason()).contains("every routed expert id of this response is 0");
        });
    }

    @Test
    void aTruncatedLineIsOneRejectAndATruncatedFirstLineRefusesTheFile() throws IOException {
        String whole = vllm(0, "[[[1,2]]]", "[[[3,4]],[[5,6]]]");
        String cut = vllm(1, "[[[1,2]]]", "[[[3,4]],[[5,6]]]").substring(0, 60);
        LocalTraceFile cutSecond = file("cut.jsonl", whole, cut);
        RecordingVisitor read = RecordingVisitor.read(reader, cutSecond, TraceShape.dense(1, 8));

        assertThat(read.decisions).hasSize(3);
        read.assertOnlyReject(cutSecond.name(), 2, "", "malformed JSON");
        LocalTraceFile cutFirst = file("cut-first.jsonl", cut, whole);
        assertThatThrownBy(() -> reader.read(cutFirst, new RecordingVisitor()))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("line 1: malformed JSON");
        assertThatThrownBy(() -> reader.declaredShape(cutFirst)).isInstanceOf(TraceFormatException.class);
    }

    @Test
    void wrongNestingAndLayerCountsThatDifferBetweenTokensRejectTheLine() throws IOException {
        String good = vllm(0, "[[[1,2]]]", "[[[3,4]],[[5,6]]]");
        String flat = vllm(1, "[[1,2]]", "[[[3,4]],[[5,6]]]");
        String ragged = "{\"id\":\"chatcmpl-2\",\"prompt_routed_experts\":[[[3,4],[1,2]],[[5,6]]],"
                + "\"usage\":{\"prompt_tokens\":2}}";
        RecordingVisitor read = RecordingVisitor.read(reader, file("bad.jsonl", good, flat, ragged), TraceShape.dense(1, 8));

        assertThat(read.decisions).hasSize(3);
        assertThat(read.rejects).extracting(Reject::row, Reject::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "choices[0].routed_experts[0][0]"),
                        org.assertj.core.groups.Tuple.tuple(3L, "prompt_routed_experts[1]"));
        assertThat(read.rejects.get(0).reason()).contains("is a number where a list of expert ids belongs");
        assertThat(read.rejects.get(1).reason()).contains("has 1 layers where prompt_routed_experts[0] has 2");
    }

    @Test
    void aResponseOfAnotherLayerCountThanTheFirstIsRejected() throws IOException {
        LocalTraceFile twoModels = file("two-models.jsonl",
                vllm(0, "[[[1,2]]]", "[[[3,4]],[[5,6]]]"), vllm(1, "[[[1,2],[3,4]]]", "[[[3,4],[1,2]],[[5,6],[1,2]]]"));
        RecordingVisitor read = RecordingVisitor.read(reader, twoModels, TraceShape.dense(1, 8));

        read.assertOnlyReject(twoModels.name(), 2, "prompt_routed_experts", "has 2 layers x top-2 where the file's first response has 1 x top-2");
    }

    @Test
    void idsOutsideTheExpertsAndNegativeIdsAreRejected() throws IOException {
        RecordingVisitor read = RecordingVisitor.read(reader, file("range.jsonl",
                vllm(0, "[[[1,8]]]", "[[[3,-4]],[[5,6]]]")), TraceShape.dense(1, 8));

        assertThat(read.decisions).hasSize(1);
        assertThat(read.rejects).extracting(Reject::reason)
                .containsExactlyInAnyOrder("expert id -4 is negative",
                        "expert id 8 is outside [0, 8)");
    }

    @Test
    void sglangLinesWithoutTopKRefuseTheFileNamingTheFix() throws IOException {
        LocalTraceFile noTopK = file("no-top-k.jsonl", "{\"meta_info\":{\"id\":\"x\",\"prompt_tokens\":1,"
                + "\"completion_tokens\":2,\"routed_experts\":\"" + base64(new byte[16]) + "\"}}");

        assertThatThrownBy(() -> reader.declaredShape(noTopK))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("add \"top_k\"");
    }

    @Test
    void aSecondChoiceOfAnNGreaterThanOneRequestIsRejected() throws IOException {
        String twoChoices = "{\"id\":\"chatcmpl-0\",\"choices\":[{\"index\":0,\"routed_experts\":[[[3,4]]]},"
                + "{\"index\":1,\"routed_experts\":[[[5,6]]]}],\"usage\":{\"prompt_tokens\":1},"
                + "\"prompt_routed_experts\":[[[1,2]]]}";
        LocalTraceFile n2 = file("n2.jsonl", twoChoices);
        RecordingVisitor read = RecordingVisitor.read(reader, n2, TraceShape.dense(1, 8));

        assertThat(read.decisions).hasSize(2);
        read.assertOnlyReject(n2.name(), 1, "choices[1].routed_experts[0][0]", "only choice 0 is read");
    }

    private static String vllm(int id, String generated, String prompt) {
        return VLLM_LINE.formatted(id, generated, prompt);
    }

    private LocalTraceFile file(String name, String... lines) throws IOException {
        return new LocalTraceFile(Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n"));
    }

    static LocalTraceFile fixture(String name) throws URISyntaxException {
        return new LocalTraceFile(Path.of(RoutedExpertsJsonlReaderTest.class
                .getResource("/engines/routed-experts/" + name).toURI()));
    }

    private static Map<String, Long> countsByPhase(RecordingVisitor read) {
        Map<String, Long> counts = new TreeMap<>();
        for (RoutingRecord decision : read.decisions) {
            for (int expert : decision.experts()) {
                counts.merge(decision.phase().name().toLowerCase() + "," + decision.layer() + "," + expert, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Map<String, Long> expectedCountsByPhase() throws Exception {
        List<String> lines = Files.readAllLines(fixture("_expected_counts_by_phase.csv").path());
        return lines.stream().skip(1).collect(Collectors.toMap(
                line -> line.substring(0, line.lastIndexOf(',')),
                line -> Long.parseLong(line.substring(line.lastIndexOf(',') + 1)), (a, b) -> a, TreeMap::new));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** numpy.save's bytes of an int16 array of the shape, as newer vLLM base64-encodes them. */
    static String npyInt16(int[] ids, int rows, int layers, int topK) {
        String dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (" + rows + ", " + layers + ", " + topK + "), }";
        int padded = ((10 + dict.length() + 1 + 63) / 64) * 64 - 10;
        String header = dict + " ".repeat(padded - dict.length() - 1) + "\n";
        ByteBuffer npy = ByteBuffer.allocate(10 + header.length() + ids.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        npy.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        npy.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int id : ids) {
            npy.putShort((short) id);
        }
        return base64(npy.array());
    }
}
