package io.moereplay.jobs.cost;

import io.moereplay.jobs.replay.RoutingModelFactory;
import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.model.cost.PrefillModel;
import io.moereplay.model.cost.ServingReplay;
import io.moereplay.model.cost.ServingResult;
import io.moereplay.model.cost.ServingSlo;
import io.moereplay.model.cost.StepTimeTable;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.RoutingModel;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;

/**
 * Replays the request trace through one candidate (elements are indexes into the candidates,
 * which travel with the function: deployments hold lambdas Flink's record serializer cannot copy): its step table from the routing model, then
 * the serving replay; dropped candidates pass through with their reason. Per-request latencies go
 * to {@link #LATENCIES} when asked for.
 */
final class CandidateReplayFunction extends ProcessFunction<Integer, DeploymentCostRow> {

    private static final long serialVersionUID = 1L;

    static final OutputTag<RequestLatencyRow> LATENCIES = new OutputTag<>("request-latency") {};

    private final List<CandidateTask> tasks;
    private final ReplayRequests requests;
    private final RoutingModelFactory routing;
    private final int moeLayers;
    private final long maxContext;
    private final double prefillFlopsPerToken;
    private final ServingSlo slo;
    private final boolean perRequest;

    CandidateReplayFunction(List<CandidateTask> tasks, ReplayRequests requests, RoutingModelFactory routing, int moeLayers,
            double prefillFlopsPerToken, ServingSlo slo, boolean perRequest) {
        this.tasks = List.copyOf(tasks);
        this.requests = requests;
        this.routing = routing;
        this.moeLayers = moeLayers;
        this.maxContext = maxContext(requests);
        this.prefillFlopsPerToken = prefillFlopsPerToken;
        this.slo = slo;
        this.perRequest = perRequest;
    }

    @Override
    public void processElement(Integer index, Context context, Collector<DeploymentCostRow> out) {
        CandidateTask task = tasks.get(index);
        CandidateVerdict verdict = task.verdict();
        if (verdict.dropped() != null) {
            out.collect(new DeploymentCostRow(verdict, slo, null));
            return;
        }
        CostCandidate candidate = verdict.candidate();
        RoutingModel model = routing.create(requests);
        StepTimeTable steps = StepTimeTable.build(task.deployment(), model, moeLayers, candidate.batch(), maxContext);
        double flopsPerMicro = candidate.pools().stream()
                .mapToDouble(pool -> pool.count() * pool.gpu().flopsPerMicro()).sum();
        ServingReplay replay = new ServingReplay(candidate.batch(), verdict.kvCapacityTokens(), steps,
                new PrefillModel(prefillFlopsPerToken, flopsPerMicro, PrefillModel.DEFAULT_UTILISATION),
                slo);
        ServingResult result = replay.run(requests, perRequest
                ? latency -> context.output(LATENCIES, new RequestLatencyRow(candidate.label(), latency))
                : null);
        out.collect(new DeploymentCostRow(verdict, slo, result));
        ProgressCounter.counter(getRuntimeContext(), ProgressCounter.CANDIDATES).add(1L);
    }

    /** The longest a sequence gets: the step table covers every mean context the replay can see. */
    private static long maxContext(ReplayRequests requests) {
        long max = 1;
        for (int i = 0; i < requests.size(); i++) {
            max = Math.max(max, (long) requests.inputTokens(i) + requests.outputTokens(i));
        }
        return max;
    }
}
