package io.moereplay.model.perf.findep;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Places every task of an L-layer fine-grained schedule on the timeline (paper §3-4). The batch on
 * each attention GPU is cut into {@code r1} micro-batches, and each micro-batch's expert work
 * (dispatch, experts, combine) into {@code r2} segments. Each {@link Resource} runs its tasks one
 * at a time in a fixed issue order, as a stream does: a task starts when its resource has finished
 * the task issued before it and every task it needs has ended.
 *
 * <p>Issue orders, layer after layer: the attention group runs the layer's attention and shared
 * tasks in the {@link Order}; the links and the expert group take micro-batch by micro-batch,
 * segment by segment. Dependencies: {@code A(l,i) -> S(l,i)}, {@code A(l,i) -> D(l,i,j) -> E(l,i,j)
 * -> C(l,i,j)}, and {@code A(l+1,i)} needs every {@code C(l,i,*)} and {@code S(l,i)}.
 *
 * <p>With {@code r2 = 1} and {@link Order#ASAS} this is MegaScale-Infer's ping-pong pipeline
 * ({@link PpPipe}).
 */
public final class TimelineSimulator {

    private TimelineSimulator() {
    }

    /**
     * @param times each task's duration
     * @param microBatches attention micro-batches [r1]
     * @param segments expert segments per micro-batch [r2]
     * @param order the attention group's order within a layer
     * @param layers MoE layers [L]
     */
    public static Timeline simulate(TaskTimes times, int microBatches, int segments, Order order, int layers) {
        Checks.positive("microBatches", microBatches);
        Checks.positive("segments", segments);
        Checks.positive("layers", layers);
        return run(issue(times, microBatches, segments, order, layers));
    }

    /** Every task with its inputs, on its resource's stream in issue order. */
    private static Map<Resource, List<Task>> issue(TaskTimes times, int microBatches, int segments, Order order,
                                                   int layers) {
        Map<Resource, List<Task>> streams = new EnumMap<>(Resource.class);
        for (Resource resource : Resource.values()) {
            streams.put(resource, new ArrayList<>());
        }
        // What each micro-batch's attention in the next layer waits for: its combines and shared experts.
        Task[][] layerOutputs = new Task[microBatches][0];
        for (int layer = 0; layer < layers; layer++) {
            Task[] attention = new Task[microBatches];
            Task[] shared = new Task[microBatches];
            for (int mb = 0; mb < microBatches; mb++) {
                attention[mb] = new Task(TaskKind.ATTENTION, layer, mb, 0, times.attentionMs(), layerOutputs[mb]);
                if (times.hasShared()) {
                    shared[mb] = new Task(TaskKind.SHARED, layer, mb, 0, times.sharedMs(), attention[mb]);
                }
            }
            issueAttentionGroup(streams.get(Resource.ATTENTION_GROUP), attention, shared, order);
            for (int mb = 0; mb < microBatches; mb++) {
                List<Task> outputs = new ArrayList<>();
                for (int seg = 0; seg < segments; seg++) {
                    Task dispatch = new Task(TaskKind.DISPATCH, layer, mb, seg, times.transferMs(), attention[mb]);
                    Task expert = new Task(TaskKind.EXPERT, layer, mb, seg, times.expertMs(), dispatch);
                    Task combine = new Task(TaskKind.COMBINE, layer, mb, seg, times.transferMs(), expert);
                    streams.get(Resource.A2E_LINK).add(dispatch);
                    streams.get(Resource.EXPERT_GROUP).add(expert);
                    streams.get(Resource.E2A_LINK).add(combine);
                    outputs.add(combine);
                }
                if (shared[mb] != null) {
                    outputs.add(shared[mb]);
                }
                layerOutputs[mb] = outputs.toArray(new Task[0]);
            }
        }
        return streams;
    }

    /** Starts each stream's next task once its inputs are done; issue orders follow the dependencies. */
    private static Timeline run(Map<Resource, List<Task>> streams) {
        List<ScheduledTask> placed = new ArrayList<>();
        Map<Resource, Integer> next = new EnumMap<>(Resource.class);
        Map<Resource, Double> freeAt = new EnumMap<>(Resource.class);
        int total = streams.values().stream().mapToInt(List::size).sum();
        while (placed.size() < total) {
            int before = placed.size();
            for (Resource resource : Resource.values()) {
                List<Task> stream = streams.get(resource);
                int i = next.getOrDefault(resource, 0);
                while (i < stream.size() && stream.get(i).ready()) {
                    Task task = stream.get(i++);
                    task.startMs = Math.max(freeAt.getOrDefault(resource, 0.0), task.inputsEndMs());
                    task.endMs = task.startMs + task.durationMs;
                    freeAt.put(resource, task.endMs);
                    placed.add(task.placed());
                }
                next.put(resource, i);
            }
            if (placed.size() == before) {
                throw new IllegalStateException("issue orders deadlock after " + before + " of " + total + " tasks");
            }
        }
        return new Timeline(placed);
    }

    private static void issueAttentionGroup(List<Task> stream, Task[] attention, Task[] shared, Order order) {
        switch (order) {
            case AASS -> {
                stream.addAll(List.of(attention));
                addShared(stream, shared, 0, shared.length);
            }
            case ASAS -> {
                for (int mb = 0; mb < attention.length; mb++) {
                    stream.add(attention[mb]);
                    addShared(stream, shared, mb, mb + 1);
                }
            }
        }
    }

    /** Shared tasks exist only when the model has shared experts. */
    private static void addShared(List<Task> stream, Task[] shared, int from, int to) {
        for (int mb = from; mb < to; mb++) {
            if (shared[mb] != null) {
                stream.add(shared[mb]);
            }
        }
    }

    /** A task being placed; {@code endMs} is NaN until it is. */
    private static final class Task {
        final TaskKind kind;
        final int layer;
        final int microBatch;
        final int segment;
        final double durationMs;
        final Task[] inputs;
        double startMs = Double.NaN;
        double endMs = Double.NaN;

        Task(TaskKind kind, int layer, int microBatch, int segment, double durationMs, Task... inputs) {
            this.kind = kind;
            this.layer = layer;
            this.microBatch = microBatch;
            this.segment = segment;
            this.durationMs = durationMs;
            this.inputs = inputs;
        }

        boolean ready() {
            for (Task input : inputs) {
                if (Double.isNaN(input.endMs)) {
                    return false;
                }
            }
            return true;
        }

        double inputsEndMs() {
            double end = 0;
            for (Task input : inputs) {
                end = Math.max(end, input.endMs);
            }
            return end;
        }

        ScheduledTask placed() {
            return new ScheduledTask(kind, layer, microBatch, segment, startMs, endMs);
        }
    }
}
