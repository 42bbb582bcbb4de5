package io.moereplay.jobs.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.jobs.nightly.NightlyJob;
import io.moereplay.jobs.testing.DuckDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real {@code nightly} run (a child JVM) right before each step of its partition swap, for
 * every step, over a partition that holds a complete earlier night of another configuration (Zipf
 * 1.2 against 2.0, so the two nights differ). Stages are replay and hotness only, to keep each run
 * short; the stages' own output commits are covered by {@link HotnessCommitCrashITCase}. After each
 * kill the date's partition is the earlier night or the new one, complete; the next clean night
 * deletes what the killed one left and equals a clean night.
 */
class NightlyCommitCrashITCase {

    private static final String DATE = "2026-11-23";

    @TempDir
    Path tmp;

    @Test
    void aNightKilledAtEveryStepOfItsSwapLeavesTheEarlierNightOrTheNewOne() throws Exception {
        Path out = tmp.resolve("nights");
        Map<String, Path> configs = Map.of("a", config("a", "zipf:1.2"), "b", config("b", "zipf:2.0"));
        Map<String, Seen> clean = new HashMap<>();
        for (String night : new String[] {"b", "a"}) {
            assertThat(nightly(out, configs.get(night), null, "clean-" + night)).isZero();
            clean.put(night, seen(out));
            assertOnlyCurrentVersion(out);
        }
        assertThat(clean.get("a")).isNotEqualTo(clean.get("b"));

        String previous = "a";
        int k = 1;
        while (true) {
            String next = previous.equals("a") ? "b" : "a";
            int exit = nightly(out, configs.get(next), CrashPoint.NIGHTLY + ":" + k, "crash-" + k);
            Seen seen = seen(out);
            if (exit == 0) {
                assertThat(seen).isEqualTo(clean.get(next));
                assertOnlyCurrentVersion(out);
                break;
            }
            assertThat(exit).as("kill point %d: %s", k, Files.readString(tmp.resolve("crash-" + k + ".log")))
                    .isEqualTo(CrashRuns.KILLED);
            assertThat(seen).as("kill point %d", k).isIn(clean.get(previous), clean.get(next));

            assertThat(nightly(out, configs.get(next), null, "after-" + k)).isZero();
            assertThat(seen(out)).as("clean night after kill point %d", k).isEqualTo(clean.get(next));
            assertOnlyCurrentVersion(out);
            previous = next;
            k++;
        }
        System.out.println("NightlyCommitCrashITCase: " + (k - 1) + " kill points");
        assertThat(k - 1).as("kill points").isGreaterThanOrEqualTo(5);
    }

    /** A complete night as a reader sees it: the stages' run ids and each table's rows, sorted. */
    record Seen(JsonNode stages, Map<String, List<List<Object>>> tables) {}

    private static Seen seen(Path out) throws Exception {
        assertThat(CrashRuns.visible(out)).containsExactly("date=" + DATE);
        Path partition = out.resolve("date=" + DATE);
        JsonNode manifest = new ObjectMapper().readTree(partition.resolve(NightlyJob.MANIFEST).toFile());
        Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
        try (DuckDb duck = new DuckDb()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = manifest.get("table_rows").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> table = it.next();
                List<List<Object>> rows = duck.rows("SELECT * FROM read_parquet('%s/%s/*.parquet') ORDER BY ALL"
                        .formatted(partition, table.getKey()));
                assertThat(rows).as(table.getKey()).hasSize(table.getValue().asInt());
                tables.put(table.getKey(), rows);
            }
        }
        JsonNode stages = manifest.get("stages").deepCopy();
        stages.forEach(stage -> ((com.fasterxml.jackson.databind.node.ObjectNode) stage).remove("wall_ms"));
        return new Seen(stages, tables);
    }

    private static void assertOnlyCurrentVersion(Path out) throws Exception {
        Path partition = out.resolve("date=" + DATE);
        try (Stream<Path> list = Files.list(out)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(Files.readSymbolicLink(partition).toString(), "date=" + DATE);
        }
    }

    private int nightly(Path out, Path config, String crashAt, String logName) throws Exception {
        return CrashRuns.run(tmp.resolve(logName + ".log"), crashAt, "nightly", "--config", config.toString(),
                "--out", out.toString(), "--date", DATE, "--parallelism", "1");
    }

    /** Replay and hotness over the sample traces, with the router's Zipf exponent given. */
    private Path config(String name, String popularity) throws Exception {
        Path samples = Path.of("../sample-traces").toAbsolutePath().normalize();
        Path file = tmp.resolve("nightly-" + name + ".json");
        Files.writeString(file, """
                {"requests": "%s", "routing": ["%s"], "model": "Mixtral-8x7B", "popularity": "%s",
                 "drift": "0.3:0.9:60s", "window": "60s"}
                """.formatted(samples.resolve("requests.csv"), samples.resolve("routing"), popularity));
        return file;
    }
}
