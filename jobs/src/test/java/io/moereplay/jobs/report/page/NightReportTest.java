package io.moereplay.jobs.report.page;

import io.moereplay.jobs.cli.MoeReplayCli;
import io.moereplay.jobs.testing.DuckDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which partition {@code report} draws, and a page for a night whose stages wrote no tables. */
class NightReportTest {

    @TempDir
    Path root;

    /**
     * A root with nights 21 and 22 complete and 23 without a manifest (still running, or killed): the
     * report goes into 22, its trends have both complete nights' mean balancedness (0.5 and 0.25)
     * and night 22's hot-set drift (layer 0 kept its hot set, layer 1 Jaccard 0.2: mean change
     * (0 + 0.8) / 2 = 0.40, worst 0.80), and every chart section without its table says so instead of drawing.
     */
    @Test
    void aRootsReportGoesIntoItsLatestCompleteNight() throws Exception {
        night("2026-11-21", 0.4, 0.6);
        night("2026-11-22", 0.2, 0.3);
        try (DuckDb duck = new DuckDb()) {
            duck.execute("COPY (SELECT * FROM (VALUES (0, 1.0::DOUBLE, []::INTEGER[], []::INTEGER[], false),"
                    + " (1, 0.2::DOUBLE, [3, 4]::INTEGER[], [5]::INTEGER[], true))"
                    + " t(layer, hot_jaccard, hot_added, hot_removed, rebalance)) TO '"
                    + Files.createDirectories(root.resolve("date=2026-11-22/drift")).resolve("part-0.parquet")
                    + "' (FORMAT PARQUET)");
        }
        Files.createDirectories(root.resolve("date=2026-11-23/replay"));

        Path report = NightReport.write(root);

        assertThat(report).isEqualTo(root.resolve("date=2026-11-22").resolve(NightReport.FILE));
        String page = Files.readString(report);
        assertThat(page).contains("moe-replay night of 2026-11-22", "<b>replay</b> 10 routed decisions");
        String trends = page.substring(page.indexOf("<section id=\"trends\">"));
        assertThat(Pattern.compile("<title>([^<]*)</title>").matcher(trends).results().map(m -> m.group(1)).toList())
                .containsExactly("2026-11-21, mean over layers: 0.500", "2026-11-22, mean over layers: 0.250",
                        "2026-11-22, mean over layers: 0.40", "2026-11-22, layer that changed most: 0.80");
        assertThat(trends).contains("2 expert(s) joined a layer's hot set and 1 left it, over 2 layers; 1 layer(s) to re-place");
        assertThat(page).contains("No hotness table in this partition.", "No straggler stage this night",
                "No cost stage this night", "No placement stage this night.");
        assertThat(NightReport.write(root.resolve("date=2026-11-21")))
                .isEqualTo(root.resolve("date=2026-11-21").resolve(NightReport.FILE));
    }

    @Test
    void aFolderThatHoldsNoNightIsNamedWithTheFix() throws Exception {
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> NightReport.write(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(empty + " is neither a nightly partition (no _manifest.json) nor a nightly output folder with a "
                        + "complete date=YYYY-MM-DD partition; pass the --out of nightly or one of its date= folders");

        StringWriter err = new StringWriter();
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setErr(new PrintWriter(err));
        // A folder that is no night is a command-line mistake: exit code 2, as for any bad option value.
        assertThat(cli.execute("report", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(empty + " is neither a nightly partition").doesNotContain("Exception");
    }

    private void night(String date, double... balancedness) throws Exception {
        Path partition = Files.createDirectories(root.resolve("date=" + date));
        StringBuilder digest = new StringBuilder();
        for (int layer = 0; layer < balancedness.length; layer++) {
            digest.append(layer == 0 ? "" : ",").append("{\"layer\":").append(layer).append(",\"hot\":[],\"balancedness\":")
                    .append(balancedness[layer]).append('}');
        }
        Files.writeString(partition.resolve("_manifest.json"), "{\"date\":\"" + date + "\",\"headline\":\"replay: 10 routed "
                + "decisions\\nhotness: layer 0 1.00\",\"digest\":[" + digest + "]}");
    }
}
