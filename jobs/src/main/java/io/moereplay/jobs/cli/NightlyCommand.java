package io.moereplay.jobs.cli;

import io.moereplay.jobs.nightly.NightlyConfig;
import io.moereplay.jobs.nightly.NightlyJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay nightly}: every job over one day's traces, into one date partition. */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        header = "Runs every job over one day's traces into one date partition.",
        description = "Runs replay, hotness, straggler, placement and cost as --config says, into DIR/date=YYYY-MM-DD/ (a folder "
                + "per stage), with _manifest.json written last; a rerun of the date replaces the partition atomically, and "
                + "a partition without a manifest is incomplete.")
final class NightlyCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "JSON", converter = OptionValues.InputFile.class, description = "The nightly configuration (see docs/commands/nightly.md).")
    String config;

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = OptionValues.OutputFolder.class, description = "Folder of the date partitions (local).")
    Path out;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = OptionValues.Date.class, description = "The partition's date. Default: today (UTC).")
    LocalDate date;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0", converter = OptionValues.NonNegativeInt.class,
            description = "Flink parallelism; 0 = the environment's default.")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        LocalDate day = date != null ? date : LocalDate.now(ZoneOffset.UTC);
        Map<String, Object> manifest = NightlyJob.run(NightlyConfig.load(Path.of(config)), day, out, parallelism);
        System.out.printf("nightly %s: %s in %.1f s%n", day, out.resolve("date=" + day), ((Number) manifest.get("wall_ms")).doubleValue() / 1000);
        ((Map<?, ?>) manifest.get("table_rows")).forEach((table, rows) -> System.out.printf("  %-34s %,d rows%n", table, rows));
        RunReport.printHeadline(System.out, manifest);
        return 0;
    }
}
