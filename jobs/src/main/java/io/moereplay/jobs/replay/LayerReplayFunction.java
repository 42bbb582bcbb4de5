package io.moereplay.jobs.replay;

import io.moereplay.jobs.report.ExpertLoadTotals;
import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.replay.ContinuousBatching;
import io.moereplay.model.replay.DecodeSchedule;
import io.moereplay.model.replay.LayerLoadReplay;
import io.moereplay.model.replay.LayerWindowLoad;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.RoutingModel;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Replays every decode step through one MoE layer per input element (a layer number) and emits
 * that layer's {@code expert_load} rows. Tasks share the schedule's decode steps, recorded once on
 * the client; a router that needs the steps' requests (recorded routing) re-runs the batching.
 */
final class LayerReplayFunction extends RichFlatMapFunction<Integer, ExpertLoadRow> {

    private static final long serialVersionUID = 1L;

    private final ReplayRequests requests;
    private final ContinuousBatching batching;
    private final DecodeSchedule schedule;
    private final RoutingModelFactory routing;
    private final WindowSpec window;
    private final int sharedExperts;
    private transient RoutingModel model;
    private transient LongCounter progress;
    private transient ExpertLoadTotals totals;

    LayerReplayFunction(ReplayRequests requests, ContinuousBatching batching, DecodeSchedule schedule,
            RoutingModelFactory routing, WindowSpec window, int sharedExperts) {
        this.requests = requests;
        this.batching = batching;
        this.schedule = schedule;
        this.routing = routing;
        this.window = window;
        this.sharedExperts = sharedExperts;
    }

    @Override
    public void open(OpenContext context) {
        model = routing.create(requests);
        progress = ProgressCounter.counter(getRuntimeContext(), ProgressCounter.LAYER_STEPS);
        totals = ExpertLoadTotals.register(getRuntimeContext());
    }

    @Override
    public void flatMap(Integer layer, Collector<ExpertLoadRow> out) {
        LayerLoadReplay.replay(requests, batching, schedule, model, layer, window, load -> emit(load, out));
    }

    private void emit(LayerWindowLoad load, Collector<ExpertLoadRow> out) {
        progress.add(load.steps());
        long[] tokens = load.tokensByExpert();
        for (int e = 0; e < tokens.length; e++) {
            out.collect(row(load, e, false, tokens[e]));
            totals.add(load.layer(), e, tokens[e]);
        }
        for (int s = 0; s < sharedExperts; s++) {
            out.collect(row(load, tokens.length + s, true, load.decodeTokens()));
        }
    }

    private static ExpertLoadRow row(LayerWindowLoad load, int expert, boolean shared, long tokens) {
        return new ExpertLoadRow(load.window(), load.startMicros(), load.firstStep(), load.steps(),
                load.decodeTokens(), load.contextTokens(), load.layer(), expert, shared, tokens);
    }
}
