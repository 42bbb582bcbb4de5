package io.moereplay.connectors.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.model.trace.Request;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class ParquetRequestReaderTest {

    private final RequestTraceReader reader = RequestTraceReader.of(RequestFormat.PARQUET);

    @TempDir Path dir;

    /** A row of a foreign writer's table: every column optional INT64, as pandas writes them. */
    record RawRow(Long id, Long arrival, Long input, Long output) {}

    private static TableSchema<RawRow> rawSchema(boolean withInput) {
        List<Column<RawRow>> columns = new ArrayList<>();
        columns.add(Column.optional("request_id", ColumnType.INT64, "id", RawRow::id));
        columns.add(Column.optional("arrival_us", ColumnType.INT64, "us", RawRow::arrival));
        if (withInput) {
            columns.add(Column.optional("input_tokens", ColumnType.INT64, "in", RawRow::input));
        }
        columns.add(Column.optional("output_tokens", ColumnType.INT64, "out", RawRow::output));
        return new TableSchema<>("requests", columns);
    }

    @Test
    void roundTripsTheCanonicalTable() throws Exception {
        List<Request> requests = List.of(
                new Request(0, 0, 6758, 500, List.of(0L, 1L, 2L)),
                new Request(5, 1_700_158_623_979_960L, 4808, 10),
                new Request(Long.MAX_VALUE, 3, Integer.MAX_VALUE, 0, List.of(-1L, Long.MAX_VALUE)));
        Path file = dir.resolve("requests.parquet");
        try (ParquetWriter<Request> writer =
                TableParquetWriters.open(RequestTable.SCHEMA, file, Map.of())) {
            for (Request request : requests) {
                writer.write(request);
            }
        }

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rejects()).isEmpty();
        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.requests()).isEqualTo(requests);
    }

    @Test
    void roundTripsTheMooncakeTrace() throws Exception {
        List<Request> mooncake = RequestTraceReader.of(RequestFormat.MOONCAKE_JSONL)
                .read(SharedTraces.request("mooncake_conversation_trace.jsonl")).requests();
        Path file = dir.resolve("mooncake.parquet");
        try (ParquetWriter<Request> writer =
                TableParquetWriters.open(RequestTable.SCHEMA, file, Map.of())) {
            for (Request request : mooncake) {
                writer.write(request);
            }
        }

        assertThat(reader.read(new LocalTraceFile(file)).requests()).isEqualTo(mooncake);
    }

    @Test
    void rejectsBadRowsOfAForeignTableAndKeepsTheRest() throws Exception {
        Path file = write(rawSchema(true), List.of(
                new RawRow(1L, 10L, 100L, 5L),           // row 1: good
                new RawRow(2L, null, 100L, 5L),          // row 2: null arrival
                new RawRow(3L, 30L, -4L, 5L),            // row 3: negative input
                new RawRow(4L, 40L, 3_000_000_000L, 5L), // row 4: beyond int
                new RawRow(1L, 50L, 100L, 5L),           // row 5: duplicate id
                new RawRow(-6L, 60L, 100L, 5L),          // row 6: negative id
                new RawRow(7L, 70L, 100L, 5L)));         // row 7: good

        RequestReadResult result = reader.read(new LocalTraceFile(file));

        assertThat(result.rowsRead()).isEqualTo(7);
        assertThat(result.requests()).containsExactly(
                new Request(1, 10, 100, 5), new Request(7, 70, 100, 5));
        assertThat(result.rejects()).hasSize(5);
        assertReject(result, 0, 2, "arrival_us", "value is missing");
        assertReject(result, 1, 3, "input_tokens", "-4 is negative");
        assertReject(result, 2, 4, "input_tokens", "3000000000 exceeds 2147483647");
        assertReject(result, 3, 5, "request_id", "request id 1 duplicates row 1");
        assertReject(result, 4, 6, "request_id", "-6 is negative");
    }

    private static void assertReject(
            RequestReadResult result, int index, long row, String field, String reason) {
        assertThat(result.rejects().get(index)).satisfies(reject -> {
            assertThat(reject.row()).isEqualTo(row);
            assertThat(reject.field()).isEqualTo(field);
            assertThat(reject.reason()).contains(reason);
        });
    }

    @Test
    void refusesAFileWithoutARequiredColumn() throws Exception {
        Path file = write(rawSchema(false), List.of(new RawRow(1L, 10L, null, 5L)));

        assertThatThrownBy(() -> reader.read(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no column input_tokens");
    }

    @Test
    void refusesAFileThatIsNotParquet() throws Exception {
        Path file = Files.writeString(dir.resolve("fake.parquet"), "TIMESTAMP,a,b\n1,2,3\n");

        assertThatThrownBy(() -> reader.read(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a Parquet file, or one cut short");
    }

    private Path write(TableSchema<RawRow> schema, List<RawRow> rows) throws Exception {
        Path file = dir.resolve("foreign.parquet");
        try (ParquetWriter<RawRow> writer = TableParquetWriters.open(schema, file, Map.of())) {
            for (RawRow row : rows) {
                writer.write(row);
            }
        }
        return file;
    }
}
