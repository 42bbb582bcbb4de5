package io.moereplay.model.perf;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grouped MoE kernel timed from a measured grid (one expert shape's rows of {@code
 * grouped_moe.csv}): per count of active experts, time over token-slots. Between grid points the
 * time is linear in token-slots and then in active experts; below the fewest token-slots measured it
 * stays at the first point (the kernel's floor); beyond the most it grows linearly at the slope of
 * the last two points (compute-bound, so linear in tokens); beyond the most active experts measured it
 * grows by the last two counts' difference per expert, never falling (with one count measured: in
 * proportion to the experts).
 */
public final class GroupedMoeTable implements GroupedMoeTime {

    private static final long serialVersionUID = 1L;

    private final double[] active;
    private final double[][] tokens;
    private final double[][] micros;

    /**
     * @param grid per active-expert count, the measured (token-slots, microseconds) points
     * @throws IllegalArgumentException when the grid is empty or a count has no points
     */
    public GroupedMoeTable(Map<Integer, double[][]> grid) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("a grouped MoE table needs at least one measured point");
        }
        TreeMap<Integer, double[][]> sorted = new TreeMap<>(grid);
        active = new double[sorted.size()];
        tokens = new double[sorted.size()][];
        micros = new double[sorted.size()][];
        int level = 0;
        for (Map.Entry<Integer, double[][]> entry : sorted.entrySet()) {
            double[][] points = entry.getValue().clone();
            if (points.length == 0 || entry.getKey() < 1) {
                throw new IllegalArgumentException(entry.getKey() + " active experts: no measured points");
            }
            Arrays.sort(points, (a, b) -> Double.compare(a[0], b[0]));
            active[level] = entry.getKey();
            tokens[level] = Arrays.stream(points).mapToDouble(p -> p[0]).toArray();
            micros[level] = Arrays.stream(points).mapToDouble(p -> p[1]).toArray();
            level++;
        }
    }

    @Override
    public double micros(long tokenSlots, int activeExperts) {
        if (tokenSlots <= 0 || activeExperts <= 0) {
            return 0;
        }
        int last = active.length - 1;
        if (activeExperts <= active[0] || last == 0) {
            return level(0, tokenSlots) * (last == 0 ? Math.max(1, activeExperts / active[0]) : 1);
        }
        if (activeExperts >= active[last]) {
            double top = level(last, tokenSlots);
            double perExpert = (top - level(last - 1, tokenSlots)) / (active[last] - active[last - 1]);
            return top + Math.max(0, perExpert) * (activeExperts - active[last]);
        }
        int upper = 1;
        while (active[upper] < activeExperts) {
            upper++;
        }
        double f = (activeExperts - active[upper - 1]) / (active[upper] - active[upper - 1]);
        double below = level(upper - 1, tokenSlots);
        return below + f * (level(upper, tokenSlots) - below);
    }

    /** The time of {@code level}'s active-expert count at {@code slots} token-slots. */
    private double level(int level, long slots) {
        double[] t = tokens[level];
        double[] m = micros[level];
        if (slots <= t[0]) {
            return m[0];
        }
        int n = t.length;
        if (slots >= t[n - 1]) {
            double slope = n == 1 ? m[0] / t[0] : Math.max(0, (m[n - 1] - m[n - 2]) / (t[n - 1] - t[n - 2]));
            return m[n - 1] + slope * (slots - t[n - 1]);
        }
        int upper = 1;
        while (t[upper] < slots) {
            upper++;
        }
        double f = (slots - t[upper - 1]) / (t[upper] - t[upper - 1]);
        return m[upper - 1] + f * (m[upper] - m[upper - 1]);
    }
}
