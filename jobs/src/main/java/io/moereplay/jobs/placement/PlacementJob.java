package io.moereplay.jobs.placement;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.jobs.hotness.SplitOutput;
import io.moereplay.jobs.hotness.SplitOutputRouter;
import io.moereplay.jobs.hotness.WindowedLoadSource;
import io.moereplay.jobs.output.BatchEnvironments;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.jobs.output.RejectsTable;
import io.moereplay.jobs.output.RunIds;
import io.moereplay.jobs.output.TableSinks;
import io.moereplay.jobs.report.JobProgress;
import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.jobs.straggler.DeploymentSpecs;
import io.moereplay.jobs.straggler.ExpertKernel;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.hotness.WindowLayerCounts;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.trace.TraceShape;
import io.moereplay.model.placement.PlacementPolicy;
import io.moereplay.model.placement.PlacementScorer;
import io.moereplay.model.placement.PlacementStudy;
import io.moereplay.model.placement.SlotLayout;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;
import java.util.Map;

/**
 * The placement job: expert loads per window (from a routing trace, an {@code expert_load} table
 * or a load-count file) in; per layer and policy the recommended placement ({@code placement}),
 * its gain and migration cost ({@code placement_summary}), how fast it decays on later windows
 * ({@code placement_backtest}), and, over the whole model, which policy and re-placement interval
 * cost least net of migration ({@code placement_recommendation}). Parallel over layers.
 */
public final class PlacementJob {

    private PlacementJob() {}

