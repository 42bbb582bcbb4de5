package io.moereplay.jobs.cli;

import io.moereplay.jobs.report.page.NightReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code moe-replay report DIR}: the night's page, {@code report.html}, written into its partition. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Writes a night's report.html: headlines and charts, one file, no server.",
        description = "Writes DIR/report.html for a nightly partition (OUT/date=YYYY-MM-DD), or, for a nightly output folder, "
                + "into its latest complete partition; prints the file's path. nightly writes the same page into every "
                + "partition it commits.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "A nightly partition (date=YYYY-MM-DD) or the --out folder of nightly.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        System.out.println(NightReport.write(dir));
        return 0;
    }
}
