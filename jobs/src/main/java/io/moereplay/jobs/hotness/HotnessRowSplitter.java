package io.moereplay.jobs.hotness;

import io.moereplay.model.hotness.ExpertHotness;
import io.moereplay.model.hotness.LayerBalance;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Expert rows on the main output, layer balance rows on {@link #BALANCE}. */
public final class HotnessRowSplitter extends ProcessFunction<HotnessRow, ExpertHotness> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<LayerBalance> BALANCE = new OutputTag<>("layer-balance") {};

    @Override
    public void processElement(HotnessRow row, Context context, Collector<ExpertHotness> out) {
        if (row.expert() != null) {
            out.collect(row.expert());
        } else {
            context.output(BALANCE, row.balance());
        }
    }
}
