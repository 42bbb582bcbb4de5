package io.moereplay.connectors.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

class AzureCsvRequestReaderTest {

    private static final String HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\r\n";
    private static final String GOOD_BEFORE = "2023-11-16 18:17:03.9799600,4808,10\r\n";
    private static final String GOOD_AFTER = "2023-11-16 18:17:05.5,7,9\r\n";

    private final RequestTraceReader reader = RequestTraceReader.of(RequestFormat.AZURE_CSV);

    @TempDir Path dir;

    @Test
    void readsTheWholeCodeTrace() throws Exception {
        LocalTraceFile file = SharedTraces.request("azure_llm_2023_code.csv");
        RequestReadResult result = reader.read(file);

        assertThat(result.rowsRead()).isEqualTo(8_819);
        assertThat(result.rejects()).isEmpty();
        List<Request> requests = result.requests();
        // First line: 2023-11-16 18:17:03.9799600,4808,10
        assertThat(requests.get(0)).isEqualTo(new Request(
                0, SharedTraces.micros20231116(18, 17, 3, 979_960), 4808, 10));
        assertThat(requests.get(0).arrivalMicros()).isEqualTo(1_700_158_623_979_960L);
        // Last line: 2023-11-16 19:14:19.9280160,549,173
        assertThat(requests.get(8_818)).isEqualTo(new Request(
                8_818, SharedTraces.micros20231116(19, 14, 19, 928_016), 549, 173));
        assertSumsMatchDuckDb(file, result);
    }

    @Test
    void readsTheWholeConversationTrace() throws Exception {
        LocalTraceFile file = SharedTraces.request("azure_llm_2023_conv.csv");
        RequestReadResult result = reader.read(file);

        assertThat(result.rowsRead()).isEqualTo(19_366);
        assertThat(result.rejects()).isEmpty();
        List<Request> requests = result.requests();
        // First line: 2023-11-16 18:15:46.6805900,374,44; last: 19:14:08.4025270,197,183
        assertThat(requests.get(0).arrivalMicros())
                .isEqualTo(SharedTraces.micros20231116(18, 15, 46, 680_590));
        assertThat(requests.get(19_365)).isEqualTo(new Request(
                19_365, SharedTraces.micros20231116(19, 14, 8, 402_527), 197, 183));
        assertSumsMatchDuckDb(file, result);
    }

    private static void assertSumsMatchDuckDb(LocalTraceFile file, RequestReadResult result)
            throws Exception {
        long[] expected = SharedTraces.duckDb("SELECT count(*), sum(ContextTokens),"
                + " sum(GeneratedTokens) FROM read_csv_auto(" + SharedTraces.sqlPath(file) + ")");
        assertThat(result.requests()).hasSize((int) expected[0]);
        assertThat(result.requests().stream().mapToLong(Request::inputTokens).sum())
                .isEqualTo(expected[1]);
        assertThat(result.requests().stream().mapToLong(Request::outputTokens).sum())
                .isEqualTo(expected[2]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "2023-11-16 18:17:04.0319600,12.5,8        | ContextTokens   | '12.5' is not an integer",
        "2023-11-16 18:17:04.0319600,100,-3        | GeneratedTokens | -3 is negative",
        "2023-11-16 18:17:04.0319600,abc,3         | ContextTokens   | 'abc' is not an integer",
        "2023-11-16 18:17:04.0319600,3000000000,3  | ContextTokens   | 3000000000 exceeds 2147483647",
        "2023-11-16 18:17:04.0319600,,3            | ContextTokens   | value is missing",
        "2023-11-16 25:17:04.0319600,100,3         | TIMESTAMP       | '2023-11-16 25:17:04.0319600' is not",
        "2023-02-30 18:17:04,100,3                 | TIMESTAMP       | '2023-02-30 18:17:04' is not",
        "16/11/2023 18:17:04,100,3                 | TIMESTAMP       | '16/11/2023 18:17:04' is not",
        "2023-11-16 18:17:04.0319600,100           | \"\"              | expected 3 columns, found 2",
        "2023-11-16 18:17:04.0319600,100,3,4       | \"\"              | expected 3 columns, found 4",
    })
    void rejectsABadRowAndKeepsItsNeighbours(String badLine, String field, String reason)
            throws Exception {
        Path file = write(HEADER + GOOD_BEFORE + badLine.strip() + "\r\n" + GOOD_AFTER);

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.sourceFile()).isEqualTo(file.toString());
            assertThat(reject.row()).isEqualTo(3);
            assertThat(reject.field()).isEqualTo(field);
            assertThat(reject.reason()).contains(reason);
        });
        assertThat(result.requests()).extracting(Request::id).containsExactly(0L, 2L);
        assertThat(result.requests().get(1).arrivalMicros())
                .isEqualTo(SharedTraces.micros20231116(18, 17, 5, 500_000));
    }

    @Test
    void rejectsInteriorBlankLinesButNotTrailingOnes() throws Exception {
        Path file = write(HEADER + GOOD_BEFORE + "\r\n  \r\n" + GOOD_AFTER + "\r\n\r\n");

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rejects()).extracting(Reject::row, Reject::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "blank line"),
                        org.assertj.core.groups.Tuple.tuple(4L, "blank line"));
        assertThat(result.requests()).extracting(Request::id).containsExactly(0L, 3L);
        assertThat(result.rowsRead()).isEqualTo(4);
    }

    /** Timestamps read by position agree with java.time's ISO reading of the same instant, to the microsecond. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2024-02-29 23:59:59.1234569, 2024-02-29T23:59:59.123456Z",
        "2023-11-16 18:17:04.5, 2023-11-16T18:17:04.5Z",
        "2023-12-31 00:00:00, 2023-12-31T00:00:00Z",
        "1999-01-01 12:30:45.000000001, 1999-01-01T12:30:45Z",
    })
    void plainTimestampsAreTheInstantTheyName(String timestamp, String iso) throws Exception {
        Instant instant = Instant.parse(iso);
        assertThat(AzureCsvRequestReader.arrivalMicros(timestamp))
                .isEqualTo(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2023-02-29 12:00:00", "2023-13-01 12:00:00", "2023-11-16 24:00:00", "2023-11-16 18:60:00",
        "2023-11-16T18:17:04", "2023-11-16 18:17:04.", "2023-11-16 18:17:04.1234567890"})
    void impossibleOrMisshapenTimestampsAreRefused(String timestamp) {
        assertThatThrownBy(() -> AzureCsvRequestReader.arrivalMicros(timestamp))
                .hasMessageContaining("'" + timestamp + "' is not yyyy-MM-dd HH:mm:ss[.fffffff]");
    }

    @Test
    void truncatesSubMicrosecondDigits() throws Exception {
        Path file = write(HEADER + "1970-01-01 00:00:01.1234569,1,1\n1970-01-01 00:00:00,1,1\n");

        List<Request> requests = reader.read(new LocalTraceFile(file)).requests();

        assertThat(requests).extracting(Request::arrivalMicros).containsExactly(1_123_456L, 0L);
    }

    @Test
    void refusesAFileWithAnotherHeader() throws Exception {
        Path file = write("arrived_at,num_prefill_tokens,num_decode_tokens\n0.5,1,2\n");

        assertThatThrownBy(() -> reader.read(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("TIMESTAMP,ContextTokens,GeneratedTokens");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("trace.csv"), text);
    }
}
