package io.moereplay.jobs.straggler;

import io.moereplay.model.cost.Percentiles;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/** A deployment's step times (one key group of the full-partition window) to its TBT summary. */
final class TbtSummaryFunction implements MapPartitionFunction<StepTbt, TbtSummaryRow> {

    private static final long serialVersionUID = 1L;

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
        out.collect(new TbtSummaryRow(all.get(0).deployment(), all.size(), tokens, Percentiles.nearestRank(tbt, 0.50),
                Percentiles.nearestRank(tbt, 0.90), Percentiles.nearestRank(tbt, 0.99), totalMicros / all.size(),
                overhead / StepTbt.PICOS_PER_MICRO / all.size(), (double) overhead / total, tokens / (totalMicros / 1e6)));
    }
}
