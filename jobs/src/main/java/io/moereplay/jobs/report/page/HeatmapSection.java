package io.moereplay.jobs.report.page;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Layers x experts, each cell the expert's load over its layer's mean for the night. Columns follow
 * {@link HeatmapColumns}: expert ids for small models, load ranks (busiest first, the tail bucketed)
 * past 64 experts. Cells grow or shrink so the map fits the page; colour is on a log scale, so a
 * 2x-mean expert stands out from a 1x one as clearly as 8x from 4x.
 */
final class HeatmapSection extends HotnessSection {

    private static final int LEFT = 60;
    private static final int TOP = 70;

    @Override
    public String id() {
        return "heatmap";
    }

    @Override
    public String title() {
        return "Expert load heatmap";
    }

    @Override
    String html(Night night, NightLoads loads, List<Integer> layers) throws IOException {
        HeatmapColumns columns = HeatmapColumns.of(loads.experts());
        double cellWidth = cellSize(BalanceSection.WIDTH - LEFT - 20, columns.columns().size(), 8, 40);
        double cellHeight = cellSize(900, layers.size(), 8, 22);
        double[][] values = new double[layers.size()][columns.columns().size()];
        double max = 1;
        for (int i = 0; i < layers.size(); i++) {
            int[] order = columns.byRank() ? loads.ranked(layers.get(i)) : null;
            for (int c = 0; c < values[i].length; c++) {
                values[i][c] = mean(loads, layers.get(i), experts(columns.columns().get(c), order));
                max = Math.max(max, values[i][c]);
            }
        }
        int width = (int) (LEFT + cellWidth * values[0].length + 20);
        int height = (int) (TOP + cellHeight * layers.size() + 30);
        Svg svg = new Svg(width, height, "expert load heatmap, layers by " + (columns.byRank() ? "load ranks" : "experts"));
        int rowEvery = AxisLabels.every(cellHeight, 14);
        int columnEvery = AxisLabels.every(cellWidth, 14);
        for (int c = 0; c < values[0].length; c += columnEvery) {
            svg.text(LEFT + (c + 0.5) * cellWidth + 4, TOP - 6, "start", -60, columns.columns().get(c).label());
        }
        for (int i = 0; i < layers.size(); i++) {
            int layer = layers.get(i);
            int[] order = columns.byRank() ? loads.ranked(layer) : null;
            if (i % rowEvery == 0) {
                svg.text(LEFT - 6, TOP + (i + 0.75) * cellHeight, "end", 0, Integer.toString(layer));
            }
            for (int c = 0; c < values[i].length; c++) {
                HeatmapColumns.Column column = columns.columns().get(c);
                svg.mark(LEFT + c * cellWidth, TOP + i * cellHeight, cellWidth, cellHeight,
                        Svg.heat(Math.log1p(values[i][c]) / Math.log1p(max)),
                        tooltip(loads, layer, column, experts(column, order), values[i][c], columns.byRank()));
            }
        }
        svg.text(LEFT, height - 8, "start", 0, columns.byRank()
                ? "columns: load rank within the layer (1 = busiest); ranks past " + HeatmapColumns.SINGLE_RANKS
                        + " in buckets, the bucket's mean" : "columns: expert id");
        return Svg.fmt("<p>Each cell is an expert's tokens over its layer's mean (1 = average, darkest = %.1fx); "
                + "rows are MoE layers. Hover a cell for the exact values.</p>", max) + svg.toSvg();
    }

    /** Cells share {@code space} px, but stay within [min, max] px. */
    static double cellSize(double space, int cells, double min, double max) {
        return Math.max(min, Math.min(max, Math.floor(space / cells)));
    }

    /** The expert ids a column covers: ids themselves, or the experts holding those ranks. */
    private static int[] experts(HeatmapColumns.Column column, int[] ranked) {
        int[] ids = new int[column.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = ranked == null ? column.first() + k : ranked[column.first() - 1 + k];
        }
        return ids;
    }

    private static double mean(NightLoads loads, int layer, int[] experts) {
        return Arrays.stream(experts).mapToDouble(e -> loads.loadOverMean(layer, e)).average().orElse(0);
    }

    private static String tooltip(NightLoads loads, int layer, HeatmapColumns.Column column, int[] experts, double value,
            boolean byRank) {
        if (experts.length == 1) {
            int e = experts[0];
            return Svg.fmt("layer %d, %sexpert %d: %,d tokens, %.2f%% of the layer, %.2fx the mean", layer,
                    byRank ? "rank " + column.first() + ", " : "", e, loads.tokens().get(layer)[e],
                    100 * loads.share(layer, e), value);
        }
        return Svg.fmt("layer %d, ranks %s: experts %s; mean %.2fx the layer's mean", layer, column.label(),
                Arrays.stream(experts).mapToObj(Integer::toString).collect(Collectors.joining(", ")), value);
    }
}
