package io.moereplay.jobs.straggler;


import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The straggler run's headline, a line per deployment in the order given: TBT p50 and p99 and
 * what expert skew costs, e.g.
 * {@code colocated:gpu=H100-SXM,gpus=8: TBT p50 19.45 ms, p99 19.82 ms; skew 0.077 ms a step, 0.39% of TBT}.
 */
public final class StragglerHeadline {

    private StragglerHeadline() {}

    /**
     * @param rows the job's {@code tbt_summary} rows
     * @param order the deployments' names as given, which sets the lines' order
     */
    public static String text(List<TbtSummaryRow> rows, List<String> order) {
        if (rows.isEmpty()) {
            return "no decode steps: no request in the trace generates more than one token";
        }
        return rows.stream().sorted(Comparator.comparingInt(row -> order.indexOf(row.deployment())))
                .map(row -> String.format("%s: TBT p50 %.2f ms, p99 %.2f ms; skew %.3f ms a step, %.2f%% of TBT",
                        row.deployment(), row.tbtP50Micros() / 1000, row.tbtP99Micros() / 1000,
                        row.meanOverheadMicros() / 1000, 100 * row.overheadShare()))
                .collect(Collectors.joining("\n"));
    }
}
