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
    private static final int RIGHT = 20;
    /** A generous width of one character of the charts' 11 px text, to keep labels apart. */
    private static final double CHAR_PX = 6.5;

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
        String percentile = trim(first.getDouble("slo_tbt_percentile", 0));
        double[] tbt = replayed.stream().mapToDouble(r -> r.getDouble("tbt_at_slo_percentile_ms", 0)).toArray();
        double[] usd = replayed.stream().mapToDouble(r -> r.getDouble("usd_per_million_tokens", 0)).toArray();
        ValueAxis x = ValueAxis.fitWithTarget(slo, tbt);
        ValueAxis y = ValueAxis.fit(usd);
        double plotWidth = WIDTH - LEFT - RIGHT;
        Svg svg = new Svg(WIDTH, HEIGHT + 50, "cost per million tokens against TBT");
        svg.line(LEFT, 10 + HEIGHT, WIDTH - RIGHT, 10 + HEIGHT, "#999", "").line(LEFT, 10, LEFT, 10 + HEIGHT, "#999", "");
        for (double tick : x.ticks(8)) {
            double px = LEFT + x.position(tick) * plotWidth;
            svg.line(px, 10, px, 10 + HEIGHT, "#eee", "").text(px, HEIGHT + 28, "middle", 0, ValueAxis.label(tick) + " ms");
        }
        for (double tick : y.ticks(6)) {
            double py = 10 + HEIGHT * (1 - y.position(tick));
            svg.line(LEFT, py, WIDTH - RIGHT, py, "#eee", "").text(LEFT - 6, py + 4, "end", 0, "$" + ValueAxis.label(tick));
        }
        // far beyond every candidate, the target is marked at the right edge: to scale it would crowd them into a corner
        String sloText = Svg.fmt("SLO: TBT p%s <= %s ms", percentile, ValueAxis.label(slo))
                + (x.contains(slo) ? "" : " (off the scale, to the right)");
        double sloX = x.contains(slo) ? LEFT + x.position(slo) * plotWidth : WIDTH - RIGHT;
        svg.line(sloX, 10, sloX, 10 + HEIGHT, "#b2182b", "6 4").text(sloX - 4, 24, "end", 0, sloText);
        svg.text(LEFT + plotWidth / 2, HEIGHT + 46, "middle", 0,
                Svg.fmt("TBT at p%s (ms%s)", percentile, x.log() ? ", log scale" : ""));
        svg.text(14, 10 + HEIGHT / 2.0, "middle", -90, "$ per million tokens" + (y.log() ? " (log scale)" : ""));
        LabelSpots spots = new LabelSpots();
        spots.avoidArea(sloX - 4 - sloText.length() * CHAR_PX, 14, sloX, 28);
        for (int i = 0; i < replayed.size(); i++) {
            spots.avoidPoint(LEFT + x.position(tbt[i]) * plotWidth, 10 + HEIGHT * (1 - y.position(usd[i])), 9);
        }
        StringBuilder legend = new StringBuilder("<ol class=\"legend\">");
        for (int i = 0; i < replayed.size(); i++) {
            Group row = replayed.get(i);
            String candidate = row.getString("candidate", 0);
            double px = LEFT + x.position(tbt[i]) * plotWidth;
            double py = 10 + HEIGHT * (1 - y.position(usd[i]));
            boolean best = recommended.contains(candidate);
            boolean meets = TableRows.isTrue(row, "meets_slo");
            String fill = best ? "#1a9850" : meets ? "#2166ac" : "#bbb";
            svg.point(px, py, best ? 9 : 6, fill, frontier.contains(candidate) ? "#000" : fill, Svg.fmt(
                    "%d. %s: $%.3f per million tokens, TBT p%s %.2f ms; %s%s%s", i + 1, candidate,
                    usd[i], percentile, tbt[i],
                    meets ? "meets the SLO" : "misses the SLO", frontier.contains(candidate) ? ", on the frontier" : "",
                    best ? ", recommended" : ""));
            LabelSpots.Spot spot = spots.place(px, py, Integer.toString(i + 1).length() * CHAR_PX, 11);
            svg.text(spot.x(), spot.y(), "start", 0, Integer.toString(i + 1));
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
