package io.moereplay.jobs.cli;

import io.moereplay.connectors.arrow.ArrowExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay export}: output tables as Arrow IPC files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Writes a run's tables as Arrow IPC files.",
        description = "Writes every table under --in (a job's output folder or a nightly partition) as an Arrow IPC file under "
                + "--out at the same relative path plus .arrow, for tools that map Arrow without a Parquet reader.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "arrow",
            description = "Output format; arrow (IPC file format) is the one there is.")
    String format;

    @Option(names = "--in", required = true, paramLabel = "DIR", description = "A job's output folder or a nightly partition.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = OptionValues.OutputFolder.class, description = "Where the .arrow files go.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("arrow")) {
            throw new IllegalArgumentException("--format " + format + ": only arrow is supported");
        }
        Map<String, Long> rows = ArrowExport.tables(in, out);
        rows.forEach((table, count) -> System.out.printf("  %-40s %,d rows -> %s%n", table, count, out.resolve(table + ".arrow")));
        return 0;
    }
}
