package io.moereplay.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moereplay.jobs.testing.DuckDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar on a real Flink standalone session cluster: a JobManager and two TaskManagers
 * (one slot each, so a job spans both), separate JVMs started by {@code jobs/cluster/flink-standalone.sh}
 * from Flink's jars on Maven Central, jobs submitted with Flink's CliFrontend. Each cluster run's
 * tables equal the embedded run's (the launcher, {@code java -jar}) row for row, and so do its
 * counts: the hotness job over ten million routed decisions, and the sample nightly, which runs
 * every other job. A hotness run whose TaskManager is killed with SIGKILL while it runs the
 * trace's source ends, after Flink's restart, in the same output with nothing but committed part
 * files.
 *
 * <p>Runs in {@code mvn verify}'s integration-test phase (Failsafe), after the jar is shaded.
 */
class StandaloneClusterIT {

    private static final Path JAR = Path.of("target/moe-replay.jar").toAbsolutePath();
    private static final Path SCRIPT = Path.of("cluster/flink-standalone.sh").toAbsolutePath();
    private static final Path DIST = Path.of("target/flink-standalone").toAbsolutePath();
    private static final List<String> HOTNESS_TABLES = List.of("expert_hotness", "layer_balance", "rejects");
    private static final String NIGHT = "2026-11-23";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;
    private static final int REST_PORT = freePort();
    private static final int RPC_PORT = freePort();
    private static Path embedded;

    @BeforeAll
    static void startClusterAndRunEmbedded() throws Exception {
        script("install", DIST.toString());
        script("stop", DIST.toString());
        script("start", DIST.toString(), "2");
        // Ten million routed decisions: long enough (about a second a source task on 2 cores) to kill
        // a TaskManager while it reads, small enough to generate in seconds.
        exec(work.resolve("generate.log"), List.of("java", "-jar", JAR.toString(), "generate",
                "--out-dir", work.resolve("trace").toString(), "--requests", "2000", "--decisions", "10000000",
                "--files", "4", "--no-gate-weights", "--seed", "11"), Map.of());
        embedded = work.resolve("embedded");
        exec(work.resolve("embedded.log"), hotness(List.of("java", "-jar", JAR.toString()), embedded), Map.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script("stop", DIST.toString());
    }

    @Test
    void theClusterRunEqualsTheEmbeddedRun() throws Exception {
        Path out = work.resolve("cluster");
        exec(work.resolve("cluster.log"), hotness(clusterLauncher(), out), env());
        assertSameHotness(out);
    }

    @Test
    void theNightlyOnTheClusterEqualsTheEmbeddedNight() throws Exception {
        Path local = work.resolve("nightly-embedded");
        Path cluster = work.resolve("nightly-cluster");
        exec(work.resolve("nightly-embedded.log"), nightly(List.of("java", "-jar", JAR.toString()), local), Map.of());
        exec(work.resolve("nightly-cluster.log"), nightly(clusterLauncher(), cluster), env());

        Path localNight = local.resolve("date=" + NIGHT);
        Path clusterNight = cluster.resolve("date=" + NIGHT);
        JsonNode localManifest = JSON.readTree(localNight.resolve("_manifest.json").toFile());
        JsonNode clusterManifest = JSON.readTree(clusterNight.resolve("_manifest.json").toFile());
        assertThat(clusterManifest.get("table_rows")).isEqualTo(localManifest.get("table_rows"));
        assertThat(clusterManifest.get("digest")).isEqualTo(localManifest.get("digest"));
        assertThat(clusterManifest.get("cost_ranking")).isEqualTo(localManifest.get("cost_ranking"));
        List<String> tables = new ArrayList<>();
        localManifest.get("table_rows").fieldNames().forEachRemaining(tables::add);
        assertThat(tables).hasSizeGreaterThan(10);
        assertSameTables(clusterNight, localNight, tables);
        assertOnlyCommittedFiles(clusterNight, "_manifest.json|report.html|[a-z]+/_run_summary.json|[a-z]+/[a-z_]+/part-[^/]+\\.parquet");
    }

    @Test
    void aTaskManagerKilledMidJobEndsInTheSameOutput() throws Exception {
        Path out = work.resolve("cluster-killed");
        Path log = work.resolve("cluster-killed.log");
        ProcessBuilder builder = new ProcessBuilder(hotness(clusterLauncher(), out))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env());
        Process submit = builder.start();
        String[] jobAndTaskManager = killATaskManagerMidJob(submit);
        assertThat(submit.waitFor()).as("flink run after the kill; see %s", log).isZero();

        JsonNode history = get("/jobs/" + jobAndTaskManager[0] + "/exceptions").get("exceptionHistory").get("entries");
        assertThat(history).as("the job failed over at least once").isNotEmpty();
        assertThat(history.get(0).get("taskManagerId").asText()).isEqualTo(jobAndTaskManager[1]);
        assertSameHotness(out);

        script("add-taskmanager", DIST.toString(), jobAndTaskManager[1].substring("taskmanager-".length()));
        awaitTaskManagers(2);
    }

    /**
     * A hotness output on the cluster against the embedded one: the same tables, summaries that
     * agree on every count, and only the summary and committed part files: no staging folder, no
     * in-progress file.
     */
    private static void assertSameHotness(Path out) throws Exception {
        assertSameTables(out, embedded, HOTNESS_TABLES);
        assertThat(summaryCounts(out)).isEqualTo(summaryCounts(embedded));
        assertThat(summaryCounts(out).get("rows_read").asLong()).isEqualTo(2000 + 5_000_000);
        assertOnlyCommittedFiles(out, "_run_summary.json|[a-z_]+/part-[^/]+\\.parquet");
    }