    /** Runs the job to completion and commits its output; returns the run summary. */
    public static Map<String, Object> run(PlacementConfig config) throws Exception {
        long start = System.currentTimeMillis();
        WindowedLoadSource source = WindowedLoadSource.resolve(config.routing(), config.routingFormat(),
                config.layers(), config.experts(), config.requests(), config.requestsFormat(), config.window());
        // Placements are scored on the --gpu's bundled profiles, as straggler and cost time it; the summary says which.
        ExpertKernels kernels = ExpertKernels.of(ProfileDatabase.bundled());
        PlacementStudy study = study(config, source, kernels);
        Map<Integer, ExpertPlacement> current = current(config, source, study);
        String runId = config.runId() != null ? config.runId()
                : RunIds.derive("placement", config.asMap(), source.inputs().files(), source.inputs().sizes());
        WindowSpec window = source.window();
        List<TableSchema<?>> tables = List.of(PlacementTables.placement(runId),
                PlacementTables.summary(runId, config.dispatch()), PlacementTables.backtest(runId, window),
                PlacementTables.recommendation(runId, config.dispatch()), RejectsTable.schema(runId));
        return OutputCommitter.run(new Path(config.out()), runId, tables, staging -> {
            StreamExecutionEnvironment env = BatchEnvironments.create(config.parallelism());
            PlacementStreams streams = pipeline(source.splits(env, config.maxRejects()), study, current);
            TableSinks.parquet(streams.placement(), PlacementTables.placement(runId), staging);
            TableSinks.parquet(streams.summary(), PlacementTables.summary(runId, config.dispatch()), staging);
            TableSinks.parquet(streams.backtest(), PlacementTables.backtest(runId, window), staging);
            TableSinks.parquet(streams.recommendation(), PlacementTables.recommendation(runId, config.dispatch()),
                    staging);
            TableSinks.parquet(source.withRequestRejects(env, streams.rejects()), RejectsTable.schema(runId), staging);
            JobExecutionResult result = JobProgress.execute(env, "moe-replay placement " + runId, "placement",
                    new ProgressCounter(ProgressCounter.LAYER_PLACEMENTS,
                            (long) source.inputs().shape().layerCount() * study.policies().size()));
            Map<String, Object> summary = source.summary(result, runId, "placement", config.asMap(), start);
            List<String> recommended = result.getAccumulatorResult(RecommendationFunction.RECOMMENDED);
            summary.put("kernel_models", kernels.summary());
            summary.put("recommendation", recommended == null || recommended.isEmpty()
                    ? "none: the loads have one window; cut them into several (--window) to backtest intervals"
                    : recommended.get(0));
            summary.put("headline", PlacementHeadline.text(
                    listOrEmpty(result.getAccumulatorResult(RecommendationFunction.CHOICES)),
                    listOrEmpty(result.getAccumulatorResult(PlacementOutputSplitter.GISTS)), window));
            return summary;
        });
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<Integer, ExpertPlacement> current(PlacementConfig config, WindowedLoadSource source,
            PlacementStudy study) throws java.io.IOException {
        if (config.current() == null) {
            return Map.of();
        }
        TraceShape shape = source.inputs().shape();
        java.util.SortedSet<Integer> traceLayers = new java.util.TreeSet<>();
        for (int i = 0; i < shape.layerCount(); i++) {
            traceLayers.add(shape.layerId(i));
        }
        MoeModelSpec model = config.model().spec();
        try {
            return CurrentPlacements.inForce(java.nio.file.Path.of(config.current()), config.currentPolicy(),
                    shape.experts(), study.layout(),
                    new CurrentPlacements.LayerNumbering(traceLayers, model.layers(), model.moeLayerIds()));
        } catch (IllegalArgumentException e) {
            throw new CurrentPlacementMismatch(e);
        }
    }

    /** The study the options describe, checked against the model and the trace's shape. */
    static PlacementStudy study(PlacementConfig config, WindowedLoadSource source, ExpertKernels kernels)
            throws java.io.IOException {
        MoeModelSpec model = config.model().spec();
        int experts = source.inputs().shape().experts();
        if (experts != model.routedExperts()) {
            throw new IllegalArgumentException(source.inputs().files().get(0) + ": the loads have " + experts
                    + " experts per layer but " + model.name() + " has " + model.routedExperts());
        }
        HardwareCatalog hardware = HardwareCatalog.builtInPlus(config.hardwareFile());
        GpuSpec gpu = hardware.get(config.gpu());
        SlotLayout layout = layout(config, experts, model.name());
        int moves = PlacementPolicies.moves(config.moveBudget(), experts, model.expertBytes());
        List<PlacementPolicy> policies = PlacementPolicies.parse(config.policies(), config.groups(), moves,
                config.dispatch());
        PlacementScorer scorer = new PlacementScorer(
                DeploymentSpecs.colocated("placement", model, gpu, ExpertPlacement.contiguous(experts, config.gpus()),
                        kernels, ExpertKernel.GROUPED),
                model.expertBytes(), DeploymentSpecs.nvlink(gpu), DeploymentSpecs.nic(gpu), config.batch(),
                config.contextPerSequence());
        return new PlacementStudy(layout, config.dispatch(), policies, scorer, config.lookBack(), config.horizon(), config.intervals());
    }

    /**
     * The slots the options describe, checked to allow at most one replica of an expert per GPU
     * ({@link SlotLayout#maxRedundantSlots}).
     *
     * @throws IllegalArgumentException naming the options and the limit
     */
    static SlotLayout layout(PlacementConfig config, int experts, String modelName) {
        SlotLayout layout = SlotLayout.of(experts, config.redundantSlots(), config.gpus(), config.nodes());
        if (config.redundantSlots() > SlotLayout.maxRedundantSlots(experts, config.gpus())) {
            throw new IllegalArgumentException(tooManySlots("--redundant-slots", config.redundantSlots(), "--gpus",
                    config.gpus(), layout.slotsPerGpu(), experts, modelName));
        }
        return layout;
    }

    /** Why {@code redundant} slots over {@code gpus} GPUs are too many, naming the options. */
    public static String tooManySlots(String redundantOption, int redundant, String gpusOption, int gpus,
            int slotsPerGpu, int experts, String modelName) {
        return redundantOption + " " + redundant + " over " + gpusOption + " " + gpus + " gives " + slotsPerGpu
                + " slots per GPU, more than the " + experts + " experts per layer of " + modelName
                + ", so a GPU would hold two replicas of one expert; at most "
                + SlotLayout.maxRedundantSlots(experts, gpus) + " redundant slots fit on " + gpus + " GPUs";
    }

    /**
     * From split outputs to the four tables' rows and the rejects.
     *
     * @param current the placement in force per layer id; empty for the contiguous layout
     */
    public static PlacementStreams pipeline(DataStream<SplitOutput> splits, PlacementStudy study,
            Map<Integer, ExpertPlacement> current) {
        SingleOutputStreamOperator<WindowLayerCounts> counts = WindowedLoadSource.route(splits);
        SingleOutputStreamOperator<PlacementSlotRow> rows = counts
                .keyBy(WindowLayerCounts::layer)
                .fullWindowPartition()
                .mapPartition(new LayerPlacementFunction(study, new java.util.HashMap<>(current)))
                .returns(PlacementOutput.class)
                .name("place layer")
                .uid("place-layer")
                .process(new PlacementOutputSplitter())
                .returns(PlacementSlotRow.class)
                .name("split placement rows")
                .uid("split-placement-rows");
        List<String> policyOrder = study.policies().stream().map(PlacementPolicy::name).toList();
        DataStream<RecommendationRow> recommendation = rows.getSideOutput(PlacementOutputSplitter.COSTS)
                .keyBy(row -> 0)
                .fullWindowPartition()
                .mapPartition(new RecommendationFunction(policyOrder))
                .returns(RecommendationRow.class)
                .name("recommend");
        return new PlacementStreams(rows, rows.getSideOutput(PlacementOutputSplitter.SUMMARY),
                rows.getSideOutput(PlacementOutputSplitter.BACKTEST), recommendation,
                counts.getSideOutput(SplitOutputRouter.REJECTS));
    }
}
