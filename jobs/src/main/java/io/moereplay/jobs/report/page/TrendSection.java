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
 * recommended plan's dollars per million tokens, and the mean layer balancedness (the manifest's
 * digest). One point per night and series.
 */
final class TrendSection implements Section {

    private static final int WIDTH = 420;
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
        }
        return Svg.fmt("<p>%d night(s) in this folder, oldest left. Hover a point for its value.</p>", n)
                + "<div class=\"row\">" + chart("TBT p99 (ms)", dates, tbt, "%.2f ms")
                + chart("$ per million tokens", dates, cost, "$%.3f") + chart("balancedness", dates, balance, "%.3f")
                + "</div>";
    }

    private static double[] series(Map<String, double[]> all, String name, int nights) {
        return all.computeIfAbsent(name, k -> {
            double[] values = new double[nights];
            Arrays.fill(values, Double.NaN);
            return values;
        });
    }

    private static String chart(String title, List<String> dates, Map<String, double[]> series, String format) {
        double max = series.values().stream().flatMapToDouble(Arrays::stream).filter(v -> !Double.isNaN(v))
                .max().orElse(1) * 1.15;
        Svg svg = new Svg(WIDTH, HEIGHT + 60 + 16 * series.size(), title + " night over night");
        double pitch = (WIDTH - LEFT - 20.0) / Math.max(1, dates.size());
        svg.text(LEFT, 12, "start", 0, title);
        for (int t = 0; t <= 2; t++) {
            double y = 20 + HEIGHT * (1 - t / 2.0);
            svg.line(LEFT - 4, y, WIDTH, y, "#ddd", "").text(LEFT - 6, y + 4, "end", 0, Svg.fmt(format, max * t / 2));
        }
        int every = AxisLabels.every(pitch, 80);
        for (int i = 0; i < dates.size(); i += every) {
            svg.text(LEFT + (i + 0.5) * pitch, HEIGHT + 36, "middle", 0, dates.get(i));
        }
        int s = 0;
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            String colour = COLOURS[s % COLOURS.length];
            double[] values = entry.getValue();
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    continue;
                }
                double x = LEFT + (i + 0.5) * pitch;
                double y = 20 + HEIGHT * (1 - values[i] / max);
                if (i > 0 && !Double.isNaN(values[i - 1])) {
                    svg.line(x - pitch, 20 + HEIGHT * (1 - values[i - 1] / max), x, y, colour, "");
                }
                svg.point(x, y, 4, colour, colour, Svg.fmt("%s, %s: " + format, dates.get(i), entry.getKey(), values[i]));
            }
            svg.swatch(8, HEIGHT + 47 + 16 * s, colour).text(22, HEIGHT + 56 + 16 * s, "start", 0, entry.getKey());
            s++;
        }
        return svg.toSvg();
    }
}
