package io.moereplay.jobs.report.page;

import org.apache.parquet.example.data.Group;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cost per million tokens against TBT at the SLO percentile for every replayed candidate
 * ({@code cost/deployment_cost}), the SLO's TBT target as a vertical line, the frontier and the
 * recommendation from {@code cost/pareto}. Points are numbered; the legend gives full labels.
 */
final class ParetoSection implements Section {

    private static final int LEFT = 70;
    private static final int HEIGHT = 320;
    private static final int WIDTH = 900;

    @Override
    public String id() {
        return "pareto";
    }

    @Override
    public String title() {
        return "Cost: dollars per million tokens against TBT";
    }

    @Override
    public String html(Night night) throws IOException {
        List<Group> replayed = night.rows("cost/deployment_cost").stream()
                .filter(r -> !Double.isNaN(TableRows.doubleOrNaN(r, "usd_per_million_tokens"))
                        && !Double.isNaN(TableRows.doubleOrNaN(r, "tbt_at_slo_percentile_ms")))
                .toList();
        if (replayed.isEmpty()) {
            return "<p>No cost stage this night, or no candidate was replayed.</p>";
        }
        List<Group> pareto = night.rows("cost/pareto");
        Set<String> frontier = labels(pareto, "on_frontier");
        Set<String> recommended = labels(pareto, "recommended");
        Group first = replayed.get(0);
        double slo = first.getDouble("slo_tbt_ms", 0);
        double percentile = first.getDouble("slo_tbt_percentile", 0);
        double maxX = Math.max(slo, replayed.stream().mapToDouble(r -> r.getDouble("tbt_at_slo_percentile_ms", 0)).max()
                .orElse(1)) * 1.15;
        double maxY = replayed.stream().mapToDouble(r -> r.getDouble("usd_per_million_tokens", 0)).max().orElse(1) * 1.15;
        Svg svg = new Svg(WIDTH, HEIGHT + 50, "cost per million tokens against TBT");
        double sx = (WIDTH - LEFT - 20) / maxX;
        double sy = HEIGHT / maxY;
        svg.line(LEFT, 10 + HEIGHT, WIDTH, 10 + HEIGHT, "#999", "").line(LEFT, 10, LEFT, 10 + HEIGHT, "#999", "");
        for (int t = 0; t <= 4; t++) {
            svg.text(LEFT + maxX * t / 4 * sx, HEIGHT + 28, "middle", 0, Svg.fmt("%.0f ms", maxX * t / 4));
            svg.text(LEFT - 6, 14 + HEIGHT - maxY * t / 4 * sy, "end", 0, Svg.fmt("$%.2f", maxY * t / 4));
        }
        svg.line(LEFT + slo * sx, 10, LEFT + slo * sx, 10 + HEIGHT, "#b2182b", "6 4");
        svg.text(LEFT + slo * sx + 4, 24, "start", 0, Svg.fmt("SLO: TBT p%s <= %.0f ms", trim(percentile), slo));
        svg.text(LEFT + (WIDTH - LEFT) / 2.0, HEIGHT + 46, "middle", 0, Svg.fmt("TBT at p%s (ms)", trim(percentile)));
        StringBuilder legend = new StringBuilder("<ol class=\"legend\">");
        for (int i = 0; i < replayed.size(); i++) {
            Group row = replayed.get(i);
            String candidate = row.getString("candidate", 0);
            double x = LEFT + row.getDouble("tbt_at_slo_percentile_ms", 0) * sx;
            double y = 10 + HEIGHT - row.getDouble("usd_per_million_tokens", 0) * sy;
            boolean best = recommended.contains(candidate);
            boolean meets = TableRows.isTrue(row, "meets_slo");
            String fill = best ? "#1a9850" : meets ? "#2166ac" : "#bbb";
            svg.point(x, y, best ? 9 : 6, fill, frontier.contains(candidate) ? "#000" : fill, Svg.fmt(
                    "%d. %s: $%.3f per million tokens, TBT p%s %.2f ms; %s%s%s", i + 1, candidate,
                    row.getDouble("usd_per_million_tokens", 0), trim(percentile), row.getDouble("tbt_at_slo_percentile_ms", 0),
                    meets ? "meets the SLO" : "misses the SLO", frontier.contains(candidate) ? ", on the frontier" : "",
                    best ? ", recommended" : ""));
            svg.text(x + 11, y + 4, "start", 0, Integer.toString(i + 1));
            legend.append(best ? "<li class=\"recommended\">" : "<li>").append(Svg.escape(candidate))
                    .append(Svg.fmt(" &mdash; $%.2f/M tokens, %.1f ms", row.getDouble("usd_per_million_tokens", 0),
                            row.getDouble("tbt_at_slo_percentile_ms", 0)))
                    .append(best ? " <b>(recommended)</b>" : meets ? "" : " (misses the SLO)").append("</li>");
        }
        return "<p>Green: the recommended plan (the cheapest that meets the SLO); blue: meets the SLO; grey: misses it; "
                + "black ring: on the cost/TBT frontier.</p>" + svg.toSvg() + legend.append("</ol>");
    }

    private static Set<String> labels(List<Group> pareto, String flag) {
        return pareto.stream().filter(r -> TableRows.isTrue(r, flag)).map(r -> r.getString("candidate", 0))
                .collect(Collectors.toSet());
    }

    private static String trim(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }
}
