package io.moereplay.jobs.hotness;

import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.model.hotness.WindowLayerCounts;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Reject;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends partial counts on, rejects to a side output, and each file's read stats to the
 * {@value #READ_STATS} accumulator, which the client reads to reconcile rows after the run.
 */
public final class SplitOutputRouter extends ProcessFunction<SplitOutput, WindowLayerCounts> {

    private static final long serialVersionUID = 1L;

    public static final String READ_STATS = "read-stats";
    public static final OutputTag<Reject> REJECTS = new OutputTag<>("rejects") {};

    private transient ListAccumulator<FileReadStats> readStats;
    private transient LongCounter filesRead;

    @Override
    public void open(OpenContext context) {
        readStats = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(READ_STATS, readStats);
        filesRead = ProgressCounter.counter(getRuntimeContext(), ProgressCounter.FILES);
    }

    @Override
    public void processElement(SplitOutput item, Context context, Collector<WindowLayerCounts> out) {
        if (item.counts() != null) {
            out.collect(item.counts());
        } else if (item.reject() != null) {
            context.output(REJECTS, item.reject());
        } else {
            readStats.add(item.stats());
            filesRead.add(1L);
        }
    }
}
