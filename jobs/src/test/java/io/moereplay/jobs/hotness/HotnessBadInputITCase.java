package io.moereplay.jobs.hotness;

import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.hotness.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad rows land in the rejects table with file, row and reason; bad files fail before any output. */
class HotnessBadInputITCase {

    private static final String REQUESTS = """
            TIMESTAMP,ContextTokens,GeneratedTokens
            2023-11-16 18:00:05.0000000,100,3
            2023-11-16 18:01:10.0000000,-7,3
            2023-11-16 18:01:20.0000000,50,2
            """;

    // Requests 0 and 2 are valid (request 1 is rejected, so its tokens are too); 4 layers, 4 experts.
    private static final String ROUTING = String.join("\n",
            "{\"request_id\": 0, \"token_idx\": 0, \"layer\": 0, \"experts\": [0, 1]}",
            "{\"request_id\": 0, \"token_idx\": 0, \"layer\": 1, \"experts\": [2, 3]}",
            "{\"request_id\": 0, \"token_idx\": 0, \"layer\": 1, \"experts\": [1, 0]}",
            "{\"request_id\": 0, \"token_idx\": 1, \"layer\": 9, \"experts\": [0, 1]}",
            "{\"request_id\": 0, \"token_idx\": 1, \"layer\": 0, \"experts\": [0, 4]}",
            "{\"request_id\": 0, \"token_idx\": 1.5, \"layer\": 0, \"experts\": [0, 1]}",
            "{\"request_id\": 1, \"token_idx\": 0, \"layer\": 0, \"experts\": [0, 1]}",
            "{\"request_id\": 2, \"token_idx\": 0, \"layer\": 0, \"experts\": [3, 1]}",
            "not json at all",
            "{\"request_id\": 2, \"token_idx\": 1, \"layer\": 0, \"experts\": [3, 0], \"phase\": \"decode\"}",
            "");

    @TempDir
    Path dir;

    @Test
    void everyRowIsUsedOrRejectedWithItsReason() throws Exception {
        Path out = dir.resolve("out");
        Map<String, Object> summary = ExpertHotnessJob.run(config(write("routing.jsonl", ROUTING),
                write("requests.csv", REQUESTS), WindowSpec.parse("60s"), out, 1000));

        // Routing: 10 rows, 4 used; requests: 3 rows, 2 used.
        assertThat(summary.get("rows_read")).isEqualTo(13L);
        assertThat(summary.get("rows_used")).isEqualTo(6L);
        assertThat(summary.get("rows_rejected")).isEqualTo(7L);
        assertThat(summary.get("decisions")).isEqualTo(8L);
        try (DuckDb duck = new DuckDb()) {
            assertThat(duck.rows("""
                    SELECT regexp_extract(source_file, '[^/]+$'), row_number, field, reason
                    FROM read_parquet('%s/rejects/*.parquet') ORDER BY ALL""".formatted(out)))
                    .containsExactly(
                            List.of("requests.csv", 3L, "ContextTokens", "-7 is negative"),
                            List.of("routing.jsonl", 3L, "token_index", "duplicate decision for request 0, token 0, layer 1"),
                            List.of("routing.jsonl", 4L, "layer", "layer 9 is not one of [0, 4)"),
                            List.of("routing.jsonl", 5L, "experts", "expert id 4 is outside [0, 4)"),
                            List.of("routing.jsonl", 6L, "token_idx", "token_idx 1.5 is not an integer"),
                            List.of("routing.jsonl", 7L, "request_id", "request id 1 is not in the request trace"),
                            List.of("routing.jsonl", 9L, "", rejectOf(duck, out, 9L)));
            assertThat(rejectOf(duck, out, 9L)).startsWith("malformed JSON");
            // 2023-11-16 18:00 UTC = 1,700,157,600 s = minute 28,335,960; 18:01:20 falls in the next minute.
            assertThat(duck.rows("""
                    SELECT window_index, window_start_us, layer, expert, tokens
                    FROM read_parquet('%s/expert_hotness/*.parquet') WHERE tokens > 0 ORDER BY ALL""".formatted(out)))
                    .containsExactly(
                            List.of(28_335_960L, 1_700_157_600_000_000L, 0, 0, 1L),
                            List.of(28_335_960L, 1_700_157_600_000_000L, 0, 1, 1L),
                            List.of(28_335_960L, 1_700_157_600_000_000L, 1, 2, 1L),
                            List.of(28_335_960L, 1_700_157_600_000_000L, 1, 3, 1L),
                            List.of(28_335_961L, 1_700_157_660_000_000L, 0, 0, 1L),
                            List.of(28_335_961L, 1_700_157_660_000_000L, 0, 1, 1L),
                            List.of(28_335_961L, 1_700_157_660_000_000L, 0, 3, 2L));
        }
    }

    @Test
    void aMissingInputFailsNamingItAndWritesNothing() {
        Path out = dir.resolve("out");
        Path missing = dir.resolve("nope.jsonl");

        assertThatThrownBy(() -> ExpertHotnessJob.run(config(missing, null, WindowSpec.all(), out, 10)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFormatThatDeclaresNoShapeAsksForLayersAndExperts() throws Exception {
        Path routing = write("routing.jsonl", ROUTING);
        HotnessConfig config = new HotnessConfig(List.of(routing.toString()), null, null, null, WindowSpec.all(),
                dir.resolve("out").toString(), 1, 1.5, null, null, null, 10);

        assertThatThrownBy(() -> ExpertHotnessJob.run(config))
                .hasMessageContaining("routing.jsonl")
                .hasMessageContaining("pass --layers and --experts");
    }

    @Test
    void aFailedRunLeavesThePreviousOutputAsItWas() throws Exception {
        Path out = dir.resolve("out");
        Path routing = write("routing.jsonl", ROUTING);
        Path requests = write("requests.csv", REQUESTS);
        ExpertHotnessJob.run(config(routing, requests, WindowSpec.parse("60s"), out, 1000));
        List<String> before = listing(out);

        // Six rejected rows exceed a limit of two: the job fails inside Flink.
        assertThatThrownBy(() -> ExpertHotnessJob.run(config(routing, requests, WindowSpec.parse("5m"), out, 2)))
                .hasStackTraceContaining("more than 2 rows rejected");
        assertThat(listing(out)).isEqualTo(before);
        assertThat(before).contains("_run_summary.json", "expert_hotness", "layer_balance", "rejects")
                .noneMatch(name -> name.startsWith(".staging"));
    }

    private static String rejectOf(DuckDb duck, Path out, long row) throws Exception {
        return (String) duck.rows("SELECT reason FROM read_parquet('%s/rejects/*.parquet') WHERE row_number = %d"
                .formatted(out, row)).get(0).get(0);
    }

    private HotnessConfig config(Path routing, Path requests, WindowSpec window, Path out, long maxRejects) {
        return new HotnessConfig(List.of(routing.toString()), null, requests == null ? null : requests.toString(),
                null, window, out.toString(), 2, 1.5, 4, 4, null, maxRejects);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static List<String> listing(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
