package io.moereplay.jobs.replay;

import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.connectors.routing.RoutingTable;
import io.moereplay.jobs.output.BatchEnvironments;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.jobs.output.RejectsTable;
import io.moereplay.jobs.output.RunIds;
import io.moereplay.jobs.output.TableSinks;
import io.moereplay.jobs.report.ExpertLoadTotals;
import io.moereplay.jobs.report.JobProgress;
import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.replay.ContinuousBatching;
import io.moereplay.model.replay.DecodeSchedule;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.trace.TraceShape;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The routing replay: a request trace's decode steps, under continuous batching, routed through
 * every MoE layer of a catalogued model by a routing model; table {@code expert_load} (plus
 * {@code rejects}) and {@code _run_summary.json} out. Layers run in parallel: each is independent
 * given the schedule.
 */
public final class RoutingReplayJob {

    private RoutingReplayJob() {}

    /** Runs the replay to completion and commits its output; returns the run summary. */
    public static Map<String, Object> run(ReplayConfig config) throws Exception {
        long start = System.currentTimeMillis();
        ReplayInputs inputs = ReplayInputs.read(config);
        MoeModelSpec model = inputs.model();
        String runId = config.runId() != null
                ? config.runId()
                : RunIds.derive("replay", config.asMap(), inputs.files(), inputs.sizes());
        List<TableSchema<?>> tables = List.of(ReplayTables.expertLoad(runId), RejectsTable.schema(runId));
        return OutputCommitter.run(new Path(config.out()), runId, tables, staging -> {
            StreamExecutionEnvironment env = BatchEnvironments.create(config.parallelism());
            DataStream<ExpertLoadRow> loads = pipeline(env, inputs.requests(), inputs.batching(),
                    inputs.decodeSchedule(), inputs.routing(), config.window(), model.moeLayers(), model.sharedExperts());
            // The footer declares the model's shape, so hotness can read the table back as a trace.
            TableSinks.parquet(loads, ReplayTables.expertLoad(runId), staging,
                    RoutingTable.shapeMetadata(TraceShape.dense(model.moeLayers(), model.routedExperts())));
            RejectsTable.write(env, inputs.rejects(), runId, staging);
            JobExecutionResult result = JobProgress.execute(env, "moe-replay replay " + runId, "replay",
                    new ProgressCounter(ProgressCounter.LAYER_STEPS, inputs.schedule().decodeSteps() * model.moeLayers()));
            Map<String, Object> summary = inputs.summary(runId, "replay", config.asMap(), start);
            summary.put("headline", ReplayHeadline.text((Long) summary.get("decisions"), inputs.schedule().decodeSteps(),
                    model.moeLayers(), model.topK(), ExpertLoadTotals.of(result)));
            return summary;
        });
    }

    /**
     * The replay's dataflow: one element per MoE layer, spread over the tasks, each replayed into
     * its {@code expert_load} rows; every task shares {@code schedule}, computed once.
     */
    public static DataStream<ExpertLoadRow> pipeline(StreamExecutionEnvironment env, ReplayRequests requests,
            ContinuousBatching batching, DecodeSchedule schedule, RoutingModelFactory routing, WindowSpec window,
            int layers, int sharedExperts) {
        return env.fromData(IntStream.range(0, layers).boxed().toList(), TypeInformation.of(Integer.class))
                .name("MoE layers")
                .rebalance()
                .flatMap(new LayerReplayFunction(requests, batching, schedule, routing, window, sharedExperts))
                .returns(ExpertLoadRow.class)
                .name("replay layer")
                .setParallelism(BatchEnvironments.forElements(env, layers))
                .uid("replay-layer");
    }
}
