package io.moereplay.jobs.cost;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.jobs.output.BatchEnvironments;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.jobs.output.RejectsTable;
import io.moereplay.jobs.output.RunIds;
import io.moereplay.jobs.output.TableSinks;
import io.moereplay.jobs.report.JobProgress;
import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.replay.ReplayInputs;
import io.moereplay.jobs.replay.RoutingModelFactory;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.replay.ReplayRequests;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The cost job: a request trace served by every candidate deployment, each candidate's iterations
 * timed by the serving model with the routing model's skew; tables {@code deployment_cost} (one
 * row per candidate, replayed or dropped by the pre-filter with its reason), {@code pareto} (the
 * frontier of cost per token against the TBT at the SLO's percentile, the recommended candidate marked)
 * and, on request,
 * {@code request_latency}. Parallel over candidates.
 */
public final class DeploymentCostJob {

    private DeploymentCostJob() {}

    public static Map<String, Object> run(CostConfig config) throws Exception {
        long start = System.currentTimeMillis();
        ReplayConfig replay = config.replay();
        if (replay.routingModel().equals(ReplayConfig.RECORDED)) {
            throw new IllegalArgumentException("--routing-model recorded: the cost job draws each step's loads for"
                    + " batches the trace never ran; use the synthetic model, calibrated on the routing trace (--calibrate)");
        }
        // The candidates file is checked whole before the trace is read: a mistake in it costs no work.
        CostCandidates.CandidatesFile candidatesFile = config.candidatesFile() == null ? null
                : CostCandidates.CandidatesFile.read(java.nio.file.Path.of(config.candidatesFile()));
        ReplayInputs inputs = ReplayInputs.read(replay);
        MoeModelSpec model = inputs.model();
        HardwareCatalog hardware = HardwareCatalog.builtInPlus(config.hardwareFile());
        ExpertKernels kernels = ExpertKernels.of(ProfileDatabase.bundledPlus(
                config.profilesDir() == null ? null : java.nio.file.Path.of(config.profilesDir())));
        ReplayRequests requests = inputs.requests();
        double meanInput = 0;
        double meanOutput = 0;
        for (int i = 0; i < requests.size(); i++) {
            meanInput += requests.inputTokens(i);
            meanOutput += requests.outputTokens(i);
        }
        meanInput /= requests.size();
        meanOutput /= requests.size();
        CostCandidates candidates = new CostCandidates(model, hardware, kernels, meanInput + meanOutput / 2,
                meanInput + meanOutput, config.slo().tbtMicros(), inputs.expectedLoads());
        long prefilterStart = System.nanoTime();
        List<CandidateVerdict> verdicts = candidates.resolve(config.candidates(), candidatesFile);
        double prefilterMs = (System.nanoTime() - prefilterStart) / 1e6;
        List<CandidateTask> tasks = new ArrayList<>();
        for (CandidateVerdict verdict : verdicts) {
            tasks.add(new CandidateTask(verdict, verdict.dropped() != null ? null
                    : candidates.deployment(verdict.candidate().spec())));
        }
        Map<String, Object> options = new LinkedHashMap<>(replay.asMap());
        options.put("candidates", config.candidates());
        options.put("candidates_file", config.candidatesFile());
        options.put("hardware_file", config.hardwareFile());
        options.put("profiles", config.profilesDir());
        options.put("slo_tbt_ms", config.slo().tbtMs());
        options.put("slo_tbt_percentile", config.slo().tbtPercentile().percent());
        options.put("slo_ttft_ms", config.slo().ttftMs());
        options.put("slo_ttft_percentile", config.slo().ttftPercentile().percent());
        options.put("request_latency", config.requestLatency());
        String runId = replay.runId() != null ? replay.runId()
                : RunIds.derive("cost", options, inputs.files(), inputs.sizes());
        List<TableSchema<?>> tables = new ArrayList<>(List.of(CostTables.deploymentCost(runId), CostTables.pareto(runId),
                RejectsTable.schema(runId)));
        if (config.requestLatency()) {
            tables.add(CostTables.requestLatency(runId));
        }
        return OutputCommitter.run(new Path(replay.out()), runId, tables, staging -> {
            StreamExecutionEnvironment env = BatchEnvironments.create(replay.parallelism());
            CostStreams streams = pipeline(env, tasks, requests, inputs.routing(), model.moeLayers(),
                    2.0 * model.activeParams(), config);
            TableSinks.parquet(streams.costs(), CostTables.deploymentCost(runId), staging);
            TableSinks.parquet(streams.pareto(), CostTables.pareto(runId), staging);
            if (config.requestLatency()) {
                TableSinks.parquet(streams.latencies(), CostTables.requestLatency(runId), staging);
            }
            RejectsTable.write(env, inputs.rejects(), runId, staging);
            JobExecutionResult result = JobProgress.execute(env, "moe-replay cost " + runId, "cost",
                    new ProgressCounter(ProgressCounter.CANDIDATES, verdicts.stream().filter(v -> v.dropped() == null).count()));
            Map<String, Object> summary = inputs.summary(runId, "cost", options, start);
            summary.put("candidates", verdicts.size());
            summary.put("kernel_models", kernels.summary());
            summary.put("prefilter_ms", prefilterMs);
            summary.put("replayed", verdicts.stream().filter(v -> v.dropped() == null).count());
            summary.put("slo", config.slo().describe());
            List<String> recommended = result.getAccumulatorResult(ParetoFunction.RECOMMENDED);
            summary.put("recommendation", recommended == null || recommended.isEmpty() ? "none" : recommended.get(0));
            List<String> sentence = result.getAccumulatorResult(ParetoFunction.SENTENCE);
            String recommendation = sentence == null || sentence.isEmpty() ? "none" : sentence.get(0);
            summary.put("recommendation_sentence", recommendation);
            List<String> ranking = result.getAccumulatorResult(ParetoFunction.RANKING);
            summary.put("ranking", ranking == null ? List.of() : ranking);
            summary.put("headline", "recommendation: " + recommendation + " (" + summary.get("replayed") + " of "
                    + verdicts.size() + " candidates replayed)");
            return summary;
        });
    }

    /** Candidates spread over the tasks, each replaying the whole trace; then the frontier. */
    public static CostStreams pipeline(StreamExecutionEnvironment env, List<CandidateTask> tasks,
            ReplayRequests requests, RoutingModelFactory routing, int moeLayers, double prefillFlopsPerToken,
            CostConfig config) {
        SingleOutputStreamOperator<DeploymentCostRow> costs = env
                .fromData(IntStream.range(0, tasks.size()).boxed().toList(), TypeInformation.of(Integer.class))
                .name("candidates")
                .rebalance()
                .process(new CandidateReplayFunction(tasks, requests, routing, moeLayers, prefillFlopsPerToken,
                        config.slo(), config.requestLatency()))
                .returns(DeploymentCostRow.class)
                .name("serve the trace")
                .setParallelism(BatchEnvironments.forElements(env, tasks.size()))
                .uid("serve-trace");
        SingleOutputStreamOperator<ParetoRow> pareto = costs
                .keyBy(row -> 0)
                .fullWindowPartition()
                .mapPartition(new ParetoFunction(config.slo()))
                .returns(ParetoRow.class)
                .name("pareto");
        return new CostStreams(costs, costs.getSideOutput(CandidateReplayFunction.LATENCIES), pareto);
    }
}
