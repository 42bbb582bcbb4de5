package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CostCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** The routing replay's schedule and recorded routing do not apply to cost: its help leaves them out. */
    @Test
    void helpListsOnlyWhatApplies() {
        assertThat(run("cost", "--help")).isZero();
        assertThat(out.toString()).contains("--candidate", "--candidates", "--slo-tbt-ms", "--slo-tbt-percentile",
                "--slo-ttft-ms", "--slo-ttft-percentile", "--request-latency", "--requests", "--model", "--calibrate",
                "--popularity", "--hardware-file", "--out")
                .doesNotContain("--max-batch", "--step-ms", "--window", "--routing-model", "--routing=", "--slo-target");
        out.getBuffer().setLength(0);
        assertThat(run("straggler", "--help")).isZero();
        assertThat(out.toString()).contains("--max-batch", "--step-ms", "--routing-model", "--routing=");
    }

    @Test
    void theRemovedSloTargetPointsToThePercentile() {
        assertThat(run("cost", "--requests", "r.csv", "--model", "Mixtral-8x7B", "--candidate", "c", "--slo-target",
                "0.99", "--out", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("moe-replay cost: --slo-target was removed: the SLO is met at a"
                + " percentile of every token gap; give --slo-tbt-percentile 99 (and --slo-ttft-percentile) instead");
    }

    @Test
    void aPercentileOutOfRangeIsNamed() {
        assertThat(run("cost", "--requests", "r.csv", "--model", "Mixtral-8x7B", "--candidate", "c",
                "--slo-tbt-percentile", "0.99", "--out", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(
                "moe-replay cost: --slo-tbt-percentile 0.99 is not a percentile in [50, 100]: give e.g. 99 for p99");
        err.getBuffer().setLength(0);
        assertThat(run("cost", "--requests", "r.csv", "--model", "Mixtral-8x7B", "--candidate", "c",
                "--slo-ttft-percentile", "101", "--out", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(
                "moe-replay cost: --slo-ttft-percentile 101.0 is not a percentile in [50, 100]: give e.g. 99 for p99");
        err.getBuffer().setLength(0);
        assertThat(run("cost", "--requests", "r.csv", "--model", "Mixtral-8x7B", "--candidate", "c",
                "--slo-tbt-ms", "0", "--out", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("moe-replay cost: --slo-tbt-ms 0.0 must be a positive number of milliseconds");
    }
}
