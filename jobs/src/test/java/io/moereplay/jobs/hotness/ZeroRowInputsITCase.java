package io.moereplay.jobs.hotness;

import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.connectors.routing.RoutingTable;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A routing Parquet without rows and a CSV of its header alone fail alike: "no rows", naming the file. */
class ZeroRowInputsITCase {

    private static final TraceShape SHAPE = TraceShape.dense(2, 4);

    @TempDir
    Path dir;

    @Test
    void aRoutingParquetWithoutRowsFailsBeforeTheJob() throws Exception {
        Path routing = parquet("routing.parquet", List.of());

        assertThatThrownBy(() -> run(routing, null))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(routing.toString())
                .hasMessageContaining("no rows; expected a routing Parquet file");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aRequestCsvOfItsHeaderAloneFailsTheSameWay() throws Exception {
        Path routing = parquet("routing.parquet", List.of(record(0)));
        Path requests = Files.writeString(dir.resolve("requests.csv"), "TIMESTAMP,ContextTokens,GeneratedTokens\n");

        assertThatThrownBy(() -> run(routing, requests))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(requests.toString())
                .hasMessageContaining("no rows; expected");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aZeroRowPartBesideAPartWithRowsIsRead() throws Exception {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.move(parquet("a.parquet", List.of()), parts.resolve("part-0.parquet"));
        Files.move(parquet("b.parquet", List.of(record(0), record(1))), parts.resolve("part-1.parquet"));

        Map<String, Object> summary = run(parts, null);

        assertThat(summary.get("rows_read")).isEqualTo(2L);
        assertThat(summary.get("rows_used")).isEqualTo(2L);
    }

    private static RoutingRecord record(int layer) {
        return new RoutingRecord(0, 0, Phase.PREFILL, layer, new int[] {0, 1}, null);
    }

    private Path parquet(String name, List<RoutingRecord> records) throws IOException {
        Path path = dir.resolve(name);
        try (ParquetWriter<RoutingRecord> writer =
                TableParquetWriters.open(RoutingTable.SCHEMA, path, RoutingTable.shapeMetadata(SHAPE))) {
            for (RoutingRecord record : records) {
                writer.write(record);
            }
        }
        return path;
    }

    private Map<String, Object> run(Path routing, Path requests) throws Exception {
        return ExpertHotnessJob.run(new HotnessConfig(List.of(routing.toString()), null,
                requests == null ? null : requests.toString(), null,
                requests == null ? WindowSpec.all() : WindowSpec.parse("60s"), dir.resolve("out").toString(),
                1, 1.5, null, null, null, 10));
    }
}
