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
import io.moereplay.model.replay.DecodeSchedule;
import io.moereplay.model.replay.ReplayRequests;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The straggler job: a request trace replayed under continuous batching, routed by a routing
 * model, and every MoE layer of every decode step timed under each candidate deployment; tables
 * {@code straggler} (deployment, step, layer) and {@code tbt_summary} (deployment). Parallel over
 * layers; each task sums its layers' step times, and the tasks' sums are added per chunk of steps.
 */
public final class StragglerJob {

    private StragglerJob() {}

    /**
     * @param replay what to replay (requests, model, routing, schedule) and where to write
     * @param deploymentSpecs the candidate deployments, e.g. {@code colocated:gpu=H100-SXM,gpus=8}
     * @param hardwareFile extra GPUs (JSON), or null for the built-in ones
     * @param profilesDir a folder of the user's own GPU profiles, or null for the bundled ones alone
     * @param rowsMode which {@code straggler} rows to write; the TBT summaries count every step whatever it is
     */
    public static Map<String, Object> run(ReplayConfig replay, List<String> deploymentSpecs, String hardwareFile,
            String profilesDir, StragglerRowsMode rowsMode) throws Exception {
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
        options.put("straggler_rows", rowsMode.option());
        String runId = replay.runId() != null ? replay.runId()
                : RunIds.derive("straggler", options, inputs.files(), inputs.sizes());
        List<TableSchema<?>> tables = List.of(StragglerTables.straggler(runId), StragglerTables.tbtSummary(runId),
                RejectsTable.schema(runId));
        return OutputCommitter.run(new Path(replay.out()), runId, tables, staging -> {
            StreamExecutionEnvironment env = BatchEnvironments.create(replay.parallelism());
            // Rows go from the timing operator to its chained Parquet writer by reference: they are never changed.
            env.getConfig().enableObjectReuse();
            long steps = inputs.schedule().decodeSteps();
            int layers = inputs.model().moeLayers();
            SingleOutputStreamOperator<StragglerRow> rows = pipeline(env, inputs.requests(), inputs.batching(),
                    inputs.decodeSchedule(), inputs.routing(), deployments, layers, rowsMode);
            TableSinks.parquet(rows, StragglerTables.straggler(runId), staging);
            TableSinks.parquet(tbtSummary(rows, layers), StragglerTables.tbtSummary(runId), staging);
            RejectsTable.write(env, inputs.rejects(), runId, staging);
            JobExecutionResult result = JobProgress.execute(env, "moe-replay straggler " + runId, "straggler",
                    new ProgressCounter(ProgressCounter.LAYER_STEPS, steps * layers));
            Map<String, Object> summary = inputs.summary(runId, "straggler", options, start);
            summary.put("kernel_models", kernels.summary());
            List<TbtSummaryRow> tbt = result.getAccumulatorResult(TbtSummaryFunction.ROWS);
            summary.put("headline", StragglerHeadline.text(tbt == null ? List.of() : tbt,
                    deployments.stream().map(Deployment::name).toList()));
            return summary;
        });
    }

    /**
     * One element per MoE layer, spread over the tasks, each timed under every deployment: the
     * {@code straggler} rows {@code rowsMode} keeps, and on {@link LayerStragglerOperator#STEP_TIMES}
     * each task's step times.
     */
    public static SingleOutputStreamOperator<StragglerRow> pipeline(StreamExecutionEnvironment env,
            ReplayRequests requests, ContinuousBatching batching, DecodeSchedule schedule, RoutingModelFactory routing,
            List<Deployment> deployments, int layers, StragglerRowsMode rowsMode) {
        return env.fromData(IntStream.range(0, layers).boxed().toList(), TypeInformation.of(Integer.class))
                .name("MoE layers")
                .rebalance()
                .transform("time layer", TypeInformation.of(StragglerRow.class),
                        new LayerStragglerOperator(requests, batching, schedule, routing, deployments, rowsMode))
                .setParallelism(BatchEnvironments.forElements(env, layers))
                .uid("straggler-layer");
    }

    /** The tasks' step times summed per chunk of steps, then each deployment's TBT distribution. */
    public static DataStream<TbtSummaryRow> tbtSummary(SingleOutputStreamOperator<StragglerRow> timed, int layers) {
        return timed.getSideOutput(LayerStragglerOperator.STEP_TIMES)
                .keyBy(StepTimes::chunkKey)
                .reduce(StepTimes::plus)
                .name("step TBT")
                .keyBy(StepTimes::deployment)
                .fullWindowPartition()
                .mapPartition(new TbtSummaryFunction(layers))
                .returns(TbtSummaryRow.class)
                .name("TBT summary");
    }
}
