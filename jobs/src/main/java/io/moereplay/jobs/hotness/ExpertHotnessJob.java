package io.moereplay.jobs.hotness;

import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.jobs.input.RequestInput;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.output.BatchEnvironments;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.jobs.output.RejectsTable;
import io.moereplay.jobs.output.RunIds;
import io.moereplay.jobs.output.RunVersions;
import io.moereplay.jobs.output.TableSinks;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Reject;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hotness job: routing trace (and optionally a request trace) in; {@code expert_hotness},
 * {@code layer_balance} and {@code rejects} Parquet tables plus {@code _run_summary.json} out.
 * Runs on whatever environment Flink gives: the embedded MiniCluster from {@code java -jar}, or a
 * cluster under {@code flink run}.
 */
public final class ExpertHotnessJob {

    private ExpertHotnessJob() {}

    /** Runs the job to completion and commits its output; returns the run summary. */
    public static Map<String, Object> run(HotnessConfig config) throws Exception {
        long start = System.currentTimeMillis();
        RoutingInputs inputs = RoutingInputs.resolve(config.routing(), config.routingFormat(), config.layers(),
                config.experts());
        RequestInput requests = config.requests() == null ? null
                : RequestInput.read(config.requests(), config.requestsFormat());
        String runId = config.runId() != null
                ? config.runId()
                : RunIds.derive("hotness", config.asMap(), inputs.files(), inputs.sizes());
        WindowSpec window = config.window();
        requireWindowFits(inputs, window, requests != null);
        List<TableSchema<?>> tables = List.of(
                HotnessTables.expertHotness(runId, window),
                HotnessTables.layerBalance(runId, window),
                RejectsTable.schema(runId));

        return OutputCommitter.run(new Path(config.out()), runId, tables, staging -> {
            StreamExecutionEnvironment env = BatchEnvironments.create(config.parallelism());
            RoutingHotnessFormat format = new RoutingHotnessFormat(inputs.format(), inputs.shape(),
                    window, requests == null ? null : requests.arrivals(), config.maxRejects());
            DataStream<SplitOutput> splits = env
                    .fromSource(FileSource.forBulkFileFormat(format, inputs.files().toArray(Path[]::new)).build(),
                            WatermarkStrategy.noWatermarks(), "routing trace")
                    .uid("routing-trace-source");
            HotnessStreams streams = ExpertHotnessPipeline.build(splits, config.hotThreshold());
            DataStream<Reject> rejects = streams.rejects();
            if (requests != null && !requests.result().rejects().isEmpty()) {
                rejects = rejects.union(env.fromData(requests.result().rejects(), TypeInformation.of(Reject.class))
                        .name("request trace rejects").uid("request-trace-rejects"));
            }
            TableSinks.parquet(streams.expertHotness(), HotnessTables.expertHotness(runId, window), staging);
            TableSinks.parquet(streams.layerBalance(), HotnessTables.layerBalance(runId, window), staging);
            TableSinks.parquet(rejects, RejectsTable.schema(runId), staging);

            JobExecutionResult result = env.execute("moe-replay hotness " + runId);
            List<FileReadStats> stats = new ArrayList<>(result.getAccumulatorResult(SplitOutputRouter.READ_STATS));
            if (requests != null) {
                stats.add(requests.stats());
            }
            return summary(runId, config, stats, inputs, start);
        });
    }

    /** Which windows each kind of input can be grouped into. */
    private static void requireWindowFits(RoutingInputs inputs, WindowSpec window, boolean hasRequests) {
        String first = inputs.files().get(0).toString();
        switch (inputs.format()) {
            case LOAD_COUNTS_JSON -> {
                if (window.kind() != WindowSpec.Kind.ALL) {
                    throw new IllegalArgumentException(first + ": load-count traces carry no arrival times or"
                            + " token order; use --window all");
                }
            }
            case EXPERT_LOAD -> {
                if (window.kind() == WindowSpec.Kind.TOKENS || hasRequests) {
                    throw new IllegalArgumentException(first + ": expert_load rows carry their replay window's start"
                            + " time; use a time window (--window 60s) or all, without --requests");
                }
            }
            default -> {
                if (window.kind() == WindowSpec.Kind.TIME && !hasRequests) {
                    throw new IllegalArgumentException("--window " + window + " groups by request arrival"
                            + " time and needs --requests; without a request trace use a token window"
                            + " such as 1000tok, or all");
                }
            }
        }
    }

    private static Map<String, Object> summary(String runId, HotnessConfig config,
            List<FileReadStats> stats, RoutingInputs inputs, long start) {
        stats.sort(java.util.Comparator.comparing(FileReadStats::file));
        long read = stats.stream().mapToLong(FileReadStats::rowsRead).sum();
        long used = stats.stream().mapToLong(FileReadStats::rowsUsed).sum();
        long rejected = stats.stream().mapToLong(FileReadStats::rowsRejected).sum();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", runId);
        summary.put("command", "hotness");
        summary.put("config", config.asMap());
        summary.put("shape", Map.of("layers", inputs.shape().layerCount(), "experts", inputs.shape().experts()));
        summary.put("routing_format", inputs.format().label());
        summary.put("inputs", stats);
        summary.put("rows_read", read);
        summary.put("rows_used", used);
        summary.put("rows_rejected", rejected);
        summary.put("decisions", stats.stream().filter(s -> !s.format().startsWith("requests:"))
                .mapToLong(FileReadStats::decisions).sum());
        summary.put("wall_ms", System.currentTimeMillis() - start);
        summary.put("versions", RunVersions.current());
        return summary;
    }
}
