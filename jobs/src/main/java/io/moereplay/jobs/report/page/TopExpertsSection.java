package io.moereplay.jobs.report.page;

import java.io.IOException;
import java.util.List;

/** Per layer, the shares of its three busiest experts over the night, stacked. */
final class TopExpertsSection extends HotnessSection {

    static final int TOP = 3;
    private static final String[] COLOURS = {"#b2182b", "#ef8a62", "#fddbc7"};

    @Override
    public String id() {
        return "top-experts";
    }

    @Override
    public String title() {
        return "Top experts' shares per layer";
    }

    @Override
    String html(Night night, NightLoads loads, List<Integer> layers) throws IOException {
        int top = Math.min(TOP, loads.experts());
        double most = 0;
        for (int layer : layers) {
            int[] ranked = loads.ranked(layer);
            double sum = 0;
            for (int r = 0; r < top; r++) {
                sum += loads.share(layer, ranked[r]);
            }
            most = Math.max(most, sum);
        }
        double max = Math.min(1, Math.ceil(most * 10) / 10);
        int width = BalanceSection.width(layers.size());
        int left = BalanceSection.LEFT;
        int height = BalanceSection.PLOT_HEIGHT;
        double pitch = BalanceSection.pitch(layers.size());
        Svg svg = new Svg(width, height + 50, "top experts' shares per layer");
        BalanceSection.valueAxis(svg, width, 100 * max, "%.0f%%");
        int every = AxisLabels.every(pitch, 22);
        for (int i = 0; i < layers.size(); i++) {
            int layer = layers.get(i);
            int[] ranked = loads.ranked(layer);
            double x = left + i * pitch;
            double base = 10 + height;
            for (int r = 0; r < top; r++) {
                double share = loads.share(layer, ranked[r]);
                double h = height * share / max;
                base -= h;
                svg.mark(x + 1, base, pitch - 2, h, COLOURS[r], Svg.fmt("layer %d, rank %d: expert %d, %.2f%% of the tokens",
                        layer, r + 1, ranked[r], 100 * share));
            }
            if (i % every == 0) {
                svg.text(x + pitch / 2, height + 26, "middle", 0, Integer.toString(layer));
            }
        }
        svg.text(left + (width - left) / 2.0, height + 45, "middle", 0, "MoE layer");
        return Svg.fmt("<p>Share of each layer's token choices taken by its busiest expert (darkest), second and third; "
                + "an even layer would give each %.2f%%.</p>", 100.0 / loads.experts()) + svg.toSvg();
    }
}
