package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.io.torch.IntegerTensor;
import io.moereplay.connectors.io.torch.TensorRef;
import io.moereplay.connectors.io.torch.TorchCheckpoint;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Optional;

/**
 * SGLang's expert distribution recorder dump in {@code stat} or {@code stat_approx} mode:
 * {@code expert_distribution_recorder_{time}.pt}, a {@code torch.save}d dict {@code {rank,
 * logical_count, average_utilization_rate_over_window}} written by rank 0, where {@code
 * logical_count} is an int32 tensor {@code [buffer_steps, layers, logical_experts]} already summed
 * over all ranks. Confirmed against sgl-project/sglang {@code python/sglang/srt/eplb/expert_distribution.py}
 * at commit 02295fe5 ({@code _StatAccumulator.dump}, {@code _CircularBuffer}, {@code _InfiniteBuffer}).
 *
 * <p>Each buffer step that holds any count is one forward pass; a step of all zeros is a buffer row
 * never written (a real pass routes at least one token), and is skipped. <b>Pass numbers are buffer
 * row indexes</b>: the recorder's circular buffer does not save where it last wrote, so after
 * wrap-around (more passes than {@code --expert-distribution-recorder-buffer-size}) rows are not in
 * time order, and windows by pass group buffer rows, not consecutive passes. With a negative buffer
 * size (an unbounded buffer) rows are the passes in order.
 *
 * <p>Layers are the model's decoder layer indexes {@code 0..layers-1} (the recorder numbers every
 * decoder layer; dense layers stay all zero), experts the logical experts; the declared shape is
 * {@code logical_count}'s last two dimensions.
 *
 * <p>A row is one non-zero (step, layer, expert) count, numbered from 1 in step, layer, expert
 * order; a negative count is rejected with field {@code logical_count[step][layer][expert]}.
 */
public final class SglangStatReader implements RoutingTraceReader {

    private static final String EXPECTED = RoutingFormat.SGLANG_STAT.expected();
    private static final String FIELD = "logical_count";

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(file, EXPECTED)) {
            TensorRef ref = logicalCount(file, checkpoint);
            IntegerTensor counts = checkpoint.integers(ref, FIELD);
            int steps = ref.size(0);
            int experts = ref.size(2);
            int cells = ref.size(1) * experts;
            if (allZero(counts, 0, counts.length())) {
                throw nothingRecorded(file, ref);
            }
            long rows = 0;
            for (int step = 0; step < steps; step++) {
                int base = step * cells;
                if (allZero(counts, base, cells)) {
                    continue;
                }
                visitor.pass(step);
                for (int cell = 0; cell < cells; cell++) {
                    long tokens = counts.get(base + cell);
                    if (tokens == 0) {
                        continue;
                    }
                    rows++;
                    int layer = cell / experts;
                    int expert = cell % experts;
                    if (tokens < 0) {
                        visitor.reject(new Reject(file.name(), rows, FIELD + "[" + step + "][" + layer + "]["
                                + expert + "]", "negative token count " + tokens));
                    } else {
                        visitor.load(rows, RoutingVisitor.UNTIMED, layer, expert, tokens);
                    }
                }
            }
            return rows;
        }
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(file, EXPECTED)) {
            TensorRef ref = logicalCount(file, checkpoint);
            // Checked here too, so that a run refuses the dump before it starts.
            if (checkpoint.allZero(ref, FIELD)) {
                throw nothingRecorded(file, ref);
            }
            return Optional.of(TraceShape.dense(ref.size(1), ref.size(2)));
        }
    }

    /** The {@code logical_count} tensor, three-dimensional with layers and experts. */
    private static TensorRef logicalCount(TraceFile file, TorchCheckpoint checkpoint) {
        SglangFields fields = new SglangFields(file.name(), EXPECTED);
        TensorRef ref = fields.tensor(fields.dict(checkpoint.root(), "the dump"), FIELD, "", 3);
        if (ref.size(1) == 0 || ref.size(2) == 0) {
            throw fields.refuse(FIELD + " " + ref.shapeText() + " has no layers or no experts");
        }
        return ref;
    }

    private static TraceFormatException nothingRecorded(TraceFile file, TensorRef ref) {
        return new SglangFields(file.name(), EXPECTED).refuse(FIELD + " " + ref.shapeText() + " is all zero:"
                + " the recorder recorded nothing. Was /start_expert_distribution_record called before the"
                + " traffic, and /stop_expert_distribution_record then /dump_expert_distribution_record after it?");
    }

    private static boolean allZero(IntegerTensor counts, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (counts.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
