package io.moereplay.jobs.straggler;

import io.moereplay.model.cost.Percentiles;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/** A deployment's step times (one key group of the full-partition window) to its TBT summary. */
final class TbtSummaryFunction extends RichMapPartitionFunction<StepTbt, TbtSummaryRow> {

    private static final long serialVersionUID = 1L;

    /** The summary rows, for the run's headline. */
    static final String ROWS = "moe-replay tbt summary";

    private transient ListAccumulator<TbtSummaryRow> rows;

    @Override
    public void open(OpenContext context) {
        rows = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ROWS, rows);
    }

    @Override
    public void mapPartition(Iterable<StepTbt> steps, Collector<TbtSummaryRow> out) {
        List<StepTbt> all = new ArrayList<>();
        steps.forEach(all::add);
        if (all.isEmpty()) {
            return;
        }
        double[] tbt = all.stream().mapToDouble(StepTbt::tbtMicros).sorted().toArray();
        long total = 0;
        long overhead = 0;
        long tokens = 0;
        for (StepTbt step : all) {
            total += step.tbtPicos();
            overhead += step.overheadPicos();
            tokens += step.sequences();
        }
        double totalMicros = total / StepTbt.PICOS_PER_MICRO;
        TbtSummaryRow row = new TbtSummaryRow(all.get(0).deployment(), all.size(), tokens, Percentiles.nearestRank(tbt, 0.50),
                Percentiles.nearestRank(tbt, 0.90), Percentiles.nearestRank(tbt, 0.99), totalMicros / all.size(),
                overhead / StepTbt.PICOS_PER_MICRO / all.size(), (double) overhead / total, tokens / (totalMicros / 1e6));
        rows.add(row);
        out.collect(row);
    }
}
