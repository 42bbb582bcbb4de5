package io.moereplay.jobs.cli;

import io.moereplay.model.text.ClosestName;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.Collection;

/**
 * A command line that asks for something wrong (an unknown or missing option, a bad value): one
 * line naming the option, the value and what to give instead, then a pointer to the command's
 * help rather than the help itself, and exit code 2.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        print(e.getCommandLine(), message(e));
        return CommandLine.ExitCode.USAGE;
    }

    /** The two lines of a usage error: the problem, and where the options are explained. */
    static void print(CommandLine command, String message) {
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + message.replaceAll("\\s*\\R\\s*", " "));
        command.getErr().println("see `" + name + " --help`");
    }

    static String message(ParameterException e) {
        ArgSpec arg = e.getArgSpec();
        if (e.getCause() instanceof TypeConversionException bad && arg != null) {
            // picocli's own converters say "'x' is not a long" in Java's words
            return name(arg) + " " + quoted(e.getValue()) + ": " + bad.getMessage()
                    .replaceFirst("^'.*' is not an? (int|long|short|byte)$", "not a whole number")
                    .replaceFirst("^'.*' is not an? (float|double)$", "not a number");
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return unmatched(e.getCommandLine(), unmatched.getUnmatched().get(0));
        }
        return e.getMessage();
    }

    private static String unmatched(CommandLine command, String argument) {
        if (argument.startsWith("-")) {
            String option = argument.split("=", 2)[0];
            return "unknown option " + option + closest(option, command.getCommandSpec().optionsMap().keySet());
        }
        if (!command.getSubcommands().isEmpty()) {
            return "unknown command '" + argument + "'" + closest(argument, command.getSubcommands().keySet());
        }
        return "unexpected argument '" + argument + "'; options take the form --name VALUE";
    }

    private static String closest(String wanted, Collection<String> names) {
        return ClosestName.hint(wanted, names.stream().filter(name -> name.length() > 2).toList());
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    private static String quoted(String value) {
        return value == null || value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)
                ? "'" + (value == null ? "" : value) + "'" : value;
    }
}
