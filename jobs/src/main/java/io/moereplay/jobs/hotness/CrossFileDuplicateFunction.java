package io.moereplay.jobs.hotness;

import io.moereplay.connectors.routing.CrossFileVisitor;
import io.moereplay.connectors.routing.FirstSightings;
import io.moereplay.model.hotness.WindowedLoadCounter;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For one key (a request, or a count's interval; called once per key): keeps each decision or
 * count at its first place in input order (earliest file, then row) and rejects the others naming
 * both places, counts the kept rows into per-(window, layer) counts, and sends each file a
 * correction of its read stats (the rows its reader counted as used that were rejected here), so
 * that rows read = rows used + rows rejected still holds file by file.
 */
final class CrossFileDuplicateFunction implements MapPartitionFunction<OverlapRow, SplitOutput> {

    private static final long serialVersionUID = 1L;

    private final List<String> fileNames;
    private final String format;
    private final TraceShape shape;
    private final boolean counts;

    /**
     * @param fileNames the input's files as rejects name them, by index
     * @param counts true when rows are counts (keyed by interval, layer, expert), false for decisions
     */
    CrossFileDuplicateFunction(List<String> fileNames, String format, TraceShape shape, boolean counts) {
        this.fileNames = List.copyOf(fileNames);
        this.format = format;
        this.shape = shape;
        this.counts = counts;
    }

    @Override
    public void mapPartition(Iterable<OverlapRow> rows, Collector<SplitOutput> out) {
        // Step 1: input order, so the kept copy does not depend on which reader finished first.
        List<OverlapRow> ordered = new ArrayList<>();
        rows.forEach(ordered::add);
        ordered.sort(Comparator.comparingInt(OverlapRow::file).thenComparingLong(OverlapRow::row));
        // Step 2: keep first sightings, reject the rest.
        FirstSightings sightings = new FirstSightings();
        WindowedLoadCounter counter = new WindowedLoadCounter(shape);
        Map<Integer, long[]> rejectedByFile = new TreeMap<>();
        for (OverlapRow row : ordered) {
            long slot = counts ? CrossFileVisitor.countSlot(shape, row.layer(), row.experts()[0])
                    : CrossFileVisitor.decisionSlot(shape, row.token(), row.layer());
            long first = sightings.firstOr(row.group(), slot, FirstSightings.origin(row.file(), row.row()));
            if (first < 0) {
                count(counter, row);
                continue;
            }
            out.collect(SplitOutput.of(reject(row, first)));
            long[] rejected = rejectedByFile.computeIfAbsent(row.file(), file -> new long[2]);
            rejected[0]++;
            rejected[1] += counts ? row.tokens() : row.experts().length;
        }
        // Step 3: the kept counts and each file's correction.
        counter.drain().forEach(kept -> out.collect(SplitOutput.of(kept)));
        rejectedByFile.forEach((file, rejected) -> out.collect(SplitOutput.of(new FileReadStats(
                fileNames.get(file), format, 0, -rejected[0], rejected[0], -rejected[1]))));
    }

    private void count(WindowedLoadCounter counter, OverlapRow row) {
        int layerIndex = shape.indexOf(row.layer());
        if (counts) {
            counter.add(row.window(), layerIndex, row.experts()[0], row.tokens());
        } else {
            counter.addChoices(row.window(), layerIndex, row.experts(), row.experts().length);
        }
    }

    private Reject reject(OverlapRow row, long first) {
        String firstFile = fileNames.get(FirstSightings.file(first));
        String file = fileNames.get(row.file());
        return counts
                ? new Reject(file, row.row(), "expert", FirstSightings.countReason(row.group(), row.layer(),
                        row.experts()[0], firstFile, FirstSightings.row(first), file, row.row()))
                : new Reject(file, row.row(), "token_index", FirstSightings.decisionReason(row.group(), row.token(),
                        row.layer(), firstFile, FirstSightings.row(first), file, row.row()));
    }
}
