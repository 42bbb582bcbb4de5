package io.moereplay.jobs.straggler;

import io.moereplay.jobs.replay.RoutingModelFactory;
import io.moereplay.model.perf.Deployment;
import io.moereplay.model.perf.LayerTiming;
import io.moereplay.model.replay.ContinuousBatching;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.jobs.report.ProgressCounter;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Replays every decode step through one MoE layer (the input element) and times it under each
 * deployment: one {@code straggler} row per (deployment, step) for the layer.
 */
final class LayerStragglerFunction extends RichFlatMapFunction<Integer, StragglerRow> {

    private static final long serialVersionUID = 1L;

    private final ReplayRequests requests;
    private final ContinuousBatching batching;
    private final RoutingModelFactory routing;
    private final List<Deployment> deployments;
    private transient RoutingModel model;
    private transient LongCounter progress;

    LayerStragglerFunction(ReplayRequests requests, ContinuousBatching batching, RoutingModelFactory routing,
            List<Deployment> deployments) {
        this.requests = requests;
        this.batching = batching;
        this.routing = routing;
        this.deployments = List.copyOf(deployments);
    }

    @Override
    public void open(OpenContext context) {
        model = routing.create(requests);
        progress = ProgressCounter.counter(getRuntimeContext(), ProgressCounter.LAYER_STEPS);
    }

    @Override
    public void flatMap(Integer layer, Collector<StragglerRow> out) {
        LayerRouter router = model.layer(layer);
        int[] counts = new int[model.experts()];
        long[] tokens = new long[model.experts()];
        batching.run(requests, step -> {
            router.route(step, counts);
            for (int e = 0; e < counts.length; e++) {
                tokens[e] = counts[e];
            }
            long context = requests.contextTokens(step);
            progress.add(1L);
            for (Deployment deployment : deployments) {
                LayerTiming t = deployment.layer(layer, step.tokens(), context, tokens);
                out.collect(new StragglerRow(deployment.name(), step.index(), step.startMicros(), layer, step.tokens(),
                        t.straggler().busiestGpu(), t.straggler().maxGpuTokens(), t.straggler().meanGpuTokens(),
                        t.attentionMicros(), t.commMicros(), t.straggler().layerMicros(), t.straggler().balancedMicros(),
                        t.straggler().overheadMicros(), t.layerMicros(), t.stepShareMicros(), t.stepOverheadMicros(),
                        t.communicationHidden(),
                        t.pipelineFilled()));
            }
        });
    }
}
