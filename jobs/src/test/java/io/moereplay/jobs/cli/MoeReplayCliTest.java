package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MoeReplayCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void hotnessHelpDocumentsEveryOption() {
        assertThat(run("hotness", "--help")).isZero();
        assertThat(out.toString()).contains("--routing", "--requests", "--window", "--out", "--parallelism",
                "--hot-threshold", "--layers", "--experts", "--routing-format", "--requests-format",
                "--run-id", "--max-rejects");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        assertThat(run("hotness", "--out", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--routing=PATH'");
    }

    @Test
    void aBadValueFailsWithOneLineNamingIt() {
        assertThat(run("hotness", "--routing", "r.json", "--out", "x", "--window", "60 parsecs")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("moe-replay hotness: window '60 parsecs' is not a length such as 60s, 500ms, 5m, 1h, 1000tok, 10steps, or 'all'");
    }

    @Test
    void aTimeWindowWithoutRequestsIsExplained() {
        assertThat(run("hotness", "--routing", "../sample-traces/routing", "--out", "x", "--window", "60s")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --requests");
    }
}
