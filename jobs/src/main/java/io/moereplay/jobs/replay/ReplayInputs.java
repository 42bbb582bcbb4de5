package io.moereplay.jobs.replay;

import io.moereplay.jobs.input.RequestInput;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.input.RoutingTraceScan;
import io.moereplay.jobs.output.RunVersions;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.replay.ContinuousBatching;
import io.moereplay.model.replay.DecodeSchedule;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.replay.ScheduleStats;
import io.moereplay.model.replay.StepTimer;
import io.moereplay.model.routing.RecordedRoutingModel;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Reject;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a replay reads, resolved on the client before its job starts: the model, the
 * requests in serving order, the routing model's factory, the schedule (its decode steps recorded
 * once, and their statistics), and what reading cost
 * (rejects, per-file counts, the input files for the run id). The routing replay and every job
 * that replays decode steps (straggler) start from it.
 */
public record ReplayInputs(
        MoeModelSpec model,
        ReplayRequests requests,
        RoutingModelFactory routing,
        ContinuousBatching batching,
        DecodeSchedule decodeSchedule,
        ScheduleStats schedule,
        List<Reject> rejects,
        List<FileReadStats> stats,
        List<Path> files,
        List<Long> sizes,
        Map<String, Object> routingSummary) {

    public static ReplayInputs read(ReplayConfig config) throws IOException {
        MoeModelSpec model = config.model().spec();
        RequestInput requestInput = RequestInput.read(config.requests(), config.requestsFormat());
        ReplayRequests requests = ReplayRequests.of(requestInput.result().requests());
        if (requests.size() == 0) {
            throw new IllegalArgumentException(config.requests() + ": no usable requests to replay ("
                    + requestInput.result().rejects().size() + " rejected)");
        }
        RoutingTraceScan[] routingScan = new RoutingTraceScan[1];
        Path requestFile = new Path(config.requests());
        List<Path> files = new ArrayList<>(List.of(requestFile));
        List<Long> sizes = new ArrayList<>(List.of(requestFile.getFileSystem().getFileStatus(requestFile).getLen()));
        RoutingModelFactory routing;
        if (config.routingModel().equals(ReplayConfig.RECORDED)) {
            RoutingInputs inputs = RoutingInputs.resolve(config.routing(), config.routingFormat(), config.layers(),
                    config.experts());
            files.addAll(inputs.files());
            sizes.addAll(inputs.sizes());
            routing = RecordedRoutingFactory.read(inputs, model, config.maxRejects(), routingScan);
        } else {
            RoutingInputs inputs = config.calibrate().isEmpty() ? null
                    : RoutingInputs.resolve(config.calibrate(), config.routingFormat(), config.layers(), config.experts());
            if (inputs != null) {
                files.addAll(inputs.files());
                sizes.addAll(inputs.sizes());
            }
            routing = SyntheticRoutingFactory.create(config, model, inputs, routingScan);
        }
        Map<String, Object> routingSummary = new LinkedHashMap<>(routing.describe());
        RoutingModel probe = routing.create(requests);
        if (probe instanceof RecordedRoutingModel recorded) {
            routingSummary.put("request_mapping", recorded.mappedById() ? "by id" : "by serving order");
        }
        ContinuousBatching batching = new ContinuousBatching(config.maxBatch(), StepTimer.fixed(config.stepMicros()));
        DecodeSchedule decodeSchedule = DecodeSchedule.record(requests, batching);
        List<Reject> rejects = new ArrayList<>(requestInput.result().rejects());
        List<FileReadStats> stats = new ArrayList<>(List.of(requestInput.stats()));
        if (routingScan[0] != null) {
            rejects.addAll(routingScan[0].rejects());
            stats.addAll(routingScan[0].stats());
        }
        return new ReplayInputs(model, requests, routing, batching, decodeSchedule, decodeSchedule.stats(), rejects, stats, files, sizes,
                routingSummary);
    }

    /**
     * Each MoE layer's expert loads as the routing model draws them (64 steps of 256 tokens a layer),
     * drawn on first use: what placements in candidate deployments are fitted to.
     */
    public java.util.function.Supplier<double[][]> expectedLoads() {
        double[][][] drawn = new double[1][][];
        return () -> {
            if (drawn[0] == null) {
                drawn[0] = io.moereplay.model.placement.ExpectedLoads.draw(routing.create(requests), model.moeLayers(),
                        256, 64);
            }
            return drawn[0];
        };
    }

    /**
     * The run summary of a replaying job: run id, command, options, model, routing, schedule,
     * inputs and their counts, wall time since {@code startMillis} and versions.
     */
    public Map<String, Object> summary(String runId, String command, Map<String, Object> options, long startMillis) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", runId);
        summary.put("command", command);
        summary.put("config", options);
        summary.put("model", Map.of("name", model.name(), "moe_layers", model.moeLayers(),
                "routed_experts", model.routedExperts(), "top_k", model.topK(), "shared_experts", model.sharedExperts()));
        summary.put("routing_model", routingSummary);
        summary.put("schedule", schedule);
        summary.put("decode_tokens", schedule.decodeTokens());
        summary.put("routed_tokens_per_layer", schedule.decodeTokens() * model.topK());
        summary.put("decisions", schedule.decodeTokens() * model.topK() * model.moeLayers());
        summary.put("inputs", stats);
        summary.put("rows_read", stats.stream().mapToLong(FileReadStats::rowsRead).sum());
        summary.put("rows_used", stats.stream().mapToLong(FileReadStats::rowsUsed).sum());
        summary.put("rows_rejected", stats.stream().mapToLong(FileReadStats::rowsRejected).sum());
        summary.put("wall_ms", System.currentTimeMillis() - startMillis);
        summary.put("versions", RunVersions.current());
        return summary;
    }
}
