package io.moereplay.jobs.cli;

import io.moereplay.jobs.testing.DuckDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistakes a new user makes on the command line, each run in-process through
 * {@link MoeReplayCli#commandLine()}: the exit code says whose the mistake is (2: the command line,
 * 1: the input trace), and the one message line names the culprit (option, value, file, line) and
 * the fix, with no stack trace, class name, object address or help dump ({@link CleanMessage}).
 * Every case fails before a job starts; mistakes found inside a running job are
 * {@link CleanErrorsITCase}'s, in child JVMs.
 */
class UserMistakesTest {

    private static final String REQUESTS = "../sample-traces/requests.csv";
    private static final String ROUTING = "../sample-traces/routing";
    private static final String COLOCATED = "colocated:gpu=H100-SXM,gpus=8";

    @TempDir
    static Path dir;

    /** A user's mistake: the command line, the exit code it must end with, what its message must say. */
    private record Mistake(List<String> args, int exitCode, List<String> says) {}

    @BeforeAll
    static void writeBadFiles() throws Exception {
        Files.writeString(dir.resolve("a-file"), "not a folder");
        byte[] parquet = Files.readAllBytes(Path.of(ROUTING, "part-00000.parquet"));
        Files.write(dir.resolve("truncated.parquet"), java.util.Arrays.copyOf(parquet, parquet.length / 2));
        try (DuckDb duck = new DuckDb()) {
            duck.execute("COPY (SELECT 1.5::DOUBLE AS request_id, 0::INTEGER AS token_index, 'decode' AS phase,"
                    + " 0::INTEGER AS layer, [0, 1]::INTEGER[] AS experts) TO '" + dir.resolve("typed.parquet")
                    + "' (FORMAT PARQUET)");
        }
        write("trailing-comma.json", "{\"num_experts\": 4, \"layers\": [1],\n"
                + " \"expert_usage_by_layer\": {\"1\": {\"0\": 1, \"1\": 2,}}}");
        write("not-jsonl.jsonl", "request_id=0 layer=0 experts=1,2\n");
        write("mooncake.jsonl", "timestamp: 0, input_length: 10, output_length: 5\n");
        write("nightly.json", "{\"requests\": \"requests.csv\"}");
    }

