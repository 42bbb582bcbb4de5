package io.moereplay.jobs.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code generate --preset}'s usage mistakes: one clean line each, naming the option and the fix. */
class GeneratePresetMistakesTest {

    private static final String CALIBRATE = "--calibrate ../sample-traces/sglang";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--preset foo | --preset 'foo' is not a preset; the one there is: production-day",
        "--preset production-day | --preset production-day calibrates its routing: give --calibrate PATH",
        "--preset production-day " + CALIBRATE + " --layers 4 | --layers does not apply to --preset production-day",
        "--requests-per-s 5 | --requests-per-s is an option of --preset production-day",
        "--preset production-day " + CALIBRATE + " --requests-per-s 20000 --hours 24"
                + " | --requests-per-s x --hours asks for 1,728,000,000 requests; at most 100,000,000 fit one run",
    })
    void isRefusedWithItsFix(String args, String says, @TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        String[] words = ("generate --out-dir " + out + " " + args).split(" ");
        assertThat(cli.execute(words)).isEqualTo(2);
        assertThat(CleanMessage.assertClean(err.toString(), 2)).contains(says);
    }
}
