package io.moereplay.jobs.straggler;

import io.moereplay.jobs.report.ProgressCounter;
import io.moereplay.jobs.replay.RoutingModelFactory;
import io.moereplay.model.perf.Deployment;
import io.moereplay.model.perf.LayerTiming;
import io.moereplay.model.replay.ContinuousBatching;
import io.moereplay.model.replay.DecodeSchedule;
import io.moereplay.model.replay.RoutedSteps;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.RoutingModel;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.Arrays;
import java.util.List;

/**
 * Replays every decode step through each MoE layer it is given (the input elements) and times it under
 * each deployment. The {@code straggler} rows the run keeps ({@link StragglerRowsMode}) go to the main
 * output; every layer's step share is added, on the spot, into this task's per-step sums, sent once at
 * the end of input on {@link #STEP_TIMES}: a few records a task instead of one per layer time, which
 * used to cross a shuffle and be sorted by step.
 */
final class LayerStragglerOperator extends AbstractStreamOperator<StragglerRow>
        implements OneInputStreamOperator<Integer, StragglerRow>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** This task's step times per deployment, summed over its layers. */
    static final OutputTag<StepTimes> STEP_TIMES = new OutputTag<>("step times", TypeInformation.of(StepTimes.class));

    private final ReplayRequests requests;
    private final ContinuousBatching batching;
    private final RoutingModelFactory routing;
    private final List<Deployment> deployments;
    private final DecodeSchedule schedule;
    private final StragglerRowsMode rows;
    private transient RoutingModel model;
    private transient LongCounter progress;
    private transient int[] sequences;
    private transient long[][] tbtPicos;
    private transient long[][] overheadPicos;
    private transient int layersTimed;

    /**
     * @param schedule {@code batching}'s decode steps over {@code requests}, recorded once (see {@link RoutedSteps})
     */
    LayerStragglerOperator(ReplayRequests requests, ContinuousBatching batching, DecodeSchedule schedule,
            RoutingModelFactory routing, List<Deployment> deployments, StragglerRowsMode rows) {
        this.requests = requests;
        this.batching = batching;
        this.schedule = schedule;
        this.routing = routing;
        this.deployments = List.copyOf(deployments);
        this.rows = rows;
    }

    @Override
    public void open() throws Exception {
        super.open();
        model = routing.create(requests);
        progress = ProgressCounter.counter(getRuntimeContext(), ProgressCounter.LAYER_STEPS);
        sequences = new int[schedule.steps()];
        tbtPicos = new long[deployments.size()][schedule.steps()];
        overheadPicos = new long[deployments.size()][schedule.steps()];
    }

    @Override
    public void processElement(StreamRecord<Integer> element) {
        int layer = element.getValue();
        long[] tokens = new long[model.experts()];
        StreamRecord<StragglerRow> record = new StreamRecord<>(null);
        RoutedSteps.forEach(requests, batching, schedule, model.layer(layer), model.experts(),
                (step, start, stepSequences, context, counts) -> {
                    for (int e = 0; e < counts.length; e++) {
                        tokens[e] = counts[e];
                    }
                    time(layer, step, start, stepSequences, context, tokens, record);
                });
        layersTimed++;
    }

    /** One step of one layer under every deployment: its step share summed, and its rows if kept. */
    private void time(int layer, int step, long startMicros, int stepSequences, long context, long[] tokens,
            StreamRecord<StragglerRow> record) {
        sequences[step] = stepSequences;
        boolean keep = rows.keeps(step);
        for (int d = 0; d < deployments.size(); d++) {
            Deployment deployment = deployments.get(d);
            LayerTiming t = deployment.layer(layer, stepSequences, context, tokens);
            tbtPicos[d][step] += StepTimes.picos(t.stepShareMicros());
            overheadPicos[d][step] += StepTimes.picos(t.stepOverheadMicros());
            if (keep) {
                output.collect(record.replace(StragglerRow.of(deployment.name(), step, startMicros, stepSequences, layer, t)));
            }
        }
        progress.add(1L);
    }

    @Override
    public void endInput() {
        if (layersTimed == 0) {
            return;
        }
        StreamRecord<StepTimes> record = new StreamRecord<>(null);
        for (int d = 0; d < deployments.size(); d++) {
            for (int first = 0; first < schedule.steps(); first += StepTimes.CHUNK) {
                int end = Math.min(schedule.steps(), first + StepTimes.CHUNK);
                output.collect(STEP_TIMES, record.replace(new StepTimes(deployments.get(d).name(), first,
                        Arrays.copyOfRange(sequences, first, end),
                        Arrays.copyOfRange(tbtPicos[d], first, end),
                        Arrays.copyOfRange(overheadPicos[d], first, end), layersTimed)));
            }
        }
    }
}
