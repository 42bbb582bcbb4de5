package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MoeReplayCliTest {

    private static final String CONFIG = "../connectors/src/test/resources/hf-configs/gpt-oss-120b/config.json";

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
        assertThat(run("hotness", "--routing", "../sample-traces/routing", "--out", "x", "--window", "60 parsecs")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("moe-replay hotness: --window '60 parsecs': not a window length;"
                + " give a time (60s, 500ms, 5m, 1h), tokens (1000tok), decode steps (10steps), forward passes (1000pass)"
                + " or all\nsee `moe-replay hotness --help`");
    }

    @Test
    void aTimeWindowWithoutRequestsIsExplained() {
        assertThat(run("hotness", "--routing", "../sample-traces/routing", "--out", "x", "--window", "60s")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --requests");
    }

    @Test
    void replayAndStragglerShareTheReplayOptions() {
        assertThat(run("straggler", "--help")).isZero();
        assertThat(out.toString()).contains("--deployment", "--hardware-file", "--requests", "--model",
                "--routing-model", "--calibrate", "--popularity", "--drift", "--max-batch", "--step-ms", "--out",
                "--parallelism", "--run-id", "--max-rejects");
        assertThat(run("replay", "--help")).isZero();
        assertThat(out.toString()).contains("--window", "--calibrate", "--family", "--models-file");
    }

    @Test
    void aBadDeploymentOrStepTimeIsOneLine() {
        assertThat(run("straggler", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B",
                "--deployment", "colocated:gpu=H100-SXM,gpus=eight", "--out", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("moe-replay straggler: --deployment"
                + " 'colocated:gpu=H100-SXM,gpus=eight': gpus=eight is not a positive integer\n"
                + "see `moe-replay straggler --help`");
        err.getBuffer().setLength(0);
        assertThat(run("straggler", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B",
                "--deployment", "colocated:gpu=H100-SXM", "--out", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("moe-replay straggler: --deployment"
                + " 'colocated:gpu=H100-SXM': missing option 'gpus' (expected"
                + " colocated:gpu=G,gpus=N[,placement=none|greedy|eplb,redundant=R], disaggregated:attention=G,tp-a=N,"
                + "nodes-a=N,experts=G,tp-e=N,m=N or"
                + " findep:attention=G,tp-a=N,nodes-a=N,experts=G,tp-e=N,r1=N,r2=N,order=aass|asas;"
                + " each may add expert_kernel=grouped|sequential (default grouped))\n"
                + "see `moe-replay straggler --help`");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B", "--step-ms", "0", "--out", "x"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("moe-replay replay: --step-ms 0: not above 0; give a number such as 1.5\n"
                + "see `moe-replay replay --help`");
    }

    @Test
    void modelsPrintsTheModelOfAConfigJson() {
        // models prints to System.out, as the other commands' reports do
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(run("models", "--model-config",
                    CONFIG)).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("| gpt-oss-120b | 36 / 36 | 128 | 4 | 0 | 2880 | 3 x 2880 |")
                .doesNotContain("Mixtral");
    }

    @Test
    void placementHelpDocumentsTheEmitOptions() {
        assertThat(run("placement", "--help")).isZero();
        assertThat(out.toString()).contains("--emit=FORMAT DIR", "--emit-policy=POLICY", "The policy whose placement --emit writes");
    }

    @Test
    void aModelByNameAndByConfigIsOneLine() {
        assertThat(run("replay", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B", "--model-config", CONFIG,
                "--out", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("moe-replay replay: give the model by --model NAME or by"
                + " --model-config PATH, not both (got --model Mixtral-8x7B and --model-config " + CONFIG + ")\n"
                + "see `moe-replay replay --help`");
        err.getBuffer().setLength(0);
        assertThat(run("placement", "--routing", "../sample-traces/routing", "--gpus", "4", "--out", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("no model given: --model NAME");
        err.getBuffer().setLength(0);
        assertThat(run("straggler", "--requests", "../sample-traces/requests.csv", "--model-config", "absent.json",
                "--deployment", "colocated:gpu=H100-SXM,gpus=8", "--out", "x")).isEqualTo(2);
        assertThat(err.toString()).startsWith("moe-replay straggler: --model-config absent.json: no such file or folder"
                + " (relative to " + java.nio.file.Path.of("").toAbsolutePath() + ")");
    }
}
