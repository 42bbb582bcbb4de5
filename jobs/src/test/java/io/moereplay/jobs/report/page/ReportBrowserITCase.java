package io.moereplay.jobs.report.page;

import io.moereplay.jobs.nightly.NightlyConfig;
import io.moereplay.jobs.nightly.NightlyJob;
import io.moereplay.jobs.testing.DuckDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample night's {@code report.html} in a real browser: headless Chromium (Debian's package)
 * renders it without a console message, and every chart holds one mark per value DuckDB finds in
 * the tables. Skipped where {@code chromium} is not installed.
 */
class ReportBrowserITCase {

    @TempDir
    Path out;

    @Test
    void theSampleNightsPageRendersEveryChartWithItsRows() throws Exception {
        assumeTrue(onPath("chromium"), "chromium is not installed (apt-get install chromium)");
        NightlyConfig config = NightlyConfig.load(Path.of("../sample-traces/nightly.json"));
        NightlyJob.run(config, LocalDate.of(2026, 11, 22), out, 2);
        NightlyJob.run(config, LocalDate.of(2026, 11, 23), out, 2);
        Path night = out.resolve("date=2026-11-23");
        Path report = night.resolve(NightReport.FILE);
        assertThat(report).as("nightly writes the page into the partition it commits").isRegularFile();

        Path screenshot = out.resolve("report.png");
        Browser dump = chromium("--dump-dom", report.toUri().toString());
        chromium("--screenshot=" + screenshot, report.toUri().toString());
        assertThat(dump.log()).as("console messages").doesNotContain("CONSOLE");
        assertThat(screenshot).isNotEmptyFile();
        String dom = dump.out();

        try (DuckDb duck = new DuckDb()) {
            long layers = count(duck, "SELECT count(DISTINCT layer) FROM %s", night, "hotness/expert_hotness");
            long cells = count(duck, "SELECT count(DISTINCT (layer, expert)) FROM %s", night, "hotness/expert_hotness");
            long deployments = count(duck, "SELECT count(*) FROM %s", night, "straggler/tbt_summary");
            long replayed = count(duck, "SELECT count(*) FROM %s WHERE usd_per_million_tokens IS NOT NULL "
                    + "AND tbt_at_slo_percentile_ms IS NOT NULL", night, "cost/deployment_cost");
            long placed = count(duck, "SELECT count(DISTINCT layer) FROM %s", night, "placement/placement_summary");
            long recommended = count(duck, "SELECT count(*) FROM %s WHERE recommended", night, "cost/pareto");
            long trendPoints = 0;
            for (String date : List.of("2026-11-22", "2026-11-23")) {
                Path partition = out.resolve("date=" + date);
                trendPoints += count(duck, "SELECT count(*) FROM %s", partition, "straggler/tbt_summary")
                        + count(duck, "SELECT count(*) FROM %s WHERE recommended", partition, "cost/pareto") + 1
                        // hot-set drift: the mean and the worst layer, from the night that has an earlier one
                        + (Files.isDirectory(partition.resolve("drift")) ? 2 : 0);
            }
            List<Object> drift = duck.rows("SELECT sum(len(hot_added)), sum(len(hot_removed)), count(*), "
                    + "count(*) FILTER (WHERE rebalance) FROM read_parquet('" + night.resolve("drift") + "/*.parquet')").get(0);
            assertThat(section(dom, "trends")).contains(String.format(Locale.ROOT,
                    "%s expert(s) joined a layer's hot set and %s left it, over %s layers; %s layer(s) to re-place",
                    drift.toArray()));
            assertThat(layers).isEqualTo(8);
            assertThat(marks(dom, "balance", "rect")).isEqualTo(layers);
            assertThat(marks(dom, "top-experts", "rect")).isEqualTo(3 * layers);
            assertThat(marks(dom, "heatmap", "rect")).isEqualTo(cells);
            assertThat(marks(dom, "tbt", "circle")).isEqualTo(2 * deployments);
            assertThat(marks(dom, "tbt", "rect")).isEqualTo(TbtHistogram.BINS * deployments);
            assertThat(Pattern.compile("(\\d+) steps</title>").matcher(section(dom, "tbt")).results()
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum()).as("steps in the histograms")
                    .isEqualTo(count(duck, "SELECT count(DISTINCT (deployment, step)) FROM %s", night, "straggler/straggler"));
            for (List<Object> row : duck.rows("SELECT tbt_p50_us / 1000, tbt_p99_us / 1000 FROM read_parquet('"
                    + night.resolve("straggler/tbt_summary") + "/*.parquet')")) {
                assertThat(section(dom, "tbt")).contains(String.format(Locale.ROOT,
                        "p50 %.2f ms (blue), p99 %.2f ms (red)", ((Number) row.get(0)).doubleValue(),
                        ((Number) row.get(1)).doubleValue()));
            }
            assertThat(marks(dom, "pareto", "circle")).isEqualTo(replayed);
            assertThat(count(section(dom, "pareto"), "class=\"recommended\"")).isEqualTo(recommended);
            assertThat(marks(dom, "placement", "rect")).isEqualTo(2 * Math.min(PlacementSection.WORST, placed));
            assertThat(marks(dom, "trends", "circle")).isEqualTo(trendPoints);
        }
        // One item per stage the night ran, and the drift since the night before.
        assertThat(count(section(dom, "headline"), "<li>")).isEqualTo(6);
        assertThat(section(dom, "headline")).contains("drift since 2026-11-22");
        assertThat(section(dom, "placement")).contains("keep the current placement");
    }

    private record Browser(String out, String log) {}

    private Browser chromium(String... args) throws Exception {
        Path stdout = Files.createTempFile(out, "chromium", ".out");
        Path stderr = Files.createTempFile(out, "chromium", ".err");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--disable-gpu", "--no-sandbox",
                "--hide-scrollbars", "--window-size=1400,3000", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + out.resolve("chromium-profile")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // Chromium's own scratch files (shared memory fallbacks, crash reports) stay in the test's folder.
        builder.environment().put("TMPDIR", out.toString());
        builder.environment().put("HOME", out.toString());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 2 minutes").isTrue();
        return new Browser(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static long count(DuckDb duck, String sql, Path partition, String table) throws Exception {
        String rows = "read_parquet('" + partition.resolve(table) + "/*.parquet')";
        return ((Number) duck.rows(sql.formatted(rows)).get(0).get(0)).longValue();
    }

    /** The rendered section's data marks of one element type. */
    private static long marks(String dom, String section, String element) {
        return count(section(dom, section), "<" + element + " class=\"mark\"");
    }

    private static String section(String dom, String id) {
        Matcher matcher = Pattern.compile("<section id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL).matcher(dom);
        assertThat(matcher.find()).as("section " + id + " in the rendered page").isTrue();
        return matcher.group(1);
    }

    private static long count(String text, String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
