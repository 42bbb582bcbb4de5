package io.moereplay.model.placement;

/**
 * One layer's expert loads in one window.
 *
 * @param window window index, ordering the windows
 * @param load token choices per expert
 */
public record WindowLoad(long window, double[] load) {

    public double total() {
        double total = 0;
        for (double l : load) {
            total += l;
        }
        return total;
    }

    /** Each expert's fraction of the window's load; all 0 for an empty window. */
    public double[] shares() {
        double total = total();
        double[] shares = new double[load.length];
        for (int e = 0; e < load.length && total > 0; e++) {
            shares[e] = load[e] / total;
        }
        return shares;
    }
}
