package io.moereplay.jobs.cli;

import io.moereplay.jobs.output.BatchEnvironments;
import io.moereplay.jobs.output.ScratchFolder;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/** The {@code moe-replay} command line: one subcommand per job. */
@Command(
        name = "moe-replay",
        mixinStandardHelpOptions = true,
        versionProvider = MoeReplayCli.Version.class,
        description = "Replays production MoE serving traces through routing and serving models on Apache Flink.",
        subcommands = {HotnessCommand.class, ReplayCommand.class, StragglerCommand.class, PlacementCommand.class, CostCommand.class, NightlyCommand.class, ExportCommand.class, ReportCommand.class, ModelsCommand.class, SchemaCommand.class, GenerateCommand.class, ValidateCommand.class, CommandLine.HelpCommand.class})
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
        FlightRecordings.dump();
        Runtime.getRuntime().halt(code);
    }

    /**
     * The command line with moe-replay's error handling: one line saying what is wrong and how to
     * fix it, never a stack trace or the whole help; exit code 2 for a wrong command line, 1 for a
     * failed run ({@link UsageErrors}, {@link RunErrors}).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new MoeReplayCli())
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new RunErrors())
                .setExecutionStrategy(MoeReplayCli::execute);
    }

    /**
     * Runs the command picocli parsed. A job command's embedded MiniCluster starts first, on a
     * background thread, so that it is up by the time the command has read its inputs and built
     * its job ({@link BatchEnvironments#prestart}); one the command did not use is closed after it.
     */
    private static int execute(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        List<CommandLine> commands = parsed.asCommandLineList();
        CommandSpec run = commands.get(commands.size() - 1).getCommandSpec().mixins().get("run");
        if (run != null && run.userObject() instanceof RunOptions options) {
            BatchEnvironments.prestart(options.parallelism);
        }
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            BatchEnvironments.discardPrestarted();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
