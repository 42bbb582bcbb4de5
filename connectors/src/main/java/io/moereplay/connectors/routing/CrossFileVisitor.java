package io.moereplay.connectors.routing;

import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.util.List;

/**
 * Rejects a decision or count that an earlier file of the same input already held, naming both
 * places ({@code file:row}); placed after {@link ValidatingRoutingVisitor}, which rejects repeats
 * within one file. For inputs read file by file in one process (a calibration, a recorded
 * routing); the parallel jobs do the same check in a keyed step. Only rows under the file's
 * {@link ContestedKeys} are looked up, so a file that shares no request with another costs a range
 * check per run of a request's rows.
 */
public final class CrossFileVisitor implements RoutingVisitor {

    private final FirstSightings sightings;
    private final List<String> fileNames;
    private final int fileIndex;
    private final TraceShape shape;
    private final ContestedKeys contested;
    private final RoutingVisitor downstream;
    private long lastGroup = Long.MIN_VALUE;
    private boolean lastContested;

    /**
     * @param sightings shared by every file of the input, fed in file order
     * @param fileNames the input's files as rejects name them, by index
     */
    public CrossFileVisitor(FirstSightings sightings, List<String> fileNames, int fileIndex, TraceShape shape,
            ContestedKeys contested, RoutingVisitor downstream) {
        this.sightings = sightings;
        this.fileNames = fileNames;
        this.fileIndex = fileIndex;
        this.shape = shape;
        this.contested = contested;
        this.downstream = downstream;
    }

    /** A decision's slot within its request: token and layer, as {@link ValidatingRoutingVisitor} keys them. */
    public static long decisionSlot(TraceShape shape, int tokenIndex, int layer) {
        return (long) tokenIndex * shape.layerCount() + shape.indexOf(layer);
    }

    /** A count's slot within its interval: layer and expert. */
    public static long countSlot(TraceShape shape, int layer, int expert) {
        return (long) shape.indexOf(layer) * shape.experts() + expert;
    }

    @Override
    public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
            float[] gateWeights, int gates) {
        long first = firstPlace(requestId, decisionSlot(shape, tokenIndex, layer), row);
        if (first < 0) {
            downstream.decision(row, requestId, tokenIndex, phase, layer, experts, k, gateWeights, gates);
            return;
        }
        downstream.reject(new Reject(fileNames.get(fileIndex), row, "token_index", FirstSightings.decisionReason(
                requestId, tokenIndex, layer, fileNames.get(FirstSightings.file(first)), FirstSightings.row(first),
                fileNames.get(fileIndex), row)));
    }

    @Override
    public void load(long row, long startMicros, int layer, int expert, long tokens) {
        long first = firstPlace(startMicros, countSlot(shape, layer, expert), row);
        if (first < 0) {
            downstream.load(row, startMicros, layer, expert, tokens);
            return;
        }
        downstream.reject(new Reject(fileNames.get(fileIndex), row, "expert", FirstSightings.countReason(
                startMicros, layer, expert, fileNames.get(FirstSightings.file(first)), FirstSightings.row(first),
                fileNames.get(fileIndex), row)));
    }

    @Override
    public void pass(long pass) {
        downstream.pass(pass);
    }

    @Override
    public void reject(Reject reject) {
        downstream.reject(reject);
    }

    /** -1 when the key is uncontested or first seen here, else the place it was first seen. */
    private long firstPlace(long group, long slot, long row) {
        // Rows come grouped by request (or interval): one range lookup per run of a group's rows.
        if (group != lastGroup) {
            lastGroup = group;
            lastContested = contested.contains(group);
        }
        return lastContested ? sightings.firstOr(group, slot, FirstSightings.origin(fileIndex, row)) : -1;
    }
}
