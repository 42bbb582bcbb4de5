package io.moereplay.jobs.cli;

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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
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

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
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
