package io.moereplay.jobs.report.page;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One deployment's step TBT distribution: {@link #BINS} equal bins from its fastest to its slowest
 * step, p50 and p99 (nearest rank) as vertical lines, and which GPUs were the busiest how often.
 */
final class TbtHistogram {

    static final int BINS = 40;
    private static final int WIDTH = 420;
    private static final int HEIGHT = 120;
    private static final int LEFT = 10;

    private TbtHistogram() {}

    /** @param millis the deployment's step times, sorted ascending, at least one */
    static String html(String deployment, double[] millis, Map<Integer, Long> busiestGpu) {
        double low = millis[0];
        double width = Math.max(millis[millis.length - 1] - low, 1e-9) / BINS;
        long[] counts = new long[BINS];
        for (double ms : millis) {
            counts[Math.min(BINS - 1, (int) ((ms - low) / width))]++;
        }
        long most = Arrays.stream(counts).max().orElse(1);
        double pitch = (WIDTH - 2.0 * LEFT) / BINS;
        Svg svg = new Svg(WIDTH, HEIGHT + 40, "TBT distribution of " + deployment);
        for (int b = 0; b < BINS; b++) {
            double h = HEIGHT * counts[b] / most;
            svg.mark(LEFT + b * pitch, 10 + HEIGHT - h, pitch - 1, h, "#92c5de", Svg.fmt("%.3f-%.3f ms: %d steps",
                    low + b * width, low + (b + 1) * width, counts[b]));
        }
        double p50 = nearestRank(millis, 50);
        double p99 = nearestRank(millis, 99);
        double scale = (WIDTH - 2.0 * LEFT) / (width * BINS);
        svg.line(LEFT + (p50 - low) * scale, 10, LEFT + (p50 - low) * scale, 10 + HEIGHT, "#2166ac", "4 2")
                .line(LEFT + (p99 - low) * scale, 10, LEFT + (p99 - low) * scale, 10 + HEIGHT, "#b2182b", "4 2");
        svg.text(LEFT, HEIGHT + 26, "start", 0, Svg.fmt("%.2f ms", low))
                .text(WIDTH - LEFT, HEIGHT + 26, "end", 0, Svg.fmt("%.2f ms", low + width * BINS))
                .text(WIDTH / 2.0, HEIGHT + 26, "middle", 0, Svg.fmt("p50 %.2f ms (blue), p99 %.2f ms (red)", p50, p99));
        long layerSteps = busiestGpu.values().stream().mapToLong(Long::longValue).sum();
        String gpus = busiestGpu.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Integer, Long> e) -> -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(4).map(e -> Svg.fmt("%d (%.0f%%)", e.getKey(), 100.0 * e.getValue() / layerSteps))
                .collect(Collectors.joining(", "));
        return "<figure><figcaption>" + Svg.escape(deployment) + Svg.fmt(": %,d steps", millis.length)
                + "<br>busiest GPU of a layer, by how often: " + gpus + "</figcaption>" + svg.toSvg() + "</figure>";
    }

    /** The value at {@code percentile} by nearest rank over sorted values, as tbt_summary computes it. */
    static double nearestRank(double[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
