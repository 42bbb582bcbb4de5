package io.moereplay.model.perf.findep;

/**
 * One task placed on the timeline.
 *
 * @param kind what the task does, which fixes its {@link Resource}
 * @param layer MoE layer, from 0
 * @param microBatch attention micro-batch, from 0
 * @param segment expert segment, from 0; 0 for attention and shared tasks, which are not split
 * @param startMs when it starts, from the schedule's start
 * @param endMs when it ends
 */
public record ScheduledTask(TaskKind kind, int layer, int microBatch, int segment, double startMs, double endMs) {

    public double durationMs() {
        return endMs - startMs;
    }

    /** {@code A1.0} (attention, layer 1, micro-batch 0), {@code D1.0.1} (its dispatch, segment 1). */
    public String label() {
        String task = "" + kind.code() + layer + "." + microBatch;
        return kind.perSegment() ? task + "." + segment : task;
    }
}
