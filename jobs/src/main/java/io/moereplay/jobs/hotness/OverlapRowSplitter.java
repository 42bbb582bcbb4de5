package io.moereplay.jobs.hotness;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sets contested rows aside for the keyed cross-file check; everything else passes on unchanged. */
final class OverlapRowSplitter extends ProcessFunction<SplitOutput, SplitOutput> {

    private static final long serialVersionUID = 1L;

    static final OutputTag<OverlapRow> CONTESTED = new OutputTag<>("contested rows") {};

    @Override
    public void processElement(SplitOutput item, Context context, Collector<SplitOutput> out) {
        if (item.overlap() != null) {
            context.output(CONTESTED, item.overlap());
        } else {
            out.collect(item);
        }
    }
}
