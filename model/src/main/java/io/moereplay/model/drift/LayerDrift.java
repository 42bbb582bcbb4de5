package io.moereplay.model.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One layer tonight against the previous night, and whether to re-place its experts: yes when the
 * hot set changed by more than half (Jaccard similarity below 0.5) or balancedness fell by more than
 * 5% of the previous night's; a placement fitted to last night's hot set then no longer fits.
 *
 * @param layer the layer
 * @param added experts hot tonight and not last night
 * @param removed experts hot last night and not tonight
 * @param hotJaccard |both| / |either| of the two hot sets; 1 when both are empty
 * @param balancedness tonight's
 * @param previousBalancedness last night's
 * @param rebalance the verdict
 * @param verdict the verdict in one line
 */
public record LayerDrift(int layer, List<Integer> added, List<Integer> removed, double hotJaccard, double balancedness,
        double previousBalancedness, boolean rebalance, String verdict) {

    public static final double MIN_JACCARD = 0.5;
    public static final double MAX_BALANCE_DROP = 0.05;

    public static LayerDrift between(LayerDigest previous, LayerDigest tonight) {
        List<Integer> added = new ArrayList<>(tonight.hot());
        added.removeAll(previous.hot());
        List<Integer> removed = new ArrayList<>(previous.hot());
        removed.removeAll(tonight.hot());
        int both = tonight.hot().size() - added.size();
        int either = tonight.hot().size() + removed.size();
        double jaccard = either == 0 ? 1 : (double) both / either;
        double drop = (previous.balancedness() - tonight.balancedness()) / previous.balancedness();
        boolean rebalance = jaccard < MIN_JACCARD || drop > MAX_BALANCE_DROP;
        String verdict = String.format(Locale.ROOT, "%s: hot set %s (%d new, %d gone, Jaccard %.2f), balancedness %.3f -> %.3f",
                rebalance ? "rebalance" : "keep", added.isEmpty() && removed.isEmpty() ? "unchanged" : "changed",
                added.size(), removed.size(), jaccard, previous.balancedness(), tonight.balancedness());
        return new LayerDrift(tonight.layer(), added, removed, jaccard, tonight.balancedness(),
                previous.balancedness(), rebalance, verdict);
    }
}
