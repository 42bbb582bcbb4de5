package io.moereplay.jobs.report.page;

import org.apache.parquet.example.data.Group;

import java.io.IOException;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;

/**
 * Time between tokens per deployment from {@code straggler/tbt_summary}: a line from p50 to p99
 * with both ends marked, p90 and the mean as ticks, and the share of TBT that routing skew costs.
 */
final class TbtSection implements Section {

    private static final int LEFT = 40;
    private static final int ROW = 54;

    @Override
    public String id() {
        return "tbt";
    }

    @Override
    public String title() {
        return "Stragglers: time between tokens per deployment";
    }

    @Override
    public String html(Night night) throws IOException {
        List<Group> rows = night.rows("straggler/tbt_summary");
        if (rows.isEmpty()) {
            return "<p>No straggler stage this night (no deployments in the configuration).</p>";
        }
        // fitted to the deployments' own range, so that close ones (DeepSeek-V3: 10.7 to 12.8 ms) do not bunch at one end
        ValueAxis axis = ValueAxis.fit(rows.stream().flatMapToDouble(r -> DoubleStream.of(r.getDouble("tbt_p50_us", 0),
                r.getDouble("tbt_p99_us", 0), r.getDouble("tbt_mean_us", 0))).map(us -> us / 1000).toArray());
        int width = BalanceSection.WIDTH;
        DoubleUnaryOperator at = ms -> LEFT + axis.position(ms) * (width - LEFT - 40);
        Svg svg = new Svg(width, ROW * rows.size() + 40, "TBT p50 to p99 per deployment");
        for (int i = 0; i < rows.size(); i++) {
            Group row = rows.get(i);
            double y = ROW * i + 38;
            double p50 = row.getDouble("tbt_p50_us", 0) / 1000;
            double p90 = row.getDouble("tbt_p90_us", 0) / 1000;
            double p99 = row.getDouble("tbt_p99_us", 0) / 1000;
            double mean = row.getDouble("tbt_mean_us", 0) / 1000;
            String deployment = row.getString("deployment", 0);
            svg.text(LEFT, y - 14, "start", 0, Svg.fmt("%s: p50 %.2f ms, p99 %.2f ms; skew %.1f%% of TBT", deployment,
                    p50, p99, 100 * row.getDouble("overhead_share", 0)));
            svg.line(at.applyAsDouble(p50), y, at.applyAsDouble(p99), y, "#555", "");
            svg.line(at.applyAsDouble(p90), y - 6, at.applyAsDouble(p90), y + 6, "#555", "");
            svg.line(at.applyAsDouble(mean), y - 6, at.applyAsDouble(mean), y + 6, "#2166ac", "2 2");
            String steps = Svg.fmt(" over %,d decode steps (mean %.3f ms, p90 %.3f ms)", row.getLong("steps", 0), mean, p90);
            svg.point(at.applyAsDouble(p50), y, 5, "#fff", "#2166ac", deployment + Svg.fmt(": TBT p50 %.3f ms", p50) + steps);
            svg.point(at.applyAsDouble(p99), y, 5, "#b2182b", "#b2182b", deployment + Svg.fmt(": TBT p99 %.3f ms", p99) + steps);
        }
        for (double ms : axis.ticks(6)) {
            svg.text(at.applyAsDouble(ms), ROW * rows.size() + 30, "middle", 0, ValueAxis.label(ms) + " ms");
        }
        if (axis.log()) {
            svg.text(width - 40, ROW * rows.size() + 30, "end", 0, "(log scale)");
        }
        StringBuilder histograms = new StringBuilder("<div class=\"row\">");
        StragglerSteps steps = StragglerSteps.read(night.partition());
        steps.stepMillis().forEach((deployment, millis) -> histograms.append(
                TbtHistogram.html(deployment, millis, steps.busiestGpu().get(deployment))));
        long allSteps = rows.stream().mapToLong(row -> row.getLong("steps", 0)).max().orElse(0);
        long drawnSteps = steps.stepMillis().values().stream().mapToLong(millis -> millis.length).max().orElse(0);
        String sampled = drawnSteps < allSteps
                ? Svg.fmt(" The night kept the straggler rows of %,d of its %,d steps (straggler_rows), so the histograms"
                        + " are of those; the lines above count every step.", drawnSteps, allSteps)
                : "";
        return "<p>Each line runs from the deployment's median step time (open circle) to its 99th percentile (red); "
                + "the tick between is p90, the dashed tick the mean. Below, each deployment's decode steps by TBT, and "
                + "which GPU (colocated) or expert node (disaggregated) was the straggler of a layer how often." + sampled
                + "</p>" + svg.toSvg() + histograms.append("</div>");
    }
}
