package io.moereplay.jobs.report.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.parquet.example.data.Group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The placement recommendation in words (the stage's headline), then the busiest GPU's load over
 * the mean GPU load before and after re-placing, for the layers worst before. When the night says
 * keep, the chart shows the best re-placement it turned down, so the reader sees what was weighed.
 */
final class PlacementSection implements Section {

    static final int WORST = 10;
    private static final int HEIGHT = 200;
    private static final int LEFT = 50;

    @Override
    public String id() {
        return "placement";
    }

    @Override
    public String title() {
        return "Placement";
    }

    @Override
    public String html(Night night) throws IOException {
        List<Group> summary = night.rows("placement/placement_summary");
        if (summary.isEmpty()) {
            return "<p>No placement stage this night.</p>";
        }
        Optional<Group> shown = shownPolicy(night.rows("placement/placement_recommendation"));
        String policy = shown.map(r -> r.getString("policy", 0)).orElseGet(() -> summary.stream()
                .map(r -> r.getString("policy", 0)).filter(p -> !p.equals("none")).findFirst().orElse("none"));
        List<Group> worst = worst(summary, policy, shown.map(r -> r.getString("dispatch", 0)));
        double max = Math.ceil(worst.stream().mapToDouble(r -> r.getDouble("max_over_mean_before", 0)).max().orElse(1));
        Svg svg = new Svg(BalanceSection.WIDTH, HEIGHT + 50, "busiest GPU over mean GPU load before and after " + policy);
        double pitch = Math.min(100, (BalanceSection.WIDTH - LEFT - 10.0) / worst.size());
        for (int t = 0; t <= 2; t++) {
            double y = 10 + HEIGHT * (1 - t / 2.0);
            svg.line(LEFT - 4, y, BalanceSection.WIDTH, y, "#ddd", "")
                    .text(LEFT - 6, y + 4, "end", 0, Svg.fmt("%.1f", max * t / 2));
        }
        double even = 10 + HEIGHT * (1 - 1 / max);
        svg.line(LEFT, even, BalanceSection.WIDTH, even, "#1a9850", "4 3").text(BalanceSection.WIDTH - 4, even - 4, "end", 0,
                "1 = every GPU equally busy");
        for (int i = 0; i < worst.size(); i++) {
            Group row = worst.get(i);
            double x = LEFT + i * pitch;
            int layer = row.getInteger("layer", 0);
            bar(svg, x + pitch * 0.1, pitch * 0.38, row.getDouble("max_over_mean_before", 0) / max, "#999",
                    Svg.fmt("layer %d, current placement: busiest GPU %.3fx the mean, expert time %.1f us", layer,
                            row.getDouble("max_over_mean_before", 0), row.getDouble("expert_us_before", 0)));
            bar(svg, x + pitch * 0.5, pitch * 0.38, row.getDouble("max_over_mean_after", 0) / max, "#2166ac",
                    Svg.fmt("layer %d, %s: busiest GPU %.3fx the mean, expert time %.1f us, %d expert copies", layer, policy,
                            row.getDouble("max_over_mean_after", 0), row.getDouble("expert_us_after", 0),
                            row.getInteger("experts_moved", 0)));
            svg.text(x + pitch / 2, HEIGHT + 26, "middle", 0, "layer " + layer);
        }
        return "<p class=\"sentence\">" + Svg.escape(headline(night.partition())) + "</p>"
                + Svg.fmt("<p>The %d layers with the busiest GPU furthest above the mean GPU load: grey under the current "
                        + "placement, blue under <b>%s</b>%s.</p>", worst.size(), Svg.escape(policy),
                        shown.map(r -> TableRows.isTrue(r, "recommended") ? " (recommended, dispatch "
                                + r.getString("dispatch", 0) + ")" : " (the best re-placement, not recommended: see above)")
                                .orElse(""))
                + svg.toSvg();
    }

    private static void bar(Svg svg, double x, double w, double fraction, String fill, String title) {
        svg.mark(x, 10 + HEIGHT * (1 - fraction), w, HEIGHT * fraction, fill, title);
    }

    /** The recommended re-placement; when that is none (keep), the cheapest other policy's row. */
    private static Optional<Group> shownPolicy(List<Group> recommendations) {
        return recommendations.stream()
                .filter(r -> TableRows.isTrue(r, "recommended") && !r.getString("policy", 0).equals("none")).findFirst().or(() -> recommendations.stream().filter(r -> !r.getString("policy", 0).equals("none"))
                        .min(Comparator.comparingDouble(r -> r.getDouble("total_seconds", 0))));
    }

    /** The policy's rows, worst {@link #WORST} layers before re-placing first. */
    static List<Group> worst(List<Group> summary, String policy, Optional<String> dispatch) {
        return summary.stream().filter(r -> r.getString("policy", 0).equals(policy)
                        && dispatch.map(d -> d.equals(r.getString("dispatch", 0))).orElse(true))
                .sorted(Comparator.comparingDouble((Group r) -> -r.getDouble("max_over_mean_before", 0))
                        .thenComparingInt(r -> r.getInteger("layer", 0)))
                .limit(WORST).toList();
    }

    private static String headline(Path partition) throws IOException {
        Path summary = partition.resolve("placement").resolve("_run_summary.json");
        return Files.exists(summary) ? new ObjectMapper().readTree(summary.toFile()).path("headline").asText("") : "";
    }
}
