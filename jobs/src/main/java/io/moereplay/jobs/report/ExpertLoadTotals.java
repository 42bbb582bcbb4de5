package io.moereplay.jobs.report;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.RuntimeContext;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tokens per (layer, expert) summed over a whole run, as the rows of {@code expert_hotness} or
 * {@code expert_load} carry them, for the run's headline: a job's row-writing operator adds every
 * row, the client reads the sum as a map from layer id to tokens per expert. Small: layers x experts
 * longs, whatever the windows.
 */
public final class ExpertLoadTotals implements Accumulator<ExpertLoadTotals.Tokens, TreeMap<Integer, long[]>> {

    private static final long serialVersionUID = 1L;

    /** The accumulator's name in a job's results. */
    public static final String NAME = "moe-replay expert load totals";

    /** One row's tokens. */
    public record Tokens(int layer, int expert, long tokens) {}

    private TreeMap<Integer, long[]> totals = new TreeMap<>();

    /** Registers the job's totals in the operator's context; add each row to what it returns. */
    public static ExpertLoadTotals register(RuntimeContext context) {
        ExpertLoadTotals totals = new ExpertLoadTotals();
        context.addAccumulator(NAME, totals);
        return totals;
    }

    /** The run's totals from its result: empty when no row was written. */
    public static Map<Integer, long[]> of(JobExecutionResult result) {
        Map<Integer, long[]> totals = result.getAccumulatorResult(NAME);
        return totals == null ? Map.of() : totals;
    }

    public void add(int layer, int expert, long tokens) {
        long[] experts = totals.get(layer);
        if (experts == null || experts.length <= expert) {
            experts = experts == null ? new long[expert + 1] : Arrays.copyOf(experts, expert + 1);
            totals.put(layer, experts);
        }
        experts[expert] += tokens;
    }

    @Override
    public void add(Tokens value) {
        add(value.layer(), value.expert(), value.tokens());
    }

    @Override
    public TreeMap<Integer, long[]> getLocalValue() {
        return totals;
    }

    @Override
    public void resetLocal() {
        totals = new TreeMap<>();
    }

    @Override
    public void merge(Accumulator<Tokens, TreeMap<Integer, long[]>> other) {
        for (Map.Entry<Integer, long[]> layer : other.getLocalValue().entrySet()) {
            long[] experts = layer.getValue();
            for (int e = 0; e < experts.length; e++) {
                add(layer.getKey(), e, experts[e]);
            }
        }
    }

    @Override
    public ExpertLoadTotals clone() {
        ExpertLoadTotals copy = new ExpertLoadTotals();
        totals.forEach((layer, experts) -> copy.totals.put(layer, experts.clone()));
        return copy;
    }
}
