package io.moereplay.jobs.straggler;

import io.moereplay.model.cost.Percentiles;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A deployment's step times (one key group of the full-partition window, every layer summed) to its TBT summary. */
final class TbtSummaryFunction extends RichMapPartitionFunction<StepTimes, TbtSummaryRow> {

    private static final long serialVersionUID = 1L;

    /** The summary rows, for the run's headline. */
    static final String ROWS = "moe-replay tbt summary";

    private final int layers;
    private transient ListAccumulator<TbtSummaryRow> rows;

    /** @param layers the model's MoE layers: every step's time must have summed that many */
    TbtSummaryFunction(int layers) {
        this.layers = layers;
    }

    @Override
    public void open(OpenContext context) {
        rows = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ROWS, rows);
    }

    @Override
    public void mapPartition(Iterable<StepTimes> chunks, Collector<TbtSummaryRow> out) {
        List<StepTimes> all = new ArrayList<>();
        chunks.forEach(all::add);
        if (all.isEmpty()) {
            return;
        }
        all.sort(Comparator.comparingLong(StepTimes::firstStep));
        String deployment = all.get(0).deployment();
        int steps = all.stream().mapToInt(StepTimes::steps).sum();
        double[] tbt = new double[steps];
        long total = 0;
        long overhead = 0;
        long tokens = 0;
        int i = 0;
        for (StepTimes chunk : all) {
            if (chunk.layers() != layers) {
                throw new IllegalStateException("steps " + chunk.firstStep() + "+ of " + deployment + " summed "
                        + chunk.layers() + " of " + layers + " layers");
            }
            for (int s = 0; s < chunk.steps(); s++, i++) {
                tbt[i] = chunk.tbtPicos()[s] / StepTimes.PICOS_PER_MICRO;
                total += chunk.tbtPicos()[s];
                overhead += chunk.overheadPicos()[s];
                tokens += chunk.sequences()[s];
            }
        }
        Arrays.sort(tbt);
        double totalMicros = total / StepTimes.PICOS_PER_MICRO;
        TbtSummaryRow row = new TbtSummaryRow(deployment, steps, tokens, Percentiles.nearestRank(tbt, 0.50),
                Percentiles.nearestRank(tbt, 0.90), Percentiles.nearestRank(tbt, 0.99), totalMicros / steps,
                overhead / StepTimes.PICOS_PER_MICRO / steps, (double) overhead / total, tokens / (totalMicros / 1e6));
        rows.add(row);
        out.collect(row);
    }
}
