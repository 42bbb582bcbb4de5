package io.moereplay.model.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries a calibration over to a model of another shape, e.g. the skew fitted on Switch-base-128
 * (6 layers x 128 experts) onto Mixtral-8x22B (56 layers x 8 experts).
 *
 * <p>Layers cycle: target layer {@code l} takes calibrated layer {@code l mod L}. Expert counts
 * are bridged by the layer's Lorenz curve, the cumulative share {@code C(x)} of its top
 * {@code x} fraction of experts (piecewise linear between ranks): target rank {@code j} of
 * {@code E'} gets {@code C((j+1)/E') - C(j/E')}. Going from 128 experts to 8, the hottest target
 * expert gets the load of the 16 hottest calibrated ones; going up, shares are interpolated. The
 * Gini, which is twice the area between the Lorenz curve and the diagonal, is kept up to that
 * piecewise-linear resampling; max/mean is not (it depends on the expert count). Which expert is
 * hot does not carry over: a layer whose expert count changed gets a seeded shuffle. A calibration
 * of the target's own shape is used as fitted, hot experts included.
 */
public final class PopularityTransfer {

    private PopularityTransfer() {}

    /** Per target layer, the popularity to draw from. */
    public static List<LayerPopularity> onto(RoutingCalibration calibration, int layers, int experts) {
        if (layers < 1 || experts < 1) {
            throw new IllegalArgumentException("target of " + layers + " layers x " + experts + " experts");
        }
        List<LayerFit> fits = calibration.layers();
        List<LayerPopularity> out = new ArrayList<>(layers);
        for (int layer = 0; layer < layers; layer++) {
            LayerPopularity fitted = fits.get(layer % fits.size()).popularity();
            if (experts == calibration.experts()) {
                out.add(fitted);
            } else {
                double[] shares = fitted.shares().sharesByRank(calibration.experts());
                out.add(LayerPopularity.shuffled(new ExplicitPopularity(resample(shares, experts))));
            }
        }
        return out;
    }

    /** Shares by rank (descending) resampled onto {@code experts} ranks along their Lorenz curve. */
    static double[] resample(double[] sharesByRank, int experts) {
        int n = sharesByRank.length;
        double[] cumulative = new double[n + 1];
        for (int r = 0; r < n; r++) {
            cumulative[r + 1] = cumulative[r] + sharesByRank[r];
        }
        double[] out = new double[experts];
        double previous = 0;
        for (int j = 0; j < experts; j++) {
            double next = lorenz(cumulative, (double) (j + 1) / experts);
            // Concavity makes these non-increasing; rounding could break that by an ulp.
            out[j] = j == 0 ? next - previous : Math.min(out[j - 1], next - previous);
            previous = next;
        }
        return out;
    }

    private static double lorenz(double[] cumulative, double fraction) {
        int n = cumulative.length - 1;
        double position = fraction * n;
        int below = Math.min((int) Math.floor(position), n - 1);
        return cumulative[below] + (position - below) * (cumulative[below + 1] - cumulative[below]);
    }
}
