package io.moereplay.jobs.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line leaves the temp folder as it found it: a run's Flink, Snappy and LZ4 files live
 * in its {@link ScratchFolder}, gone when it ends; a killed run's folder is removed by the next run,
 * and folders that are not a dead run's are left alone.
 */
class ScratchFolderITCase {

    @TempDir
    Path tmp;

    @Test
    void aRunLeavesNothingInTheTempFolderAndRemovesAKilledRunsFolder() throws Exception {
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Path users = Files.createDirectories(temp.resolve("moe-replay-out"));
        Path deadLookalike = Files.createDirectories(temp.resolve("moe-replay-scratch-12-abc"));

        assertThat(hotness(temp, tmp.resolve("out"), null, "clean")).isZero();
        assertThat(names(temp)).as("after a run that ended").containsExactlyInAnyOrder("moe-replay-out", "moe-replay-scratch-12-abc");

        assertThat(hotness(temp, tmp.resolve("out"), "commit:3", "killed")).isEqualTo(CrashRuns.KILLED);
        List<String> afterKill = names(temp);
        assertThat(afterKill).as("a killed run's folder stays until the next run")
                .anyMatch(name -> name.matches("moe-replay-scratch-\\d+-\\d+"));
        assertThat(Files.list(temp.resolve(afterKill.stream().filter(n -> n.matches("moe-replay-scratch-\\d+-\\d+"))
                .findFirst().orElseThrow()))).as("the killed run's Flink files").isNotEmpty();

        assertThat(hotness(temp, tmp.resolve("out"), null, "next")).isZero();
        assertThat(names(temp)).as("after the next run").containsExactlyInAnyOrder("moe-replay-out", "moe-replay-scratch-12-abc");
        assertThat(users).isDirectory();
        assertThat(deadLookalike).isDirectory();
    }

    private int hotness(Path temp, Path out, String crashAt, String logName) throws Exception {
        List<String> options = crashAt == null
                ? List.of("-Djava.io.tmpdir=" + temp)
                : List.of("-Djava.io.tmpdir=" + temp, "-D" + CrashPoint.PROPERTY + "=" + crashAt);
        return CrashRuns.runWith(tmp.resolve(logName + ".log"), options, "hotness", "--routing", "../sample-traces/routing",
                "--out", out.toString(), "--parallelism", "1");
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
