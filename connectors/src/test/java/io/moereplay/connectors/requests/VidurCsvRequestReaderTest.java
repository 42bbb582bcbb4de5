package io.moereplay.connectors.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

class VidurCsvRequestReaderTest {

    // Columns out of the documented order, plus pandas' unnamed index, which the reader ignores.
    private static final String HEADER =
            ",num_decode_tokens,request_id,arrived_at,num_prefill_tokens\n";
    private static final String GOOD_BEFORE = "0,10,7,0.5,100\n";
    private static final String GOOD_AFTER = "2,30,9,1.25,300\n";

    private final RequestTraceReader reader = RequestTraceReader.of(RequestFormat.VIDUR_CSV);

    @TempDir Path dir;

    @Test
    void readsColumnsByNameAndIdsFromTheIdColumn() throws Exception {
        Path file = write(HEADER + GOOD_BEFORE + "1,20,8,0.1234565,200\n" + GOOD_AFTER);

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rejects()).isEmpty();
        assertThat(result.requests()).containsExactly(
                new Request(7, 500_000, 100, 10),
                // Decimal arithmetic rounds half up where 0.1234565 * 1e6 as a double would not.
                new Request(8, 123_457, 200, 20),
                new Request(9, 1_250_000, 300, 30));
    }

    @Test
    void usesRowIndicesWithoutAnIdColumn() throws Exception {
        Path file = write("arrived_at,num_prefill_tokens,num_decode_tokens\n"
                + "0,1,2\n1e-3,3,4\n\"2.0000005\",5,6\n");

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rejects()).isEmpty();
        assertThat(result.requests()).containsExactly(
                new Request(0, 0, 1, 2), new Request(1, 1_000, 3, 4), new Request(2, 2_000_001, 5, 6));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1,20,8,0.75,12.5     | num_prefill_tokens | '12.5' is not an integer",
        "1,-3,8,0.75,200      | num_decode_tokens  | -3 is negative",
        "1,20,8,soon,200      | arrived_at         | 'soon' is not a number of seconds",
        "1,20,8,-0.5,200      | arrived_at         | arrival time -0.5 s is negative",
        "1,20,8,,200          | arrived_at         | value is missing",
        "1,20,7,0.75,200      | request_id         | request id 7 duplicates row 2",
        "1,20,x8,0.75,200     | request_id         | 'x8' is not an integer",
        "1,20,8,0.75          | ``                 | expected 5 columns, found 4",
        "1,20,8,0.75,\"200    | ``                 | unclosed quote",
    })
    void rejectsABadRowAndKeepsItsNeighbours(String badLine, String field, String reason)
            throws Exception {
        Path file = write(HEADER + GOOD_BEFORE + badLine.strip() + "\n" + GOOD_AFTER);

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.row()).isEqualTo(3);
            assertThat(reject.field()).isEqualTo(field);
            assertThat(reject.reason()).contains(reason);
        });
        assertThat(result.requests()).extracting(Request::id).containsExactly(7L, 9L);
    }

    @Test
    void refusesAHeaderWithoutTheRequiredColumns() throws Exception {
        Path file = write("arrived_at,prompt_tokens,num_decode_tokens\n0.5,1,2\n");

        assertThatThrownBy(() -> reader.read(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("lacks num_prefill_tokens");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("vidur.csv"), text);
    }
}
