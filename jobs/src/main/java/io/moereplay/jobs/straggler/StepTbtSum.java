package io.moereplay.jobs.straggler;

import io.moereplay.jobs.report.ProgressCounter;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichReduceFunction;

/**
 * A step's layer times added into its time ({@link StepTbt#plus}), counted for progress: on the
 * Azure conversation trace this sum takes a third of the run, after every layer-step is timed.
 */
final class StepTbtSum extends RichReduceFunction<StepTbt> {

    private static final long serialVersionUID = 1L;

    private transient LongCounter summed;

    @Override
    public void open(OpenContext context) {
        summed = ProgressCounter.counter(getRuntimeContext(), ProgressCounter.LAYER_TIMES_SUMMED);
    }

    @Override
    public StepTbt reduce(StepTbt step, StepTbt layer) {
        summed.add(1L);
        return step.plus(layer);
    }
}
