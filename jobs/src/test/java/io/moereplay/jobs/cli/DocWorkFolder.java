package io.moereplay.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the docs' commands run: every output lands in a work folder under target/, every input
 * is read where the docs mean it. The docs write relative paths from the repository root
 * ({@code sample-traces/...}, {@code ../shared/traces/...}, {@code out/...}); this maps each
 * argument of a command to an absolute path:
 * <ul>
 *   <li>the value of an output option ({@code --out}, {@code --out-dir}, the folder of {@code --emit})
 *       goes under the work folder, so no doc command writes into the checkout (not even
 *       {@code validate cases --out bench/gpu/validation/cases.csv});</li>
 *   <li>any other argument that names an earlier command's output, or something under it
 *       ({@code out/replay/expert_load}), is that output in the work folder;</li>
 *   <li>else one that exists relative to the repository root is that file
 *       ({@code ../shared/} is {@code -Dmoe.shared.dir} when set);</li>
 *   <li>else it is left as it is (a window, a model name, a deployment).</li>
 * </ul>
 * Commands must be mapped in the order the docs show them.
 */
final class DocWorkFolder {

    private final Path repo;
    private final Path work;
    private final List<String> outputs = new ArrayList<>();

    DocWorkFolder(Path repo, Path work) {
        this.repo = repo.toAbsolutePath().normalize();
        this.work = work.toAbsolutePath().normalize();
    }

    Path path() {
        return work;
    }

    /** The command's arguments with every path mapped; outputs are remembered for the commands after it. */
    List<String> map(DocCommand command) {
        CommandSpec spec = commandSpec(command.args());
        List<String> args = command.args();
        int commandWords = spec == null ? 0 : spec.qualifiedName().split(" ").length - 1;
        List<String> mapped = new ArrayList<>(args.subList(0, commandWords));
        for (int i = commandWords; i < args.size(); i++) {
            String arg = args.get(i);
            OptionSpec option = arg.startsWith("-") && spec != null ? spec.findOption(arg) : null;
            mapped.add(arg);
            if (option == null || !isOutput(option)) {
                if (option == null && !arg.startsWith("-")) {
                    mapped.set(mapped.size() - 1, input(arg));
                }
                continue;
            }
            int values = Math.max(1, option.arity().min());
            for (int v = 0; v < values && i + 1 < args.size(); v++) {
                String value = args.get(++i);
                mapped.add(v == values - 1 ? output(value) : value);
            }
        }
        return mapped;
    }

    /** The subcommand (or sub-subcommand) the arguments run, or null when they name none. */
    static CommandSpec commandSpec(List<String> args) {
        CommandLine command = MoeReplayCli.commandLine();
        for (String arg : args) {
            CommandLine sub = command.getSubcommands().get(arg);
            if (sub == null) {
                break;
            }
            command = sub;
        }
        return command.getCommandSpec().parent() == null ? null : command.getCommandSpec();
    }

    /** Options that name what a command writes; for a multi-value option ({@code --emit FORMAT DIR}) its last value. */
    private static boolean isOutput(OptionSpec option) {
        return option.longestName().startsWith("--out") || option.longestName().equals("--emit");
    }

    private String output(String value) {
        String relative = value.replaceFirst("^/+", "");
        outputs.add(relative);
        return work.resolve(relative).normalize().toString();
    }

    private String input(String value) {
        if (value.isEmpty() || value.contains("://")) {
            return value;
        }
        for (String output : outputs) {
            if (value.equals(output) || value.startsWith(output + "/")) {
                return work.resolve(value).normalize().toString();
            }
        }
        Path inRepo = fromRepo(value);
        return Files.exists(inRepo) ? inRepo.toString() : value;
    }

    private Path fromRepo(String value) {
        String shared = System.getProperty("moe.shared.dir");
        if (shared != null && value.startsWith("../shared/")) {
            return Path.of(shared).resolve(value.substring("../shared/".length())).toAbsolutePath().normalize();
        }
        return repo.resolve(value).normalize();
    }

    /** The outputs named so far, as paths in the work folder: what the commands after them may read. */
    List<Path> outputs() {
        return outputs.stream().map(work::resolve).toList();
    }
}
