package io.moereplay.jobs.cli;

import java.util.List;

/**
 * One moe-replay command line shown in a fenced code block of README.md or docs/.
 *
 * @param page        the Markdown file, relative to the repository root ({@code docs/tour.md})
 * @param line        the 1-based line the command starts on
 * @param kind        how the page shows it
 * @param args        the command's arguments after {@code moe-replay} (or after the jar), as a shell splits them
 * @param shownOutput the lines a console transcript ({@code $ moe-replay ...}) shows after the command, else empty
 */
record DocCommand(String page, int line, Kind kind, List<String> args, List<String> shownOutput) {

    enum Kind {
        /** {@code ./moe-replay ...} or {@code $ moe-replay ...}: a command to copy and run. */
        EXAMPLE,
        /** {@code ... flink run ... moe-replay.jar COMMAND ...}: the same arguments submitted to a Flink cluster. */
        ON_CLUSTER,
        /** {@code moe-replay COMMAND --opt PATH [--opt N]}: a usage synopsis with placeholders, not runnable. */
        SYNOPSIS
    }

    DocCommand {
        args = List.copyOf(args);
        shownOutput = List.copyOf(shownOutput);
    }

    /** Where the page shows it, as {@code docs/tour.md:14}. */
    String where() {
        return page + ":" + line;
    }

    /** The command as the page shows it, on one line. */
    String shown() {
        return "moe-replay " + String.join(" ", args);
    }

    /**
     * A transcript that shows the command failing: its output is moe-replay's two-line usage
     * error, ending with the pointer to {@code --help}.
     */
    boolean showsAnError() {
        return !shownOutput.isEmpty() && shownOutput.get(shownOutput.size() - 1).matches("see `moe-replay .* --help`");
    }
}
