package io.moereplay.jobs.hotness;

import io.moereplay.model.hotness.ExpertHotness;
import io.moereplay.model.hotness.WindowLayerCounts;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The hotness pipeline between source and sinks, so tests run it on in-memory split outputs:
 * route split outputs, merge partial counts per layer, compute hotness and balance, split them
 * into their two tables.
 */
public final class ExpertHotnessPipeline {

    private ExpertHotnessPipeline() {}

    public static HotnessStreams build(DataStream<SplitOutput> splits, double hotThreshold) {
        SingleOutputStreamOperator<WindowLayerCounts> counts = WindowedLoadSource.route(splits);
        SingleOutputStreamOperator<ExpertHotness> hotness = counts
                .keyBy(new LayerKey())
                .fullWindowPartition()
                .mapPartition(new LayerHotnessFunction(hotThreshold))
                .name("merge counts and compute hotness per layer")
                .uid("layer-hotness")
                .process(new HotnessRowSplitter())
                .name("split hotness and balance rows")
                .uid("split-hotness-rows");
        return new HotnessStreams(
                hotness,
                hotness.getSideOutput(HotnessRowSplitter.BALANCE),
                counts.getSideOutput(SplitOutputRouter.REJECTS));
    }

    /** Partial counts are merged per layer: one layer's windows are walked in order for drift. */
    static final class LayerKey implements KeySelector<WindowLayerCounts, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(WindowLayerCounts counts) {
            return counts.layer();
        }
    }
}
