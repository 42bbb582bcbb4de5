package io.moereplay.jobs.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real {@code hotness} run (a child JVM) right before each step of its commit, for every
 * step, into an output folder that holds a complete earlier run. After each kill a reader sees the
 * earlier run or the new one, complete (summary, every table with the rows the summary counts,
 * nothing else visible); the next clean run deletes what the killed one left and equals a clean run.
 */
class HotnessCommitCrashITCase {

    @TempDir
    Path tmp;

    @Test
    void aRunKilledAtEveryCommitStepLeavesTheEarlierRunOrTheNewOne() throws Exception {
        Path out = tmp.resolve("out");
        // Reference runs: B, then A over it (a clean rerun replaces); the folder then holds A.
        Map<String, CrashRuns.Seen> clean = new java.util.HashMap<>();
        for (String id : new String[] {"run-b", "run-a"}) {
            assertThat(hotness(out, id, null, "clean-" + id)).isZero();
            CrashRuns.Seen seen = CrashRuns.seen(out);
            assertThat(seen.runId()).isEqualTo(id);
            clean.put(id, seen);
            CrashRuns.assertOnlyCurrentVersion(out);
        }

        String previous = "run-a";
        int k = 1;
        while (true) {
            String next = previous.equals("run-a") ? "run-b" : "run-a";
            int exit = hotness(out, next, CrashPoint.COMMIT + ":" + k, "crash-" + k);
            CrashRuns.Seen seen = CrashRuns.seen(out);
            if (exit == 0) {
                // k is past the last step: this run committed whole.
                assertThat(seen).isEqualTo(clean.get(next));
                CrashRuns.assertOnlyCurrentVersion(out);
                break;
            }
            assertThat(exit).as("kill point %d: %s", k, log("crash-" + k)).isEqualTo(CrashRuns.KILLED);
            assertThat(seen.runId()).as("kill point %d", k).isIn(previous, next);
            assertThat(seen).as("kill point %d", k).isEqualTo(clean.get(seen.runId()));

            assertThat(hotness(out, next, null, "after-" + k)).as("run after kill point %d: %s", k, log("after-" + k))
                    .isZero();
            assertThat(CrashRuns.seen(out)).as("clean run after kill point %d", k).isEqualTo(clean.get(next));
            CrashRuns.assertOnlyCurrentVersion(out);
            previous = next;
            k++;
        }
        System.out.println("HotnessCommitCrashITCase: " + (k - 1) + " kill points");
        assertThat(k - 1).as("kill points").isGreaterThanOrEqualTo(6);
    }

    private int hotness(Path out, String runId, String crashAt, String logName) throws Exception {
        return CrashRuns.run(tmp.resolve(logName + ".log"), crashAt, "hotness", "--routing", "../sample-traces/routing",
                "--out", out.toString(), "--run-id", runId, "--parallelism", "1");
    }

    private String log(String name) throws Exception {
        return Files.readString(tmp.resolve(name + ".log"));
    }
}
