package io.moereplay.jobs.report.page;

import org.apache.parquet.example.data.Group;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Balancedness per layer over the night (mean / max expert load): one bar per layer, 1 = even. */
final class BalanceSection extends HotnessSection {

    static final int WIDTH = 1300;
    static final int PLOT_HEIGHT = 200;
    static final int LEFT = 50;

    @Override
    public String id() {
        return "balance";
    }

    @Override
    public String title() {
        return "Balancedness per layer";
    }

    @Override
    String html(Night night, NightLoads loads, List<Integer> layers) throws IOException {
        double pitch = pitch(layers.size());
        int width = width(layers.size());
        Svg svg = new Svg(width, PLOT_HEIGHT + 50, "balancedness per layer");
        // Each window's balancedness per layer, for the whisker: the spread the night's single value hides.
        Map<Integer, double[]> windows = new TreeMap<>();
        for (Group row : night.rows("hotness/layer_balance")) {
            double b = row.getDouble("balancedness", 0);
            windows.merge(row.getInteger("layer", 0), new double[] {b, b},
                    (a, c) -> new double[] {Math.min(a[0], c[0]), Math.max(a[1], c[1])});
        }
        double max = ValueAxis.shareTop(Math.max(layers.stream().mapToDouble(loads::balancedness).max().orElse(1),
                windows.values().stream().mapToDouble(range -> range[1]).max().orElse(0)));
        valueAxis(svg, width, max, max < 0.1 ? "%.3f" : "%.2f");
        int every = AxisLabels.every(pitch, 22);
        for (int i = 0; i < layers.size(); i++) {
            int layer = layers.get(i);
            double b = loads.balancedness(layer);
            int hottest = loads.ranked(layer)[0];
            double x = LEFT + i * pitch;
            double[] range = windows.getOrDefault(layer, new double[] {b, b});
            svg.mark(x + 1, 10 + PLOT_HEIGHT * (1 - b / max), pitch - 2, PLOT_HEIGHT * b / max, Svg.heat(1 - b),
                    Svg.fmt("layer %d: balancedness %.3f (max/mean %.2f), windows %.3f to %.3f; hottest expert %d, "
                            + "%.1f%% of the layer's tokens", layer, b, 1 / b, range[0], range[1], hottest,
                            100 * loads.share(layer, hottest)));
            svg.line(x + pitch / 2, 10 + PLOT_HEIGHT * (1 - range[1] / max), x + pitch / 2,
                    10 + PLOT_HEIGHT * (1 - range[0] / max), "#333", "");
            if (i % every == 0) {
                svg.text(x + pitch / 2, PLOT_HEIGHT + 26, "middle", 0, Integer.toString(layer));
            }
        }
        svg.text(LEFT + (width - LEFT) / 2.0, PLOT_HEIGHT + 45, "middle", 0, "MoE layer");
        return "<p>Mean over max expert load of each layer, the night's windows summed: 1 is even, 1/E is one "
                + "expert taking everything (the axis stops at the next 0.05 above the largest). Colour darkens as a "
                + "layer gets more skewed; the thin line spans the layer's windows, least to most balanced.</p>"
                + svg.toSvg();
    }

    /** A layer's bar pitch: up to 28 px, less when the layers would not fit {@code WIDTH}. */
    static double pitch(int layers) {
        return Math.min(28, (WIDTH - LEFT - 10.0) / layers);
    }

    /** The chart's width for that many layers: as wide as its bars, so that a small model's is not mostly empty. */
    static int width(int layers) {
        return (int) Math.ceil(LEFT + pitch(layers) * layers + 10);
    }

    /** A left axis from 0 to {@code max} with three ticks, over the plot's {@code PLOT_HEIGHT} from y = 10. */
    static void valueAxis(Svg svg, int width, double max, String format) {
        for (int t = 0; t <= 2; t++) {
            double y = 10 + PLOT_HEIGHT * (1 - t / 2.0);
            svg.line(LEFT - 4, y, width, y, "#ddd", "");
            svg.text(LEFT - 6, y + 4, "end", 0, Svg.fmt(format, max * t / 2));
        }
    }
}
