package io.moereplay.jobs.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.jobs.testing.DuckDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the command line in a child JVM on the test classpath, optionally halted at a commit step
 * ({@link CrashPoint}), and reads what a reader of an output folder sees.
 */
final class CrashRuns {

    static final int KILLED = 137;

    private CrashRuns() {}

    /** Runs {@code args} in a child JVM; {@code crashAt} (say {@code commit:3}) or null; returns the exit code. */
    static int run(Path log, String crashAt, String... args) throws IOException, InterruptedException {
        return runWith(log, crashAt == null ? List.of() : List.of("-D" + CrashPoint.PROPERTY + "=" + crashAt), args);
    }

    /** Runs {@code args} in a child JVM with these JVM options; returns the exit code. */
    static int runWith(Path log, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.moereplay.jobs.cli.MoeReplayCli"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("child run did not end in 120 s: " + Files.readString(log));
        }
        return process.exitValue();
    }

    /** A complete run as a reader sees it: the summary's run id, and each table's rows, sorted. */
    record Seen(String runId, Map<String, List<List<Object>>> tables) {}

    /**
     * What a reader finds in {@code out}: the summary and every table it names, each with the row
     * count the summary gives, and nothing else visible. Fails if the output is not complete.
     */
    static Seen seen(Path out) throws Exception {
        JsonNode summary = new ObjectMapper().readTree(out.resolve(OutputCommitter.SUMMARY).toFile());
        Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
        List<String> expectedNames = new ArrayList<>(List.of(OutputCommitter.SUMMARY));
        try (DuckDb duck = new DuckDb()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("table_rows").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> table = it.next();
                List<List<Object>> rows = duck.rows("SELECT * FROM read_parquet('%s/%s/*.parquet') ORDER BY ALL"
                        .formatted(out, table.getKey()));
                assertThat(rows).as(table.getKey()).hasSize(table.getValue().asInt());
                tables.put(table.getKey(), rows);
                expectedNames.add(table.getKey());
            }
        }
        assertThat(visible(out)).containsExactlyInAnyOrderElementsOf(expectedNames);
        return new Seen(summary.get("run_id").asText(), tables);
    }

    /** Names a reader lists (not hidden) in {@code out}, each resolving to something. */
    static List<String> visible(Path out) throws IOException {
        try (Stream<Path> list = Files.list(out)) {
            List<Path> shown = list.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            for (Path path : shown) {
                assertThat(Files.exists(path)).as(path + " resolves").isTrue();
            }
            return shown.stream().map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Hidden names in {@code out}: after a clean run, the link to the current version and that version. */
    static List<String> hidden(Path out) throws IOException {
        try (Stream<Path> list = Files.list(out)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    /** Asserts a clean run left only the current version: no other version, lock or pending link. */
    static void assertOnlyCurrentVersion(Path out) throws IOException {
        List<String> hidden = hidden(out);
        assertThat(hidden).hasSize(2).contains(OutputCommitter.CURRENT);
        Path current = VersionedFolder.current(out.resolve(OutputCommitter.CURRENT)).orElseThrow();
        assertThat(hidden).contains(current.getFileName().toString());
        assertThat(Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
