package io.moereplay.connectors.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

class MooncakeJsonlRequestReaderTest {

    private static final String GOOD_BEFORE =
            "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 5, \"hash_ids\": [0, 1]}\n";
    private static final String GOOD_AFTER =
            "{\"timestamp\": 27, \"input_length\": 7, \"output_length\": 9, \"hash_ids\": [2]}\n";

    private final RequestTraceReader reader = RequestTraceReader.of(RequestFormat.MOONCAKE_JSONL);

    @TempDir Path dir;

    @Test
    void readsTheWholeConversationTrace() throws Exception {
        LocalTraceFile file = SharedTraces.request("mooncake_conversation_trace.jsonl");
        RequestReadResult result = reader.read(file);

        assertThat(result.rowsRead()).isEqualTo(12_031);
        assertThat(result.rejects()).isEmpty();
        List<Request> requests = result.requests();
        // First line: {"timestamp": 0, "input_length": 6758, "output_length": 500,
        //              "hash_ids": [0, 1, ..., 13]}
        assertThat(requests.get(0)).isEqualTo(new Request(0, 0, 6758, 500,
                LongStream.rangeClosed(0, 13).boxed().toList()));
        // Last line: timestamp 3536999 ms, 20774 in, 508 out, hash_ids [0, 182750..182789]
        Request last = requests.get(12_030);
        assertThat(last.id()).isEqualTo(12_030);
        assertThat(last.arrivalMicros()).isEqualTo(3_536_999_000L);
        assertThat(last.inputTokens()).isEqualTo(20_774);
        assertThat(last.outputTokens()).isEqualTo(508);
        assertThat(last.prefixBlockHashes()).hasSize(41).startsWith(0L, 182_750L).endsWith(182_789L);

        long[] expected = SharedTraces.duckDb("SELECT count(*), sum(input_length),"
                + " sum(output_length), sum(len(hash_ids)) FROM read_json_auto("
                + SharedTraces.sqlPath(file) + ")");
        assertThat(requests).hasSize((int) expected[0]);
        assertThat(requests.stream().mapToLong(Request::inputTokens).sum()).isEqualTo(expected[1]);
        assertThat(requests.stream().mapToLong(Request::outputTokens).sum()).isEqualTo(expected[2]);
        assertThat(requests.stream().mapToLong(r -> r.prefixBlockHashes().size()).sum())
                .isEqualTo(expected[3]);
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                arguments("{\"timestamp\": 5, \"input_length\": 3", "", "malformed JSON"),
                arguments("{\"timestamp\": 5} {\"timestamp\": 6}", "", "malformed JSON"),
                arguments("[5, 3, 4]", "", "not a JSON object: '[5, 3, 4]'"),
                arguments("{\"timestamp\": 5, \"output_length\": 4}", "input_length",
                        "value is missing"),
                arguments("{\"timestamp\": 5, \"input_length\": 12.5, \"output_length\": 4}",
                        "input_length", "12.5 is not an integer"),
                arguments("{\"timestamp\": 5, \"input_length\": 3, \"output_length\": -3}",
                        "output_length", "-3 is negative"),
                arguments("{\"timestamp\": 5, \"input_length\": \"abc\", \"output_length\": 4}",
                        "input_length", "\"abc\" is not an integer"),
                arguments("{\"timestamp\": 5, \"input_length\": 3000000000, \"output_length\": 4}",
                        "input_length", "3000000000 exceeds 2147483647"),
                arguments("{\"timestamp\": -1, \"input_length\": 3, \"output_length\": 4}",
                        "timestamp", "timestamp -1 ms is negative"),
                arguments("{\"timestamp\": \"noon\", \"input_length\": 3, \"output_length\": 4}",
                        "timestamp", "\"noon\" is not a number of milliseconds"),
                arguments("{\"timestamp\": 5, \"input_length\": 3, \"output_length\": 4,"
                        + " \"hash_ids\": 7}", "hash_ids", "7 is not a list of integers"),
                arguments("{\"timestamp\": 5, \"input_length\": 3, \"output_length\": 4,"
                        + " \"hash_ids\": [1, \"x\"]}", "hash_ids[1]", "\"x\" is not a 64-bit"),
                arguments("   ", "", "blank line"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("badLines")
    void rejectsABadLineAndKeepsItsNeighbours(String badLine, String field, String reason)
            throws Exception {
        Path file = Files.writeString(dir.resolve("trace.jsonl"),
                GOOD_BEFORE + badLine + "\n" + GOOD_AFTER);

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.row()).isEqualTo(2);
            assertThat(reject.field()).isEqualTo(field);
            assertThat(reject.reason()).contains(reason);
        });
        assertThat(result.requests()).containsExactly(
                new Request(0, 0, 600, 5, List.of(0L, 1L)),
                new Request(2, 27_000, 7, 9, List.of(2L)));
    }

    @Test
    void skipsTrailingBlankLinesAndAcceptsMissingHashes() throws Exception {
        Path file = Files.writeString(dir.resolve("trace.jsonl"),
                "{\"timestamp\": 1.5, \"input_length\": 1, \"output_length\": 2, \"extra\": 1}\n\n");

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rejects()).isEmpty();
        assertThat(result.requests()).containsExactly(new Request(0, 1_500, 1, 2));
    }

    @Test
    void refusesAFileWhoseFirstLineIsNotJson() throws Exception {
        Path file = Files.writeString(dir.resolve("trace.jsonl"),
                "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,1,2\n");

        assertThatThrownBy(() -> reader.read(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a JSON object");
    }
}
