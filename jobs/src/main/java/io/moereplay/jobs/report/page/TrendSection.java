package io.moereplay.jobs.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.parquet.example.data.Group;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Night over night, across the complete partitions of the root: TBT p99 per deployment, the
 * recommended plan's dollars per million tokens, the mean layer balancedness (the manifest's
 * digest) and how much of the hot set changed since the night before (the {@code drift} table).
 * One point per night and series.
 */
final class TrendSection implements Section {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 160;
    private static final int LEFT = 56;
    private static final String[] COLOURS = {"#2166ac", "#b2182b", "#1a9850", "#762a83", "#e08214"};

    @Override
    public String id() {
        return "trends";
    }

    @Override
    public String title() {
        return "Trends night over night";
    }

    @Override
    public String html(Night night) throws IOException {
        List<String> dates = new ArrayList<>();
        Map<String, double[]> tbt = new LinkedHashMap<>();
        Map<String, double[]> cost = new LinkedHashMap<>();
        Map<String, double[]> balance = new LinkedHashMap<>();
        Map<String, double[]> drift = new LinkedHashMap<>();
        HotSetDrift latest = null;
        int n = night.history().size();
        for (int i = 0; i < n; i++) {
            Path partition = night.history().get(i);
            JsonNode manifest = new ObjectMapper().readTree(partition.resolve("_manifest.json").toFile());
            dates.add(manifest.path("date").asText(partition.getFileName().toString()));
            for (Group row : TableRows.read(partition, "straggler/tbt_summary")) {
                series(tbt, row.getString("deployment", 0), n)[i] = row.getDouble("tbt_p99_us", 0) / 1000;
            }
            for (Group row : TableRows.read(partition, "cost/pareto")) {
                if (TableRows.isTrue(row, "recommended")) {
                    series(cost, "recommended plan", n)[i] = row.getDouble("usd_per_million_tokens", 0);
                }
            }
            double sum = 0;
            for (JsonNode layer : manifest.path("digest")) {
                sum += layer.path("balancedness").asDouble();
            }
            if (manifest.path("digest").size() > 0) {
                series(balance, "mean over layers", n)[i] = sum / manifest.path("digest").size();
            }
            latest = HotSetDrift.of(TableRows.read(partition, "drift"));
            if (latest != null) {
                series(drift, "mean over layers", n)[i] = latest.meanChanged();
                series(drift, "layer that changed most", n)[i] = latest.worstChanged();
            }
        }
        return Svg.fmt("<p>%d night(s) in this folder, oldest left. Hover a point for its value.</p>", n)
                + "<div class=\"row\">" + chart("TBT p99", dates, tbt, "%.2f ms", "%s ms", null)
                + chart("$ per million tokens", dates, cost, "$%.3f", "$%s", null)
                + chart("balancedness", dates, balance, "%.3f", "%s", null)
                + chart("hot set changed vs the night before (1 - Jaccard)", dates, drift, "%.2f", "%s",
                        new ValueAxis(0, 1, false))
                + "</div>" + driftInWords(latest);
    }

    /** Tonight's hot-set change in numbers, or why the chart has no point for it. */
    private static String driftInWords(HotSetDrift drift) {
        if (drift == null) {
            return "<p>Hot-set drift: none measured tonight (no earlier night, or no <code>drift</code> table).</p>";
        }
        return Svg.fmt("<p>Hot-set drift tonight: %d expert(s) joined a layer's hot set and %d left it, over %d layers; "
                + "%d layer(s) to re-place (hot Jaccard below 0.5 or balancedness down more than 5%%).</p>",
                drift.added(), drift.removed(), drift.layers(), drift.rebalance());
    }

    private static double[] series(Map<String, double[]> all, String name, int nights) {
        return all.computeIfAbsent(name, k -> {
            double[] values = new double[nights];
            Arrays.fill(values, Double.NaN);
            return values;
        });
    }

    /**
     * One trend chart with its legend below (HTML, so that long deployment names wrap).
     *
     * @param format a value's tooltip format ({@code "%.2f ms"})
     * @param tick   a tick label's format around the tick's value ({@code "%s ms"})
     * @param axis   the value axis, or null for one fitted to the values (a flat line when none)
     */
    private static String chart(String title, List<String> dates, Map<String, double[]> series, String format,
            String tick, ValueAxis axis) {
        double[] all = series.values().stream().flatMapToDouble(Arrays::stream).filter(v -> !Double.isNaN(v)).toArray();
        ValueAxis y = axis != null ? axis : all.length == 0 ? new ValueAxis(0, 1, false) : ValueAxis.fit(all);
        Svg svg = new Svg(WIDTH, HEIGHT + 44, title + " night over night");
        double pitch = (WIDTH - LEFT - 10.0) / Math.max(1, dates.size());
        svg.text(4, 12, "start", 0, title);
        for (double value : y.ticks(4)) {
            double py = 20 + HEIGHT * (1 - y.position(value));
            svg.line(LEFT - 4, py, WIDTH, py, "#ddd", "").text(LEFT - 6, py + 4, "end", 0,
                    Svg.fmt(tick, ValueAxis.label(value)));
        }
        int every = AxisLabels.every(pitch, 80);
        for (int i = 0; i < dates.size(); i += every) {
            svg.text(LEFT + (i + 0.5) * pitch, HEIGHT + 36, "middle", 0, dates.get(i));
        }
        StringBuilder legend = new StringBuilder();
        int s = 0;
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            String colour = COLOURS[s++ % COLOURS.length];
            double[] values = entry.getValue();
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    continue;
                }
                double x = LEFT + (i + 0.5) * pitch;
                double py = 20 + HEIGHT * (1 - y.position(values[i]));
                if (i > 0 && !Double.isNaN(values[i - 1])) {
                    svg.line(x - pitch, 20 + HEIGHT * (1 - y.position(values[i - 1])), x, py, colour, "");
                }
                svg.point(x, py, 4, colour, colour, Svg.fmt("%s, %s: " + format, dates.get(i), entry.getKey(), values[i]));
            }
            legend.append(Svg.fmt("<span style=\"color:%s\">&#9632;</span> ", colour)).append(Svg.escape(entry.getKey()))
                    .append("<br>");
        }
        return Svg.fmt("<figure style=\"width:%dpx\">", WIDTH) + svg.toSvg() + "<figcaption>" + legend + "</figcaption></figure>";
    }
}