    /** Each table holds exactly the reference's rows: a multiset, EXCEPT ALL both ways empty and the counts equal. */
    private static void assertSameTables(Path out, Path reference, List<String> tables) throws Exception {
        try (DuckDb duck = new DuckDb()) {
            for (String table : tables) {
                String cluster = "read_parquet('%s/%s/*.parquet')".formatted(out, table);
                String local = "read_parquet('%s/%s/*.parquet')".formatted(reference, table);
                assertThat(count(duck, cluster)).as(table).isEqualTo(count(duck, local));
                assertThat(count(duck, "(SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)".formatted(cluster, local)))
                        .as("%s rows only the cluster wrote", table).isZero();
                assertThat(count(duck, "(SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)".formatted(local, cluster)))
                        .as("%s rows only the embedded run wrote", table).isZero();
            }
        }
    }

    /**
     * What a reader sees through the links matches {@code pattern}; hidden are only the committed
     * versions and their {@code .current} links: no lock, pending link or staging folder is left.
     */
    private static void assertOnlyCommittedFiles(Path out, String pattern) throws IOException {
        try (Stream<Path> files = Files.walk(out, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            assertThat(files.filter(Files::isRegularFile).map(file -> out.relativize(file).toString())
                    .filter(name -> !name.startsWith(".") && !name.contains("/.")))
                    .isNotEmpty()
                    .allMatch(name -> name.matches(pattern));
        }
        try (Stream<Path> files = Files.walk(out.toRealPath())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".lock") || name.endsWith(".link") || name.contains(".staging-"));
        }
    }

    private static long count(DuckDb duck, String relation) throws Exception {
        return ((Number) duck.rows("SELECT count(*) FROM " + relation).get(0).get(0)).longValue();
    }

    /** The summary without what differs between two correct runs: the output path and the wall time. */
    private static JsonNode summaryCounts(Path out) throws IOException {
        ObjectNode summary = (ObjectNode) JSON.readTree(out.resolve("_run_summary.json").toFile());
        summary.remove("wall_ms");
        ((ObjectNode) summary.get("config")).remove("out");
        return summary;
    }

    /**
     * Polls the JobManager's REST API until a subtask of the submitted job runs, then kills the
     * JVM of the TaskManager it runs on with SIGKILL.
     *
     * @return the job's id and the TaskManager's
     */
    private static String[] killATaskManagerMidJob(Process submit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && submit.isAlive()) {
            for (JsonNode job : get("/jobs/overview").get("jobs")) {
                String taskManager = job.get("state").asText().equals("RUNNING")
                        ? runningOn(job.get("jid").asText()) : null;
                if (taskManager != null) {
                    long pid = Long.parseLong(Files.readString(DIST.resolve("pids/" + taskManager + ".pid")).trim());
                    ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow(
                            () -> new AssertionError(taskManager + " (pid " + pid + ") is not running"));
                    jvm.destroyForcibly();
                    jvm.onExit().get(30, TimeUnit.SECONDS);
                    return new String[] {job.get("jid").asText(), taskManager};
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no subtask was seen running before the job ended");
    }

    /** The TaskManager a running subtask of {@code job} runs on, or null. */
    private static String runningOn(String job) throws Exception {
        for (JsonNode vertex : get("/jobs/" + job).get("vertices")) {
            for (JsonNode subtask : get("/jobs/" + job + "/vertices/" + vertex.get("id").asText()).get("subtasks")) {
                if (subtask.get("status").asText().equals("RUNNING") && subtask.hasNonNull("taskmanager-id")) {
                    return subtask.get("taskmanager-id").asText();
                }
            }
        }
        return null;
    }

    private static void awaitTaskManagers(int want) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (get("/overview").get("taskmanagers").asInt() < want) {
            assertThat(System.nanoTime()).as("TaskManagers registered in time").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + REST_PORT + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** {@code flink run} of the shaded jar on the cluster. */
    private static List<String> clusterLauncher() {
        return List.of(SCRIPT.toString(), "run", DIST.toString(), JAR.toString());
    }

    /** The hotness command over the generated trace, after a launcher ({@code java -jar} or {@code flink run}). */
    private static List<String> hotness(List<String> launcher, Path out) {
        List<String> command = new ArrayList<>(launcher);
        Path trace = work.resolve("trace");
        command.addAll(List.of("hotness", "--routing", trace.resolve("routing").toString(),
                "--requests", trace.resolve("requests.csv").toString(), "--window", "60s", "--out", out.toString()));
        return command;
    }

    /** The sample nightly for {@link #NIGHT}, after a launcher. */
    private static List<String> nightly(List<String> launcher, Path out) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("nightly", "--config", Path.of("../sample-traces/nightly.json").toAbsolutePath().toString(),
                "--out", out.toString(), "--date", NIGHT));
        return command;
    }

    /** The script's environment: this test's ports, one slot per TaskManager, Maven offline if this build is. */
    private static Map<String, String> env() {
        return Map.of("FLINK_REST_PORT", Integer.toString(REST_PORT), "FLINK_RPC_PORT", Integer.toString(RPC_PORT),
                "FLINK_SLOTS", "1", "MVN_FLAGS", Boolean.getBoolean("moe.maven.offline") ? "-o" : "");
    }

    private static void script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        exec(work.resolve("script-" + args[0] + ".log"), command, env());
    }

    private static void exec(Path log, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        int exit = builder.start().waitFor();
        assertThat(exit).as("%s exited %d:%n%s", String.join(" ", command), exit, Files.readString(log)).isZero();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
