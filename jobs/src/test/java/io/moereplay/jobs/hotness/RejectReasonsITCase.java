package io.moereplay.jobs.hotness;

import io.moereplay.jobs.testing.DuckDb;
import io.moereplay.model.hotness.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reject reasons quote at most 200 characters of a value and escape what does not print. */
class RejectReasonsITCase {

    @TempDir
    Path dir;

    @Test
    void aHugeValueIsCutAndControlBytesAreEscaped() throws Exception {
        String huge = "9".repeat(5_000) + "x";
        Path routing = Files.writeString(dir.resolve("routing.jsonl"), String.join("\n",
                "{\"request_id\": 0, \"token_idx\": 0, \"layer\": 0, \"experts\": [0, 1]}",
                "{\"request_id\": 0, \"token_idx\": \"" + huge + "\", \"layer\": 0, \"experts\": [0, 1]}",
                "\u001b[31m\u0000\u0007 binary garbage",
                ""));
        Path requests = Files.writeString(dir.resolve("requests.csv"), String.join("\n",
                "TIMESTAMP,ContextTokens,GeneratedTokens",
                "2023-11-16 18:00:00.0000000,4,5",
                "2023-11-16 18:00:01.0000000,1\u001b[31m2\u00002,5",
                ""));
        Path out = dir.resolve("out");

        Map<String, Object> summary = ExpertHotnessJob.run(new HotnessConfig(List.of(routing.toString()), null,
                requests.toString(), null, WindowSpec.parse("60s"), out.toString(), 1, 1.5, 2, 4, null, 10));

        assertThat(summary.get("rows_rejected")).isEqualTo(3L);
        try (DuckDb duck = new DuckDb()) {
            List<List<Object>> reasons = duck.rows("""
                    SELECT regexp_extract(source_file, '[^/]+$'), row_number, reason
                    FROM read_parquet('%s/rejects/*.parquet') ORDER BY ALL""".formatted(out));
            assertThat(reasons.get(0)).containsExactly("requests.csv", 3L, "'1\\x1B[31m2\\x002' is not an integer");
            assertThat(reasons.get(1)).containsExactly("routing.jsonl", 2L,
                    "token_idx \"" + "9".repeat(199) + "... (5003 characters) is not an integer");
            assertThat((String) reasons.get(2).get(2)).startsWith("malformed JSON")
                    .doesNotContainPattern("[\\x00-\\x1F\\x7F]");
        }
    }
}
