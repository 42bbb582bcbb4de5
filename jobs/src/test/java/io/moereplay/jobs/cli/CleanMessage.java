package io.moereplay.jobs.cli;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every error the command line prints must be: one line naming the culprit (plus, for a
 * usage error, one line pointing at the command's help), with no stack trace, exception class
 * name, object address or help dump.
 */
final class CleanMessage {

    /** A Java class name such as org.apache.flink.runtime.JobException. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");
    /** An identity hash such as ParquetInputFile@132e0cc. */
    private static final Pattern ADDRESS = Pattern.compile("@\\p{XDigit}{5,}\\b");
    /** moe-replay's own progress lines on the console, e.g. "14:02:11 INFO  RoutingTraceScan - ...". */
    private static final Pattern PROGRESS = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d (INFO|WARN) .*");

    private CleanMessage() {}

    /**
     * @param stderr what the command printed on stderr
     * @param exitCode 2 (usage: the message, then "see `COMMAND --help`") or 1 (a failed run: the message alone)
     * @return the message line
     */
    static String assertClean(String stderr, int exitCode) {
        List<String> lines = Arrays.stream(stderr.split("\\R"))
                .filter(line -> !line.isBlank() && !PROGRESS.matcher(line).matches()).toList();
        assertThat(stderr).doesNotContain("\tat ", "at io.", "Exception", "Caused by", "Error:", "Usage:");
        assertThat(lines).as("stderr:\n" + stderr).hasSize(exitCode == 2 ? 2 : 1);
        String message = lines.get(0);
        assertThat(message).startsWith("moe-replay");
        if (exitCode == 2) {
            String command = message.substring(0, message.indexOf(':'));
            assertThat(lines.get(1)).isEqualTo("see `" + command + " --help`");
        }
        assertThat(CLASS_NAME.matcher(message).find()).as(message).isFalse();
        assertThat(ADDRESS.matcher(message).find()).as(message).isFalse();
        return message;
    }
}
