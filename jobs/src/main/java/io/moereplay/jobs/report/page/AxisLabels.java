package io.moereplay.jobs.report.page;

/** Which of a chart's category labels to print so that neighbours never overlap (the notebooks use it too). */
public final class AxisLabels {

    private AxisLabels() {}

    /**
     * Prints every {@code n}-th label: the smallest of 1, 2, 5, 10, 20, 50, ... whose labels are at
     * least {@code minGapPx} apart when items are {@code pitchPx} apart. 61 layers at 14 px with
     * labels needing 24 px: every 2nd.
     */
    public static int every(double pitchPx, double minGapPx) {
        int[] steps = {1, 2, 5};
        for (int scale = 1; ; scale *= 10) {
            for (int step : steps) {
                if (step * scale * pitchPx >= minGapPx) {
                    return step * scale;
                }
            }
        }
    }
}
