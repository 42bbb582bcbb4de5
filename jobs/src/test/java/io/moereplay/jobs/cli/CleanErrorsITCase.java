package io.moereplay.jobs.cli;

import io.moereplay.jobs.testing.DuckDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bad input or option runs the command line in a child JVM, as a user runs it, and its stderr
 * must hold one clear line naming the file or option: no stack trace, no Flink ERROR log, no class
 * name or object address, no trace from a shutdown hook. What can be checked before the job is:
 * no job fails for it. Flink's report of a job that failed inside stays in the log file. The children run side by side to keep the test short.
 */
class CleanErrorsITCase {

    @TempDir
    static Path dir;

    private static final Map<String, Run> RUNS = new LinkedHashMap<>();

    private record Run(Process process, Path err, Path log) {}

    @BeforeAll
    static void runEveryCaseAsAChildProcess() throws Exception {
        try (DuckDb duck = new DuckDb()) {
            duck.execute("COPY (SELECT 1.5::DOUBLE AS request_id, 0::INTEGER AS token_index, 'decode' AS phase,"
                    + " 0::INTEGER AS layer, [0, 1]::INTEGER[] AS experts) TO '" + dir.resolve("typed.parquet")
                    + "' (FORMAT PARQUET)");
            duck.execute("COPY (SELECT 0::BIGINT AS window_start_us, 0::INTEGER AS layer, 0::INTEGER AS expert,"
                    + " false AS shared, 1.5::DOUBLE AS tokens, 0::BIGINT AS decode_tokens) TO '"
                    + dir.resolve("expert_load.parquet") + "' (FORMAT PARQUET)");
        }
        write("nested.json", "{\"num_experts\": 4, \"layers\": [1], \"expert_usage_by_layer\": [[1, 2, 3, 4]]}");
        write("rejects.jsonl", String.join("\n",
                "{\"request_id\": 0, \"token_idx\": 0, \"layer\": 0, \"experts\": [0, 1]}",
                "{\"request_id\": 0, \"token_idx\": 1, \"layer\": 7, \"experts\": [0, 1]}",
                "{\"request_id\": 0, \"token_idx\": 2, \"layer\": 0, \"experts\": [0, 9]}", ""));
        Files.write(dir.resolve("garbage.jsonl"), new byte[] {'P', 'K', 3, 4, 0, 0, '#', '!', '\n', 'x', 'y'});
        StringBuilder counts = new StringBuilder("{\"num_experts\": 16, \"layers\": [1], \"expert_usage_by_layer\": {\"1\": {");
        for (int e = 0; e < 16; e++) {
            counts.append(e == 0 ? "" : ", ").append('"').append(e).append("\": ").append(100 + 10 * e);
        }
        write("counts16.json", counts.append("}}}").toString());

        start("parquet-types", "hotness", "--routing", path("typed.parquet"), "--layers", "1", "--experts", "4",
                "--window", "all");
        start("json-nesting", "hotness", "--routing", path("nested.json"));
        start("double-tokens", "hotness", "--routing", path("expert_load.parquet"), "--layers", "1",
                "--experts", "4");
        start("max-rejects", "hotness", "--routing", path("rejects.jsonl"), "--layers", "1", "--experts", "4",
                "--window", "1000tok", "--max-rejects", "1");
        start("garbage-jsonl", "hotness", "--routing", path("garbage.jsonl"), "--layers", "1", "--experts", "4",
                "--window", "1000tok");
        start("redundant-slots", "placement", "--routing", path("counts16.json"), "--model", "Llama-4-Scout",
                "--gpus", "4", "--redundant-slots", "64");
        for (Run run : RUNS.values()) {
            assertThat(run.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aRoutingParquetOfWrongColumnTypesIsOneLine() throws IOException {
        assertCleanError("parquet-types", 1, "typed.parquet: column 'request_id' is DOUBLE, expected INT64");
        assertFailedBeforeTheJob("parquet-types");
    }

    @Test
    void aLoadCountJsonOfWrongNestingIsOneLine() throws IOException {
        assertCleanError("json-nesting", 1, "nested.json: \"expert_usage_by_layer\" is not an object of layers");
        assertFailedBeforeTheJob("json-nesting");
    }

    @Test
    void anExpertLoadTableWithDoubleTokensIsOneLine() throws IOException {
        assertCleanError("double-tokens", 1, "expert_load.parquet: column tokens is DOUBLE; expected INT64");
        assertFailedBeforeTheJob("double-tokens");
    }

    @Test
    void rejectsOverTheLimitInsideTheJobAreOneLineAndFlinksReportStaysInTheLogFile() throws IOException {
        assertCleanError("max-rejects", 1, "rejects.jsonl: more than 1 rows rejected");
        assertThat(Files.readString(RUNS.get("max-rejects").log())).contains("ERROR", "Caused by");
    }

    @Test
    void aGarbageJsonlFileIsOneLine() throws IOException {
        assertCleanError("garbage-jsonl", 1, "garbage.jsonl: line 1 is not JSON");
        assertFailedBeforeTheJob("garbage-jsonl");
    }

    @Test
    void moreRedundantSlotsThanOneReplicaPerGpuAllowsAreOneLine() throws IOException {
        assertCleanError("redundant-slots", 2, "--redundant-slots 64 over --gpus 4 gives 20 slots per GPU");
        assertFailedBeforeTheJob("redundant-slots");
        assertThat(Files.readString(RUNS.get("redundant-slots").err())).contains("at most 48 redundant slots");
    }

    /** Checked as the inputs and options were resolved: no job ran, so Flink logged no failure. */
    private static void assertFailedBeforeTheJob(String name) throws IOException {
        Path log = RUNS.get(name).log();
        String text = Files.exists(log) ? Files.readString(log) : "";
        assertThat(text).as(name + " log").doesNotContain("ERROR", "JobExecutionException");
    }

    /** A bad input trace fails the run (exit 1); a bad option value is a usage error (exit 2). */
    private static void assertCleanError(String name, int exitCode, String expected) throws IOException {
        Run run = RUNS.get(name);
        assertThat(run.process().exitValue()).as(name + " exit code").isEqualTo(exitCode);
        String err = Files.readString(run.err());
        assertThat(err).as(name).doesNotContain("Exception in thread", "ERROR");
        assertThat(CleanMessage.assertClean(err, exitCode)).contains(expected);
    }

    /** Starts {@code MoeReplayCli} in a child JVM on this test's classpath, stderr to a file. */
    private static void start(String name, String... args) throws IOException {
        Path out = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dmoe.replay.log=" + log,
                "-cp", System.getProperty("java.class.path"), MoeReplayCli.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--out", out.toString()));
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(err.toFile())
                .start();
        RUNS.put(name, new Run(process, err, log));
    }

    private static String path(String file) {
        return dir.resolve(file).toString();
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