    static Stream<Arguments> mistakes() {
        String file = dir.resolve("a-file").toString();
        String out = dir.resolve("out").toString();
        return Stream.of(
                // Bad dates and non-positive counts: usage errors, caught where the option is parsed.
                usage("a month 13", List.of("nightly", "--config", path("nightly.json"), "--out", out, "--date", "2026-13-45"),
                        "--date 2026-13-45: not a calendar date; give YYYY-MM-DD"),
                usage("zero GPUs", placement("--gpus", "0"), "--gpus 0: not a positive whole number (1 or more)"),
                usage("minus four GPUs", placement("--gpus", "-4"), "--gpus -4: not a positive whole number"),
                usage("a negative redundant slot count", placement("--gpus", "4", "--redundant-slots", "-1"),
                        "--redundant-slots -1: not a whole number, 0 or more"),
                usage("a zero re-placement interval", placement("--gpus", "4", "--intervals", "1,0"),
                        "--intervals 0: not a positive whole number"),
                usage("a negative parallelism", hotness("--parallelism", "-2"), "--parallelism -2: not a whole number, 0 or more"),
                usage("a zero hot threshold", hotness("--hot-threshold", "0"), "--hot-threshold 0: not above 0"),
                usage("a word for max rejects", hotness("--max-rejects", "many"), "--max-rejects many: not a whole number"),
                usage("a window in parsecs", hotness("--window", "60parsecs"),
                        "--window 60parsecs: not a window length; give a time (60s"),
                usage("a zero top-k", List.of("generate", "--out-dir", out, "--top-k", "0"), "--top-k 0: not a positive"),
                usage("a negative Zipf exponent", List.of("generate", "--out-dir", out, "--zipf", "-1"),
                        "--zipf -1: is negative; give 0 or more"),
                usage("a zero step time", replay("--step-ms", "0"), "--step-ms 0: not above 0"),
                usage("a word for the seed", replay("--seed", "abc"), "--seed abc: not a whole number"),
                usage("a word in a popularity spec", replay("--popularity", "zipf:x"),
                        "--popularity 'zipf:x': 'x' is not a number (expected zipf:S[:Q]"),
                // Names that do not exist: the closest valid one, and where the list is.
                usage("a misspelt command", List.of("hotnes", "--routing", ROUTING), "unknown command 'hotnes'; did you mean hotness?"),
                usage("a misspelt option", hotness("--requests-fromat", "azure-csv"),
                        "unknown option --requests-fromat; did you mean --requests-format?"),
                usage("an unknown model", List.of("replay", "--requests", REQUESTS, "--model", "Mixtral-8x7", "--out", out),
                        "no model \"Mixtral-8x7\" in the catalog; did you mean Mixtral-8x7B?", "`moe-replay models` lists"),
                usage("an unknown GPU", straggler("colocated:gpu=H100-SMX,gpus=8"),
                        "no GPU \"H100-SMX\" in the catalog; did you mean H100-SXM?"),
                usage("an unknown deployment kind", straggler("colocate:gpu=H100-SXM,gpus=8"),
                        "unknown kind 'colocate'; did you mean colocated?"),
                usage("a misspelt deployment option", straggler("colocated:gpu=H100-SXM,gpus=8,redundnat=8"),
                        "unknown option 'redundnat'; did you mean redundant?"),
                usage("an unknown routing format", hotness("--routing-format", "parquett"),
                        "routing format 'parquett' is not one of", "did you mean parquet?"),
                usage("an unknown request format", List.of("replay", "--requests", REQUESTS, "--requests-format", "azure",
                        "--model", "Mixtral-8x7B", "--out", out), "request format 'azure'", "did you mean azure-csv?"),
                usage("an unknown placement policy", placement("--gpus", "4", "--policies", "greedy,eplp"),
                        "unknown policy 'eplp'", "did you mean eplb?"),
                usage("an unknown dispatch rule", placement("--gpus", "4", "--dispatch", "splt"), "did you mean split?"),
                usage("an unknown engine format", placement("--gpus", "4", "--emit", "sglng", out),
                        "engine format 'sglng'", "did you mean sglang?"),
                usage("an unknown routing model", replay("--routing-model", "recordd"), "did you mean recorded?"),
                // Deployment and candidate specs: named by the option they were given with, whole.
                usage("a deployment of 'eight' GPUs", straggler("colocated:gpu=H100-SXM,gpus=eight"),
                        "--deployment 'colocated:gpu=H100-SXM,gpus=eight': gpus=eight is not a positive integer"),
                usage("a candidate of 'eight' GPUs", cost("colocated:gpu=H100-SXM,gpus=eight,batch=64"),
                        "--candidate 'colocated:gpu=H100-SXM,gpus=eight,batch=64': gpus=eight is not a positive integer"),
                usage("a candidate without its batch", cost(COLOCATED), "--candidate '" + COLOCATED + "': end it with ,batch=B"),
                // Conflicting and missing options.
                usage("a model by name and by config", replay("--model-config", REQUESTS), "not both"),
                usage("no routing trace", List.of("hotness", "--out", out), "Missing required option: '--routing=PATH'"),
                // Folders for files and files for folders.
                usage("an output folder that is a file", List.of("hotness", "--routing", ROUTING, "--out", file),
                        "--out " + file + ": is a file; name a folder (created if missing)"),
                usage("an export into a file", List.of("export", "--in", out, "--out", file), "--out " + file + ": is a file"),
                usage("a folder for the request trace", List.of("hotness", "--routing", ROUTING, "--requests", "../sample-traces",
                        "--out", out), "--requests ../sample-traces: is a folder; name the file itself"),
                usage("a folder for the nightly configuration", List.of("nightly", "--config", "../sample-traces", "--out", out),
                        "--config ../sample-traces: is a folder; name the file itself"),
                usage("a missing routing trace", hotness(path("absent.jsonl")),
                        "--routing " + path("absent.jsonl") + ": no such file or folder"),
                usage("a missing model config.json", replay("--model-config", "absent/config.json"),
                        "--model-config absent/config.json: no such file or folder (relative to "),
                usage("a missing nightly configuration", List.of("nightly", "--config", path("absent.json"), "--out", out),
                        "--config " + path("absent.json") + ": no such file or folder"),
                // Input traces that cannot be read: the run fails.
                failed("a truncated Parquet file", hotness(path("truncated.parquet")),
                        "truncated.parquet: a Parquet file cut short or corrupt"),
                failed("a Parquet file of the wrong column types",
                        List.of("hotness", "--routing", path("typed.parquet"), "--layers", "1", "--experts", "4", "--out", out),
                        "typed.parquet: column 'request_id' is DOUBLE, expected INT64"),
                failed("a load-count JSON with a trailing comma", hotness(path("trailing-comma.json")),
                        "trailing-comma.json: malformed JSON at line 2, column 49: unexpected '}' where a field name in double quotes should be"),
                failed("a token JSONL that is not JSON",
                        List.of("hotness", "--routing", path("not-jsonl.jsonl"), "--layers", "1", "--experts", "4", "--out", out),
                        "not-jsonl.jsonl: line 1 is not JSON at column 1: unrecognized token 'request_id' where a JSON value should be"),
                failed("a Mooncake JSONL that is not JSON", List.of("replay", "--requests", path("mooncake.jsonl"),
                        "--model", "Mixtral-8x7B", "--out", out), "mooncake.jsonl: first line", "is not a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void isOneLineNamingTheCulpritAndTheFix(Mistake mistake) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute(mistake.args().toArray(String[]::new));

        assertThat(code).as(mistake.args() + "\n" + err).isEqualTo(mistake.exitCode());
        String message = CleanMessage.assertClean(err.toString(), mistake.exitCode());
        assertThat(message).contains(mistake.says());
        assertThat(out.toString()).as("no help dump").isEmpty();
    }

    private static Arguments usage(String name, List<String> args, String... says) {
        return Arguments.of(Named.of(name, new Mistake(args, 2, List.of(says))));
    }

    private static Arguments failed(String name, List<String> args, String... says) {
        return Arguments.of(Named.of(name, new Mistake(args, 1, List.of(says))));
    }

    private static List<String> hotness(String... more) {
        List<String> args = new ArrayList<>(List.of("hotness", "--out", dir.resolve("out").toString()));
        if (more.length == 1) {
            return append(args, "--routing", more[0]);
        }
        return append(append(args, "--routing", ROUTING), more);
    }

    private static List<String> placement(String... more) {
        return append(new ArrayList<>(List.of("placement", "--routing", ROUTING, "--model", "Llama-4-Scout",
                "--out", dir.resolve("out").toString())), more);
    }

    private static List<String> replay(String... more) {
        return append(new ArrayList<>(List.of("replay", "--requests", REQUESTS, "--model", "Mixtral-8x7B",
                "--out", dir.resolve("out").toString())), more);
    }

    private static List<String> straggler(String deployment) {
        return List.of("straggler", "--requests", REQUESTS, "--model", "Mixtral-8x7B", "--deployment", deployment,
                "--out", dir.resolve("out").toString());
    }

    private static List<String> cost(String candidate) {
        return List.of("cost", "--requests", REQUESTS, "--model", "Mixtral-8x7B", "--candidate", candidate,
                "--out", dir.resolve("out").toString());
    }

    private static List<String> append(List<String> args, String... more) {
        args.addAll(List.of(more));
        return args;
    }

    private static String path(String file) {
        return dir.resolve(file).toString();
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
