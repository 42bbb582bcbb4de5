package io.moereplay.jobs.placement;

import io.moereplay.jobs.report.ProgressCounter;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Slots on the main output; summaries, backtest points and interval costs on side outputs. */
final class PlacementOutputSplitter extends ProcessFunction<PlacementOutput, PlacementSlotRow> {

    private static final long serialVersionUID = 1L;

    static final OutputTag<PlacementSummaryRow> SUMMARY = new OutputTag<>("placement-summary") {};
    static final OutputTag<BacktestRow> BACKTEST = new OutputTag<>("placement-backtest") {};
    static final OutputTag<IntervalCostRow> COSTS = new OutputTag<>("interval-costs") {};
    /** Every summary row, for the run's headline. */
    static final String GISTS = "placement-gists";

    private transient ListAccumulator<PlacementGist> gists;
    private transient LongCounter progress;

    @Override
    public void open(OpenContext context) {
        gists = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(GISTS, gists);
        progress = ProgressCounter.counter(getRuntimeContext(), ProgressCounter.LAYER_PLACEMENTS);
    }

    @Override
    public void processElement(PlacementOutput row, Context context, Collector<PlacementSlotRow> out) {
        if (row.slot() != null) {
            out.collect(row.slot());
        } else if (row.summary() != null) {
            context.output(SUMMARY, row.summary());
            gists.add(PlacementGist.of(row.summary()));
            progress.add(1L);
        } else if (row.backtest() != null) {
            context.output(BACKTEST, row.backtest());
        } else {
            context.output(COSTS, row.cost());
        }
    }
}
