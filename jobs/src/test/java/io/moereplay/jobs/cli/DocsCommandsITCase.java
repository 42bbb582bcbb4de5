package io.moereplay.jobs.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every command the docs show, as a user copies it, in a child JVM (the launcher's
 * {@code java -jar}, on this build's classes): outputs go into {@code target/docs-commands/},
 * inputs are the repository's sample traces and {@code ../shared/traces} ({@link DocWorkFolder}).
 * Each must exit 0; a console transcript that shows an error must print exactly that error, and
 * one that shows output must print it. One test per command, in the docs' order (later commands
 * read earlier ones' outputs); a command shown on several pages runs once.
 *
 * <p>Not run here, each for the reason {@link #NOT_RUN} gives, shown as a skipped test: commands
 * for a Flink cluster ({@code StandaloneClusterIT} runs the sample nightly through {@code flink run}),
 * and commands too long for this test's budget unless {@code MOE_REPLAY_DOCS_ALL=1} (CI sets it).
 * A reason that matches no command in the docs fails the test, so the list cannot go stale.
 */
class DocsCommandsITCase {

    /** Part of a command as the docs show it, and why this test does not run it by default. */
    static final Map<String, String> NOT_RUN = Map.of(
            "straggler --requests ../shared/traces/requests/azure_llm_2023_conv.csv --model Mixtral-8x22B",
            "too long for the default run: 6.5 M layer-steps, about 45 s on 2 cores; runs with MOE_REPLAY_DOCS_ALL=1, as in CI");

    private static final String ON_CLUSTER = "needs a Flink cluster: StandaloneClusterIT submits the sample nightly with flink run";
    private static final boolean RUN_ALL = "1".equals(System.getenv("MOE_REPLAY_DOCS_ALL"));
    private static final Path WORK = Path.of("target", "docs-commands").toAbsolutePath();

    @TestFactory
    Stream<DynamicTest> everyCommandInTheDocsRuns() throws IOException {
        deleteWork();
        Files.createDirectories(WORK.resolve("tmp"));
        DocWorkFolder folder = new DocWorkFolder(DocsCommandsTest.REPO, WORK);
        List<DocCommand> commands = DocCommands.in(DocsCommandsTest.REPO).stream()
                .filter(command -> command.kind() != DocCommand.Kind.SYNOPSIS).toList();
        for (String shown : NOT_RUN.keySet()) {
            assertThat(commands).as("a command in the docs containing \"" + shown + "\" (DocsCommandsITCase.NOT_RUN)")
                    .anyMatch(command -> command.shown().contains(shown));
        }
        Map<List<String>, List<DocCommand>> runs = new LinkedHashMap<>();
        for (DocCommand command : commands) {
            runs.computeIfAbsent(folder.map(command), args -> new ArrayList<>()).add(command);
        }
        List<DynamicTest> tests = new ArrayList<>();
        runs.forEach((args, shown) -> tests.add(DynamicTest.dynamicTest(
                shown.stream().map(DocCommand::where).reduce((a, b) -> a + ", " + b).orElseThrow()
                        + ": " + shown.get(0).shown(),
                () -> run(shown.get(0), args))));
        return tests.stream();
    }

    @AfterAll
    static void deleteWork() throws IOException {
        if (Files.exists(WORK)) {
            try (Stream<Path> paths = Files.walk(WORK)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void run(DocCommand command, List<String> args) throws Exception {
        Assumptions.assumeTrue(command.kind() != DocCommand.Kind.ON_CLUSTER, ON_CLUSTER);
        NOT_RUN.forEach((shown, reason) -> Assumptions.assumeTrue(
                RUN_ALL || !command.shown().contains(shown), reason));
        for (String arg : args) {
            Assumptions.assumeTrue(!arg.startsWith("../shared/"), "../shared/traces is not beside this checkout: " + arg);
        }

        String name = command.page().replace('/', '_') + "_" + command.line();
        Path out = WORK.resolve(name + ".out");
        Path err = WORK.resolve(name + ".err");
        List<String> java = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + WORK.resolve("tmp"), "-Dmoe.replay.log=" + WORK.resolve(name + ".log"),
                "-cp", System.getProperty("java.class.path"), MoeReplayCli.class.getName()));
        java.addAll(args);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(java).directory(WORK.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        System.out.printf("docs command %s: %.1f s%n", command.where(), (System.nanoTime() - started) / 1e9);

        assertThat(ended).as(command.where() + " ended within 5 minutes").isTrue();
        List<String> stdout = Files.readAllLines(out);
        List<String> stderr = Files.readAllLines(err).stream().filter(line -> !line.isBlank()).toList();
        if (command.showsAnError()) {
            assertThat(process.exitValue()).as(command.where() + " exit code").isNotZero();
            assertThat(stderr).as(command.where() + ": the error the page shows").isEqualTo(command.shownOutput());
            return;
        }
        assertThat(process.exitValue()).as(command.where() + " exit code; stderr:\n" + String.join("\n", stderr)).isZero();
        for (String shown : command.shownOutput()) {
            assertThat(stdout).as(command.where() + ": the output the page shows").anyMatch(line -> line.endsWith(shown));
        }
    }
}
