package io.moereplay.jobs.hotness;

import io.moereplay.jobs.report.ExpertLoadTotals;
import io.moereplay.model.hotness.ExpertHotness;
import io.moereplay.model.hotness.LayerBalance;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Expert rows on the main output, layer balance rows on {@link #BALANCE}. */
public final class HotnessRowSplitter extends ProcessFunction<HotnessRow, ExpertHotness> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<LayerBalance> BALANCE = new OutputTag<>("layer-balance") {};

    private transient ExpertLoadTotals totals;

    @Override
    public void open(OpenContext context) {
        totals = ExpertLoadTotals.register(getRuntimeContext());
    }

    @Override
    public void processElement(HotnessRow row, Context context, Collector<ExpertHotness> out) {
        if (row.expert() != null) {
            out.collect(row.expert());
            totals.add(row.expert().layer(), row.expert().expert(), row.expert().tokens());
        } else {
            context.output(BALANCE, row.balance());
        }
    }
}
