package io.moereplay.jobs.straggler;

import io.moereplay.jobs.report.ProgressCounter;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * One task's layer times summed per (deployment, step) before they are shuffled by step: a combiner.
 * Without it every layer time of every step crosses the shuffle and is sorted by step (13.1M records
 * for the Azure conversation trace on two deployments, a third of the run); with it, one record per
 * (task, deployment, step). The sums are of whole picoseconds, so the partial sums change no bit.
 */
final class PartialStepSums extends RichMapPartitionFunction<StepTbt, StepTbt> {

    private static final long serialVersionUID = 1L;

    private transient LongCounter summed;

    @Override
    public void open(OpenContext context) {
        summed = ProgressCounter.counter(getRuntimeContext(), ProgressCounter.LAYER_TIMES_SUMMED);
    }

    @Override
    public void mapPartition(Iterable<StepTbt> layerTimes, Collector<StepTbt> out) {
        Map<String, Map<Long, StepTbt>> steps = new HashMap<>();
        for (StepTbt layer : layerTimes) {
            steps.computeIfAbsent(layer.deployment(), deployment -> new HashMap<>()).merge(layer.step(), layer, StepTbt::plus);
            summed.add(1L);
        }
        steps.values().forEach(deployment -> deployment.values().forEach(out::collect));
    }
}
