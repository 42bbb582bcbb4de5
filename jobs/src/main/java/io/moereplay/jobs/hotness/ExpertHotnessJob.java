package io.moereplay.jobs.hotness;

import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.output.BatchEnvironments;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.jobs.output.RejectsTable;
import io.moereplay.jobs.output.RunIds;
import io.moereplay.jobs.output.TableSinks;
import io.moereplay.jobs.report.ExpertLoadTotals;
import io.moereplay.jobs.report.JobProgress;
import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.model.hotness.WindowSpec;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
        WindowedLoadSource source = WindowedLoadSource.resolve(config.routing(), config.routingFormat(),
                config.layers(), config.experts(), config.requests(), config.requestsFormat(), config.window());
        RoutingInputs inputs = source.inputs();
        String runId = config.runId() != null
                ? config.runId()
                : RunIds.derive("hotness", config.asMap(), inputs.files(), inputs.sizes());
        WindowSpec window = source.window();
        List<TableSchema<?>> tables = List.of(
                HotnessTables.expertHotness(runId, window),
                HotnessTables.layerBalance(runId, window),
                RejectsTable.schema(runId));

        return OutputCommitter.run(new Path(config.out()), runId, tables, staging -> {
            StreamExecutionEnvironment env = BatchEnvironments.create(config.parallelism());
            HotnessStreams streams =
                    ExpertHotnessPipeline.build(source.splits(env, config.maxRejects()), config.hotThreshold());
            TableSinks.parquet(streams.expertHotness(), HotnessTables.expertHotness(runId, window), staging);
            TableSinks.parquet(streams.layerBalance(), HotnessTables.layerBalance(runId, window), staging);
            TableSinks.parquet(source.withRequestRejects(env, streams.rejects()), RejectsTable.schema(runId), staging);
            JobExecutionResult result = JobProgress.execute(env, "moe-replay hotness " + runId, "hotness",
                    new ProgressCounter(ProgressCounter.FILES, inputs.files().size()));
            Map<String, Object> summary = source.summary(result, runId, "hotness", config.asMap(), start);
            summary.put("headline", HotnessHeadline.text(ExpertLoadTotals.of(result)));
            return summary;
        });
    }
}
