package io.moereplay.model.perf.findep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A simulated schedule: every task with its start and end, and the figures FinDEP reports about it.
 *
 * @param tasks every task, in the order the simulator placed them
 */
public record Timeline(List<ScheduledTask> tasks) {

    public Timeline {
        tasks = List.copyOf(tasks);
    }

    /** When the last task ends: the time one batch takes through every layer. */
    public double makespanMs() {
        return tasks.stream().mapToDouble(ScheduledTask::endMs).max().orElse(0);
    }

    /** Time the resource spends running tasks; the rest of the makespan it idles. */
    public double busyMs(Resource resource) {
        return tasks.stream().filter(t -> t.kind().resource() == resource)
                .mapToDouble(ScheduledTask::durationMs).sum();
    }

    /**
     * Time during which a transfer runs while neither GPU group computes: communication the
     * schedule fails to hide (the paper's Table 7 metric).
     */
    public double nonOverlappedCommMs() {
        List<double[]> comm = union(t -> !t.kind().resource().compute());
        List<double[]> compute = union(t -> t.kind().resource().compute());
        return length(comm) - overlap(comm, compute);
    }

    /** Disjoint, sorted intervals covering the matching tasks. */
    private List<double[]> union(Predicate<ScheduledTask> which) {
        List<double[]> merged = new ArrayList<>();
        tasks.stream().filter(which).sorted(Comparator.comparingDouble(ScheduledTask::startMs)).forEach(t -> {
            double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && t.startMs() <= last[1]) {
                last[1] = Math.max(last[1], t.endMs());
            } else {
                merged.add(new double[] {t.startMs(), t.endMs()});
            }
        });
        return merged;
    }

    private static double length(List<double[]> intervals) {
        return intervals.stream().mapToDouble(i -> i[1] - i[0]).sum();
    }

    private static double overlap(List<double[]> a, List<double[]> b) {
        double total = 0;
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            double[] x = a.get(i);
            double[] y = b.get(j);
            total += Math.max(0, Math.min(x[1], y[1]) - Math.max(x[0], y[0]));
            if (x[1] < y[1]) {
                i++;
            } else {
                j++;
            }
        }
        return total;
    }
}
