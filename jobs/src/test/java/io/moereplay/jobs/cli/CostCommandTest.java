package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CostCommandTest {

    /** What one command line printed, and its exit code. */
    private record Ran(int code, String out, String err) {}

    private static Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Ran(cli.execute(args), out.toString(), err.toString().strip());
    }

    /** The routing replay's schedule and recorded routing do not apply to cost: its help leaves them out. */
    @Test
    void helpListsOnlyWhatApplies() {
        Ran cost = run("cost", "--help");
        assertThat(cost.code()).isZero();
        assertThat(cost.out()).contains("--candidate", "--candidates", "--slo-tbt-ms", "--slo-tbt-percentile",
                "--slo-ttft-ms", "--slo-ttft-percentile", "--request-latency", "--requests", "--model", "--calibrate",
                "--popularity", "--hardware-file", "--out")
                .doesNotContain("--max-batch", "--step-ms", "--window", "--routing-model", "--routing=", "--slo-target");
        assertThat(run("straggler", "--help").out()).contains("--max-batch", "--step-ms", "--routing-model", "--routing=");
    }

    @Test
    void theRemovedSloTargetPointsToThePercentile() {
        Ran ran = run("cost", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B", "--candidate", "c", "--slo-target",
                "0.99", "--out", "x");
        assertThat(ran.code()).isEqualTo(2);
        assertThat(ran.err()).isEqualTo("moe-replay cost: --slo-target was removed: the SLO is met at a"
                + " percentile of every token gap; give --slo-tbt-percentile 99 (and --slo-ttft-percentile) instead"
                + "\nsee `moe-replay cost --help`");
    }

    @Test
    void aBadSloValueIsNamed() {
        assertThat(slo("--slo-tbt-percentile", "0.99"))
                .isEqualTo("moe-replay cost: --slo-tbt-percentile 0.99 is not a percentile in [50, 100]: give e.g. 99 for p99");
        assertThat(slo("--slo-ttft-percentile", "101"))
                .isEqualTo("moe-replay cost: --slo-ttft-percentile 101.0 is not a percentile in [50, 100]: give e.g. 99 for p99");
        assertThat(slo("--slo-tbt-ms", "0")).isEqualTo("moe-replay cost: --slo-tbt-ms 0.0 must be a positive number of milliseconds");
    }

    /** The usage error cost prints for one SLO option's value. */
    private static String slo(String option, String value) {
        Ran ran = run("cost", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B", "--candidate", "c", option, value,
                "--out", "x");
        assertThat(ran.code()).isEqualTo(2);
        assertThat(ran.err().lines()).last().isEqualTo("see `moe-replay cost --help`");
        return ran.err().lines().findFirst().orElseThrow();
    }
}
