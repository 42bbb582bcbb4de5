package io.moereplay.jobs.cli;

import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.jobs.output.ScratchFolder;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code moe-replay} command line: one subcommand per job. */
@Command(
        name = "moe-replay",
        mixinStandardHelpOptions = true,
        versionProvider = MoeReplayCli.Version.class,
        description = "Replays production MoE serving traces through routing and serving models on Apache Flink.",
        subcommands = {HotnessCommand.class, ReplayCommand.class, StragglerCommand.class, PlacementCommand.class, CostCommand.class, NightlyCommand.class, ExportCommand.class, ModelsCommand.class, SchemaCommand.class, GenerateCommand.class, ValidateCommand.class, CommandLine.HelpCommand.class})
public final class MoeReplayCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs one command and ends the JVM with its exit code. The JVM is halted rather than exited:
     * by the time a command returns, its MiniCluster is closed and its output committed, and the
     * shutdown hooks left have nothing to do but can print a {@code NoClassDefFoundError} trace
     * when a class they load at exit is no longer loadable (e.g. through Flink's RPC class loader,
     * which closing the MiniCluster closes, cf. FLINK-32314, or from a jar rebuilt under the
     * running JVM; Hadoop's hook manager, pulled in by parquet-hadoop, loads its classes lazily).
     * Output streams and logging are flushed first, and the process's temporary folder, which
     * those hooks would have cleaned, is removed.
     */
    public static void main(String[] args) {
        ScratchFolder.open();
        CommandLine cli = commandLine();
        int code;
        try {
            code = cli.execute(args);
        } finally {
            ScratchFolder.close();
        }
        cli.getOut().flush();
        cli.getErr().flush();
        System.out.flush();
        System.err.flush();
        LogManager.shutdown();
        Runtime.getRuntime().halt(code);
    }

    /** The command line with moe-replay's error handling: one clear line, no stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new MoeReplayCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("moe-replay " + cmd.getCommandName() + ": " + rootMessage(e));
                    return 2;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The message of the error that says what is wrong. An error raised inside a running job
     * reaches us wrapped in Flink's chain (JobExecutionException, then the restart strategy's
     * and the task's wrappers): the one we want is the outermost of our own (a trace format
     * error, or an illegal argument or state thrown from moe-replay's code), and otherwise the
     * outermost illegal argument (picocli's and the jobs' option checks) or the root cause.
     */
    static String rootMessage(Throwable e) {
        Throwable ours = null;
        Throwable argument = null;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (ours == null && isOurs(t)) {
                ours = t;
            }
            if (argument == null && t instanceof IllegalArgumentException) {
                argument = t;
            }
        }
        Throwable chosen = ours != null ? ours : argument != null ? argument : root;
        String message = chosen.getMessage();
        return message != null && !message.isBlank() ? message : chosen.getClass().getSimpleName();
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

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MoeReplayCli.class.getPackage().getImplementationVersion();
            return new String[] {"moe-replay " + (version == null ? "(development build)" : version)};
        }
    }
}
