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

    /**
     * A night whose straggler stage kept sampled rows (steps 0, 100 and 200 of 300): the TBT lines are
     * the summary's, over every step, and the page says the histograms are of the 3 steps kept.
     */
    @Test
    void sampledStragglerRowsAreSaidToBeASample() throws Exception {
        night("2026-11-24", 0.5);
        Path straggler = Files.createDirectories(root.resolve("date=2026-11-24/straggler"));
        try (DuckDb duck = new DuckDb()) {
            duck.execute("COPY (SELECT 'colocated' AS deployment, 300::BIGINT AS steps, 9000.0::DOUBLE AS tbt_p50_us,"
                    + " 9100.0::DOUBLE AS tbt_p90_us, 9200.0::DOUBLE AS tbt_p99_us, 9050.0::DOUBLE AS tbt_mean_us, 0.01::DOUBLE AS overhead_share) TO '"
                    + Files.createDirectories(straggler.resolve("tbt_summary")).resolve("part-0.parquet") + "' (FORMAT PARQUET)");
            duck.execute("COPY (SELECT 'colocated' AS deployment, (s * 100)::BIGINT AS step, l::INTEGER AS layer,"
                    + " 0::INTEGER AS busiest_gpu, 4500.0::DOUBLE AS step_share_us FROM range(3) a(s), range(2) b(l)) TO '"
                    + Files.createDirectories(straggler.resolve("straggler")).resolve("part-0.parquet") + "' (FORMAT PARQUET)");
        }
        String page = Files.readString(NightReport.write(root));
        assertThat(page).contains("kept the straggler rows of 3 of its 300 steps (straggler_rows)", "colocated: 3 steps",
                "colocated: TBT p50 9.000 ms over 300 decode steps");
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
