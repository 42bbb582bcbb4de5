package io.moereplay.jobs.replay;

import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.connectors.routing.RoutingTable;
import io.moereplay.jobs.input.RequestInput;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.input.RoutingTraceScan;
import io.moereplay.jobs.output.BatchEnvironments;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.jobs.output.RejectsTable;
import io.moereplay.jobs.output.RunIds;
import io.moereplay.jobs.output.RunVersions;
import io.moereplay.jobs.output.TableSinks;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.replay.ContinuousBatching;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.replay.ScheduleStats;
import io.moereplay.model.replay.StepTimer;
import io.moereplay.model.routing.RecordedRoutingModel;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        MoeModelSpec model = catalog(config).get(config.model());
        RequestInput requestInput = RequestInput.read(config.requests(), config.requestsFormat());
        ReplayRequests requests = ReplayRequests.of(requestInput.result().requests());
        if (requests.size() == 0) {
            throw new IllegalArgumentException(config.requests() + ": no usable requests to replay ("
                    + requestInput.result().rejects().size() + " rejected)");
        }
        RoutingTraceScan[] routingScan = new RoutingTraceScan[1];
        List<Path> inputFiles = new ArrayList<>(List.of(new Path(config.requests())));
        List<Long> inputSizes = new ArrayList<>(List.of(size(new Path(config.requests()))));
        RoutingModelFactory routing;
        if (config.routingModel().equals(ReplayConfig.RECORDED)) {
            RoutingInputs inputs = RoutingInputs.resolve(config.routing(), config.routingFormat(), config.layers(),
                    config.experts());
            inputFiles.addAll(inputs.files());
            inputSizes.addAll(inputs.sizes());
            routing = RecordedRoutingFactory.read(inputs, model, config.maxRejects(), routingScan);
        } else {
            RoutingInputs inputs = config.calibrate().isEmpty() ? null
                    : RoutingInputs.resolve(config.calibrate(), config.routingFormat(), config.layers(), config.experts());
            if (inputs != null) {
                inputFiles.addAll(inputs.files());
                inputSizes.addAll(inputs.sizes());
            }
            routing = SyntheticRoutingFactory.create(config, model, inputs, routingScan);
        }
        RoutingModel probe = routing.create(requests);
        String runId = config.runId() != null
                ? config.runId()
                : RunIds.derive("replay", config.asMap(), inputFiles, inputSizes);
        ContinuousBatching batching = new ContinuousBatching(config.maxBatch(), StepTimer.fixed(config.stepMicros()));
        ScheduleStats schedule = batching.run(requests, step -> { });

        List<Reject> rejects = new ArrayList<>(requestInput.result().rejects());
        List<FileReadStats> stats = new ArrayList<>(List.of(requestInput.stats()));
        if (routingScan[0] != null) {
            rejects.addAll(routingScan[0].rejects());
            stats.addAll(routingScan[0].stats());
        }
        List<TableSchema<?>> tables = List.of(ReplayTables.expertLoad(runId), RejectsTable.schema(runId));
        OutputCommitter committer = OutputCommitter.begin(new Path(config.out()), runId);
        try {
            StreamExecutionEnvironment env = BatchEnvironments.create(config.parallelism());
            DataStream<ExpertLoadRow> loads = pipeline(env, requests, batching, routing, config.window(),
                    model.moeLayers(), model.sharedExperts());
            // The footer declares the model's shape, so hotness can read the table back as a trace.
            TableSinks.parquet(loads, ReplayTables.expertLoad(runId), committer.staging(),
                    RoutingTable.shapeMetadata(TraceShape.dense(model.moeLayers(), model.routedExperts())));
            if (!rejects.isEmpty()) {
                TableSinks.parquet(env.fromData(rejects, TypeInformation.of(Reject.class)).name("rejects"),
                        RejectsTable.schema(runId), committer.staging());
            }
            env.execute("moe-replay replay " + runId);
            Map<String, Object> summary = summary(runId, config, model, routing, probe, schedule, stats, start);
            committer.commit(tables, summary);
            return summary;
        } catch (Exception | Error e) {
            committer.abort();
            throw e;
        }
    }

    /**
     * The replay's dataflow: one element per MoE layer, spread over the tasks, each replayed into
     * its {@code expert_load} rows.
     */
    public static DataStream<ExpertLoadRow> pipeline(StreamExecutionEnvironment env, ReplayRequests requests,
            ContinuousBatching batching, RoutingModelFactory routing, WindowSpec window, int layers,
            int sharedExperts) {
        return env.fromData(IntStream.range(0, layers).boxed().toList(), TypeInformation.of(Integer.class))
                .name("MoE layers")
                .rebalance()
                .flatMap(new LayerReplayFunction(requests, batching, routing, window, sharedExperts))
                .returns(ExpertLoadRow.class)
                .name("replay layer")
                .uid("replay-layer");
    }

    private static ModelCatalog catalog(ReplayConfig config) {
        return config.modelsFile() == null ? ModelCatalog.builtIn() : ModelCatalog.load(java.nio.file.Path.of(config.modelsFile()));
    }

    private static long size(Path file) throws IOException {
        return file.getFileSystem().getFileStatus(file).getLen();
    }

    private static Map<String, Object> summary(String runId, ReplayConfig config, MoeModelSpec model,
            RoutingModelFactory routing, RoutingModel probe, ScheduleStats schedule, List<FileReadStats> stats,
            long start) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", runId);
        summary.put("command", "replay");
        summary.put("config", config.asMap());
        summary.put("model", Map.of("name", model.name(), "moe_layers", model.moeLayers(),
                "routed_experts", model.routedExperts(), "top_k", model.topK(), "shared_experts", model.sharedExperts()));
        Map<String, Object> routingSummary = new LinkedHashMap<>(routing.describe());
        if (probe instanceof RecordedRoutingModel recorded) {
            routingSummary.put("request_mapping", recorded.mappedById() ? "by id" : "by serving order");
        }
        summary.put("routing_model", routingSummary);
        summary.put("schedule", schedule);
        summary.put("decode_tokens", schedule.decodeTokens());
        summary.put("routed_tokens_per_layer", schedule.decodeTokens() * model.topK());
        summary.put("decisions", schedule.decodeTokens() * model.topK() * model.moeLayers());
        summary.put("inputs", stats);
        summary.put("rows_read", stats.stream().mapToLong(FileReadStats::rowsRead).sum());
        summary.put("rows_used", stats.stream().mapToLong(FileReadStats::rowsUsed).sum());
        summary.put("rows_rejected", stats.stream().mapToLong(FileReadStats::rowsRejected).sum());
        summary.put("wall_ms", System.currentTimeMillis() - start);
        summary.put("versions", RunVersions.current());
        return summary;
    }
}
