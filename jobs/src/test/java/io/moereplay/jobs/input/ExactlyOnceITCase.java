package io.moereplay.jobs.input;

import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.routing.RoutingTable;
import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every job that reads routing counts a decision (or count) delivered in two files of one input
 * once: the later copy is rejected naming both places, rows read = rows used + rows rejected, and
 * the output equals what the de-duplicated input gives.
 *
 * <p>The decision fixture: three routing Parquet parts (2 layers, 8 experts, top-2). part-0 holds
 * requests 0-1, part-1 requests 1-2 and part-2 request 5, so only request 1 is shared (part-0 and
 * part-1 meet there) and part-2 is read as before. part-1's first row repeats part-0's third,
 * (request 1, token 0, layer 0), with other experts; part-0's copy is kept.
 */
class ExactlyOnceITCase {

    private static final TraceShape SHAPE = TraceShape.dense(2, 8);

    @TempDir
    Path dir;

    @Test
    void hotnessCountsADecisionInTwoPartsOnce() throws Exception {
        Path parts = decisionParts(dir.resolve("parts"), true);
        Path out = dir.resolve("hotness");

        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(parts.toString()), null, null,
                null, WindowSpec.all(), out.toString(), 2, 1.5, null, null, "dup", 10));

        assertReconciles(summary, 9, 1);
        try (DuckDb duck = new DuckDb()) {
            assertThat(rejects(duck, out)).containsExactly(duplicateOfPart0Row3("file:" + parts));
            // Independently: DuckDB keeps each (request, token, layer) at its first file and row.
            assertThat(duck.rows("""
                    SELECT layer, expert, tokens FROM read_parquet('%s/expert_hotness/*.parquet') WHERE tokens > 0
                    ORDER BY layer, expert""".formatted(out)))
                    .isEqualTo(dedupedCounts(duck, parts));
        }
    }

    /** The three parts; without {@code duplicate}, part-1 lacks its first row (the de-duplicated input). */
    private static Path decisionParts(Path folder, boolean duplicate) throws Exception {
        Files.createDirectories(folder);
        parquet(folder.resolve("part-0.parquet"), List.of(
                decision(0, 0, 0, 0, 1), decision(0, 0, 1, 2, 3), decision(1, 0, 0, 4, 5), decision(1, 0, 1, 6, 7)));
        List<RoutingRecord> part1 = new java.util.ArrayList<>(List.of(
                decision(1, 1, 0, 0, 3), decision(2, 0, 0, 5, 6), decision(2, 0, 1, 0, 7)));
        if (duplicate) {
            part1.add(0, decision(1, 0, 0, 1, 2));
        }
        parquet(folder.resolve("part-1.parquet"), part1);
        parquet(folder.resolve("part-2.parquet"), List.of(decision(5, 0, 0, 0, 1)));
        return folder;
    }

    /** The one reject of the decision fixture; {@code parts} as the job names the folder. */
    private static List<Object> duplicateOfPart0Row3(String parts) {
        return List.of(parts + "/part-1.parquet", 1L, "token_index",
                "duplicate decision for request 1, token 0, layer 0 across files: first read at "
                        + parts + "/part-0.parquet:3, again at " + parts + "/part-1.parquet:1; the first is kept");
    }

    /** Tokens per (layer, expert) of the parts, each decision counted at its first file and row. */
    private static List<List<Object>> dedupedCounts(DuckDb duck, Path parts) throws Exception {
        return duck.rows("""
                WITH rows AS (SELECT * FROM read_parquet('%s/*.parquet', filename = true, file_row_number = true)),
                first AS (SELECT * FROM rows QUALIFY row_number() OVER (PARTITION BY request_id, token_index, layer
                                                                      ORDER BY filename, file_row_number) = 1)
                SELECT layer, expert, count(*)::BIGINT FROM (SELECT layer, unnest(experts) AS expert FROM first)
                GROUP BY ALL ORDER BY ALL""".formatted(parts));
    }

    private static void assertReconciles(Map<String, Object> summary, long read, long rejected) {
        assertThat(List.of(summary.get("rows_read"), summary.get("rows_used"), summary.get("rows_rejected")))
                .containsExactly(read, read - rejected, rejected);
    }

    private static List<List<Object>> rejects(DuckDb duck, Path out) throws Exception {
        return duck.rows("""
                SELECT source_file, row_number, field, reason FROM read_parquet('%s/rejects/*.parquet')
                ORDER BY ALL""".formatted(out));
    }

    private static RoutingRecord decision(long request, int token, int layer, int first, int second) {
        return new RoutingRecord(request, token, Phase.DECODE, layer, new int[] {first, second}, null);
    }

    private static void parquet(Path path, List<RoutingRecord> records) throws Exception {
        try (ParquetWriter<RoutingRecord> writer =
                TableParquetWriters.open(RoutingTable.SCHEMA, path, RoutingTable.shapeMetadata(SHAPE))) {
            for (RoutingRecord record : records) {
                writer.write(record);
            }
        }
    }
}
