package io.moereplay.jobs.cli;

import io.moereplay.connectors.io.TraceFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which message of an exception chain the command line prints, and whose error it is (exit 2 or 1). */
class RunErrorsTest {

    @Test
    void ourErrorIsFoundUnderFlinksWrappers() {
        Throwable ours = new IllegalStateException("f.jsonl: more than 1 rows rejected");
        Throwable chain = flink(new RuntimeException("Job execution failed.",
                flink(new RuntimeException("Recovery is suppressed by NoRestartBackoffTimeStrategy", ours))));
        assertThat(RunErrors.rootMessage(chain)).isEqualTo("f.jsonl: more than 1 rows rejected");
    }

    @Test
    void theOutermostOfOursKeepsTheFileItNames() {
        Throwable inner = new IllegalArgumentException("layer ids must be distinct");
        Throwable chain = flink(new RuntimeException("Job execution failed.",
                new TraceFormatException("f.parquet", "footer is not a valid shape: layer ids must be distinct", inner)));
        assertThat(RunErrors.rootMessage(chain)).isEqualTo("f.parquet: footer is not a valid shape: layer ids must be distinct");
    }

    @Test
    void anIllegalStateFromFlinkItselfIsNotTakenForOurs() {
        Throwable chain = new RuntimeException("wrapper", flink(new IllegalStateException("MiniCluster is not running")));
        assertThat(RunErrors.rootMessage(chain)).isEqualTo("MiniCluster is not running");
        Throwable withOurs = new RuntimeException("wrapper", flink(new IllegalStateException("Flink's own",
                new TraceFormatException("g.json", "not a JSON object"))));
        assertThat(RunErrors.rootMessage(withOurs)).isEqualTo("g.json: not a JSON object");
    }

    @Test
    void anOptionCheckIsTheCommandLinesButAnUnreadableTraceOrAFailedJobIsTheRuns() {
        assertThat(RunErrors.isUsage(new IllegalArgumentException("--redundant-slots 64 over --gpus 4 ..."))).isTrue();
        assertThat(RunErrors.isUsage(new TraceFormatException("f.parquet", "column tokens is DOUBLE"))).isFalse();
        assertThat(RunErrors.isUsage(new IllegalArgumentException("c.json: cannot read",
                new java.nio.file.NoSuchFileException("c.json")))).isFalse();
        Throwable inJob = new org.apache.flink.runtime.client.JobExecutionException(null, "Job execution failed.",
                new IllegalArgumentException("f.jsonl: more than 1 rows rejected"));
        assertThat(RunErrors.isUsage(inJob)).isFalse();
        assertThat(RunErrors.isUsage(new NullPointerException())).isFalse();
        assertThat(RunErrors.isUsage(new IllegalArgumentException("models.json: malformed JSON at line 3",
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")))).isTrue();
    }

    @Test
    void fileErrorsSayWhatHappenedToThePathNotJustThePath() {
        assertThat(RunErrors.rootMessage(new java.nio.file.FileAlreadyExistsException("out/x"))).isEqualTo("out/x: already exists");
        assertThat(RunErrors.rootMessage(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("a.csv"))))
                .isEqualTo("a.csv: no such file or folder");
        assertThat(RunErrors.rootMessage(new java.io.FileNotFoundException("n.json (Is a directory)")))
                .isEqualTo("n.json: Is a directory");
    }

    @Test
    void aBugIsAnInternalErrorPointingAtTheLogNotAClassName() {
        assertThat(RunErrors.rootMessage(new NullPointerException())).startsWith("internal error; details in the log file ")
                .doesNotContain("NullPointerException");
    }

    /** The exception as if thrown from Flink's code. */
    private static Throwable flink(Throwable t) {
        t.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.apache.flink.runtime.jobmaster.JobResult", "toJobExecutionResult", "JobResult.java", 144)});
        return t;
    }
}
