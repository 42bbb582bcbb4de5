package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every command line the docs show parses: the command exists, every option is one it takes and
 * every value converts, through the real command line with no job run ({@link DocsCommandsITCase}
 * runs them). A synopsis names only options its command takes.
 */
class DocsCommandsTest {

    static final Path REPO = Path.of("..");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    @TempDir
    Path work;

    @Test
    void everyCommandTheDocsShowParses() throws IOException {
        DocWorkFolder folder = new DocWorkFolder(REPO, work);
        List<String> wrong = new ArrayList<>();
        int parsed = 0;
        for (DocCommand command : DocCommands.in(REPO)) {
            if (command.kind() == DocCommand.Kind.SYNOPSIS) {
                continue;
            }
            List<String> args = folder.map(command);
            standInForEarlierOutputs(args);
            try {
                MoeReplayCli.commandLine().parseArgs(args.toArray(String[]::new));
                parsed++;
            } catch (ParameterException e) {
                String error = e.getCommandLine().getCommandSpec().qualifiedName() + ": " + UsageErrors.message(e);
                if (!command.showsAnError() || !command.shownOutput().get(0).equals(error)) {
                    wrong.add(command.where() + ": " + command.shown() + "\n    " + error);
                }
            }
        }
        assertThat(wrong).as("doc commands that do not parse").isEmpty();
        assertThat(parsed).as("doc commands parsed").isGreaterThanOrEqualTo(25);
    }

    @Test
    void everySynopsisNamesOnlyOptionsItsCommandTakes() {
        List<String> wrong = new ArrayList<>();
        int synopses = 0;
        for (DocCommand command : DocCommands.in(REPO)) {
            if (command.kind() != DocCommand.Kind.SYNOPSIS) {
                continue;
            }
            synopses++;
            CommandSpec spec = DocWorkFolder.commandSpec(command.args());
            if (spec == null) {
                wrong.add(command.where() + ": no command " + command.args().get(0));
                continue;
            }
            Matcher option = OPTION.matcher(String.join(" ", command.args()));
            while (option.find()) {
                if (spec.findOption(option.group()) == null) {
                    wrong.add(command.where() + ": " + spec.qualifiedName() + " has no option " + option.group());
                }
            }
        }
        assertThat(wrong).as("synopses naming options their command lacks").isEmpty();
        assertThat(synopses).as("synopses in docs/commands and beyond").isGreaterThanOrEqualTo(8);
    }

    @Test
    void readsCommandsAsAShellDoes() {
        List<DocCommand> commands = DocCommands.parse("page.md", List.of(
                "Text ./moe-replay hotness outside a block is prose.",
                "```bash",
                "./moe-replay placement --routing sample-traces/sglang --gpus 4 \\",
                "    --emit sglang out/engine   # then load it",
                "python3 measure.py --out x.csv",
                "jobs/cluster/flink-standalone.sh run /tmp/flink jobs/target/moe-replay.jar \\",
                "    nightly --config 'my nightly.json'",
                "```",
                "```",
                "moe-replay hotness --routing PATH [--window 60s]",
                "moe-replay straggler: 855,180 of 6,553,960 layer-steps (13.0%)",
                "$ moe-replay placement --gpus -4",
                "moe-replay placement: --gpus -4: not a positive whole number (1 or more)",
                "see `moe-replay placement --help`",
                "$ moe-replay report nightly",
                "nightly/date=2026-11-23/report.html",
                "```"));

        assertThat(commands).extracting(DocCommand::line, DocCommand::kind, DocCommand::args).containsExactly(
                tuple(3, DocCommand.Kind.EXAMPLE,
                        List.of("placement", "--routing", "sample-traces/sglang", "--gpus", "4", "--emit", "sglang", "out/engine")),
                tuple(6, DocCommand.Kind.ON_CLUSTER, List.of("nightly", "--config", "my nightly.json")),
                tuple(10, DocCommand.Kind.SYNOPSIS, List.of("hotness", "--routing", "PATH", "[--window", "60s]")),
                tuple(12, DocCommand.Kind.EXAMPLE, List.of("placement", "--gpus", "-4")),
                tuple(15, DocCommand.Kind.EXAMPLE, List.of("report", "nightly")));
        assertThat(commands.get(3).showsAnError()).isTrue();
        assertThat(commands.get(4).showsAnError()).isFalse();
        assertThat(commands.get(4).shownOutput()).containsExactly("nightly/date=2026-11-23/report.html");
    }

    @Test
    void outputsGoToTheWorkFolderAndInputsAreReadWhereTheDocsMeanThem() {
        DocWorkFolder folder = new DocWorkFolder(REPO, work);
        String repo = REPO.toAbsolutePath().normalize().toString();
        String out = work.toAbsolutePath().normalize().toString();

        List<String> placement = folder.map(new DocCommand("p.md", 1, DocCommand.Kind.EXAMPLE, List.of(
                "placement", "--routing", "sample-traces/sglang", "--window", "50pass", "--out", "out/p",
                "--emit", "sglang", "out/engine"), List.of()));
        List<String> cases = folder.map(new DocCommand("p.md", 2, DocCommand.Kind.EXAMPLE, List.of(
                "validate", "cases", "--out", "bench/gpu/validation/cases.csv"), List.of()));
        List<String> hotness = folder.map(new DocCommand("p.md", 3, DocCommand.Kind.EXAMPLE, List.of(
                "hotness", "--routing", "out/p/placement_summary", "--requests", "profiles/H100-SXM/expert_ffn.csv"), List.of()));

        assertThat(placement).containsExactly("placement", "--routing", repo + "/sample-traces/sglang", "--window", "50pass",
                "--out", out + "/out/p", "--emit", "sglang", out + "/out/engine");
        assertThat(cases).containsExactly("validate", "cases", "--out", out + "/bench/gpu/validation/cases.csv");
        assertThat(hotness).containsExactly("hotness", "--routing", out + "/out/p/placement_summary",
                "--requests", repo + "/profiles/H100-SXM/expert_ffn.csv");
    }

    /**
     * An argument in the work folder names an earlier command's output, which parsing alone did
     * not write: an empty file (a name with an extension) or folder stands in for it.
     */
    private void standInForEarlierOutputs(List<String> args) throws IOException {
        String prefix = work.toAbsolutePath().normalize() + "/";
        for (String arg : args) {
            Path path = Path.of(arg);
            if (!arg.startsWith(prefix) || Files.exists(path)) {
                continue;
            }
            if (path.getFileName().toString().contains(".")) {
                Files.createDirectories(path.getParent());
                Files.createFile(path);
            } else {
                Files.createDirectories(path);
            }
        }
    }
}
