package io.moereplay.jobs.straggler;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.connectors.profiles.ProfileDatabase;
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
import io.moereplay.model.perf.Deployment;
import io.moereplay.model.replay.ContinuousBatching;
import io.moereplay.model.replay.ReplayRequests;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The straggler job: a request trace replayed under continuous batching, routed by a routing
 * model, and every MoE layer of every decode step timed under each candidate deployment; tables
 * {@code straggler} (deployment, step, layer) and {@code tbt_summary} (deployment). Parallel over
 * layers; the per-step TBT is summed over layers by key (deployment, step).
 */
public final class StragglerJob {

    private StragglerJob() {}

    /**
     * @param replay what to replay (requests, model, routing, schedule) and where to write
     * @param deploymentSpecs the candidate deployments, e.g. {@code colocated:gpu=H100-SXM,gpus=8}
     * @param hardwareFile extra GPUs (JSON), or null for the built-in ones
     * @param profilesDir a folder of the user's own GPU profiles, or null for the bundled ones alone
     */
    public static Map<String, Object> run(ReplayConfig replay, List<String> deploymentSpecs, String hardwareFile,
            String profilesDir) throws Exception {
        long start = System.currentTimeMillis();
        if (deploymentSpecs.isEmpty()) {
            throw new IllegalArgumentException("no deployment given (--deployment)");
        }
        ReplayInputs inputs = ReplayInputs.read(replay);
        HardwareCatalog hardware = HardwareCatalog.builtInPlus(hardwareFile);
        ExpertKernels kernels = ExpertKernels.of(ProfileDatabase.bundledPlus(
                profilesDir == null ? null : java.nio.file.Path.of(profilesDir)));
        java.util.function.Supplier<double[][]> loads = inputs.expectedLoads();
        List<Deployment> deployments = deploymentSpecs.stream()
                .map(spec -> DeploymentSpecs.parse(spec, inputs.model(), hardware, kernels, loads)).toList();
        Map<String, Object> options = new LinkedHashMap<>(replay.asMap());
        options.put("deployments", deploymentSpecs);
        options.put("hardware_file", hardwareFile);
        options.put("profiles", profilesDir);
        String runId = replay.runId() != null ? replay.runId()
                : RunIds.derive("straggler", options, inputs.files(), inputs.sizes());
        List<TableSchema<?>> tables = List.of(StragglerTables.straggler(runId), StragglerTables.tbtSummary(runId),
                RejectsTable.schema(runId));
        return OutputCommitter.run(new Path(replay.out()), runId, tables, staging -> {
            StreamExecutionEnvironment env = BatchEnvironments.create(replay.parallelism());
            DataStream<StragglerRow> rows = pipeline(env, inputs.requests(), inputs.batching(), inputs.routing(),
                    deployments, inputs.model().moeLayers());
            TableSinks.parquet(rows, StragglerTables.straggler(runId), staging);
            TableSinks.parquet(tbtSummary(rows), StragglerTables.tbtSummary(runId), staging);
            RejectsTable.write(env, inputs.rejects(), runId, staging);
            long steps = inputs.schedule().decodeSteps();
            int layers = inputs.model().moeLayers();
            JobExecutionResult result = JobProgress.execute(env, "moe-replay straggler " + runId, "straggler",
                    new ProgressCounter(ProgressCounter.LAYER_STEPS, steps * layers),
                    new ProgressCounter(ProgressCounter.LAYER_TIMES_SUMMED, steps * layers * deployments.size()));
            Map<String, Object> summary = inputs.summary(runId, "straggler", options, start);
            summary.put("kernel_models", kernels.summary());
            List<TbtSummaryRow> tbt = result.getAccumulatorResult(TbtSummaryFunction.ROWS);
            summary.put("headline", StragglerHeadline.text(tbt == null ? List.of() : tbt,
                    deployments.stream().map(Deployment::name).toList()));
            return summary;
        });
    }

    /** One element per MoE layer, spread over the tasks, each timed under every deployment. */
    public static DataStream<StragglerRow> pipeline(StreamExecutionEnvironment env, ReplayRequests requests,
            ContinuousBatching batching, RoutingModelFactory routing, List<Deployment> deployments, int layers) {
        return env.fromData(IntStream.range(0, layers).boxed().toList(), TypeInformation.of(Integer.class))
                .name("MoE layers")
                .rebalance()
                .flatMap(new LayerStragglerFunction(requests, batching, routing, deployments))
                .returns(StragglerRow.class)
                .name("time layer")
                .setParallelism(BatchEnvironments.forElements(env, layers))
                .uid("straggler-layer");
    }

    /** Steps' layers summed into TBTs (first within each task), then each deployment's TBT distribution. */
    public static DataStream<TbtSummaryRow> tbtSummary(DataStream<StragglerRow> rows) {
        return rows.map(StepTbt::of)
                .returns(StepTbt.class)
                .fullWindowPartition()
                .mapPartition(new PartialStepSums())
                .returns(StepTbt.class)
                .name("step TBT per task")
                .keyBy(step -> step.deployment() + "#" + step.step())
                .reduce(StepTbt::plus)
                .name("step TBT")
                .keyBy(StepTbt::deployment)
                .fullWindowPartition()
                .mapPartition(new TbtSummaryFunction())
                .returns(TbtSummaryRow.class)
                .name("TBT summary");
    }
}
