package io.moereplay.jobs.cli;

import com.fasterxml.jackson.core.JacksonException;
import io.moereplay.connectors.io.TraceFormatException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * An error thrown while a command runs, told in one line, and whose it is in the exit code:
 * 2 when the command asked for something wrong that was found before any work (an option value,
 * a deployment spec, a configuration file's content, a model that does not fit the trace), 1 when
 * the run failed (an input trace that cannot be read, a job that failed, a bug). The stack trace
 * goes to the log file only.
 */
final class RunErrors implements CommandLine.IExecutionExceptionHandler {

    /** Not under io.moereplay, whose logger also prints to the console: to the log file only. */
    private static final Logger LOG = LogManager.getLogger("moe-replay.errors");

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        LOG.warn("{} failed", command.getCommandSpec().qualifiedName(), e);
        String message = rootMessage(e);
        if (isUsage(e)) {
            UsageErrors.print(command, message);
            return CommandLine.ExitCode.USAGE;
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + message.replaceAll("\\s*\\R\\s*", " "));
        return CommandLine.ExitCode.SOFTWARE;
    }

    /**
     * Whether the error is the command line's: an illegal argument from moe-replay's own option,
     * spec and configuration checks, with no unreadable input and no failed job behind it.
     */
    static boolean isUsage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // A parser's complaint about a configuration file the user wrote is an IOException too, but theirs to fix.
            boolean unreadable = t instanceof IOException && !(t instanceof JacksonException) || t instanceof UncheckedIOException;
            if (t instanceof TraceFormatException || unreadable || t instanceof JobExecutionException) {
                return false;
            }
        }
        return chosen(e) instanceof IllegalArgumentException;
    }

    /**
     * The message of the error that says what is wrong. An error raised inside a running job
     * reaches us wrapped in Flink's chain (JobExecutionException, then the restart strategy's
     * and the task's wrappers): the one we want is the outermost of our own (a trace format
     * error, or an illegal argument or state thrown from moe-replay's code), and otherwise the
     * outermost illegal argument (picocli's and the jobs' option checks) or the root cause.
     */
    static String rootMessage(Throwable e) {
        Throwable chosen = chosen(e);
        if (chosen instanceof FileSystemException file) {
            return file.getFile() + ": " + (file.getReason() != null ? file.getReason() : reason(file));
        }
        if (chosen instanceof FileNotFoundException missing && missing.getMessage() != null) {
            // "PATH (No such file or directory)", as java.io words it
            return missing.getMessage().replaceFirst("^(.*) \\((.*)\\)$", "$1: $2").replace(": No such", ": no such");
        }
        String message = chosen.getMessage();
        boolean known = chosen instanceof IllegalArgumentException || chosen instanceof IllegalStateException
                || chosen instanceof IOException;
        return known && message != null && !message.isBlank() ? message
                : "internal error" + (message == null ? "" : " (" + message + ")") + "; details in the log file "
                        // as log4j2.properties defaults it
                        + System.getProperty("moe.replay.log",
                                System.getProperty("user.home") + "/.local/state/moe-replay/moe-replay.log");
    }

    private static Throwable chosen(Throwable e) {
        Throwable ours = null;
        Throwable argument = null;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (ours == null && isOurs(t)) {
                ours = t;
            }
            if (argument == null && (t instanceof IllegalArgumentException || t instanceof FileSystemException
                    || t instanceof FileNotFoundException)) {
                argument = t;
            }
        }
        return ours != null ? ours : argument != null ? argument : root;
    }

    private static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        return e instanceof AccessDeniedException ? "permission denied" : "cannot be read or written";
    }

    private static boolean isOurs(Throwable t) {
        if (t instanceof TraceFormatException) {
            return true;
        }
        if (!(t instanceof IllegalArgumentException || t instanceof IllegalStateException)) {
            return false;
        }
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("io.moereplay.")
                || frames.length > 1 && frames[1].getClassName().startsWith("io.moereplay.");
    }
}
