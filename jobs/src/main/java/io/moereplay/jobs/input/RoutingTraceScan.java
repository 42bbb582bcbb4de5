package io.moereplay.jobs.input;

import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.routing.ContestedKeys;
import io.moereplay.connectors.routing.CrossFileVisitor;
import io.moereplay.connectors.routing.FirstSightings;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.connectors.routing.ValidatingRoutingVisitor;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads a whole routing trace on the client, validated against its shape, into a caller's visitor:
 * for inputs that are small next to what they drive (a calibration's counts, a recorded routing
 * replayed against a request trace). Every row read ends up used or in {@link #rejects}; a row
 * that an earlier file of the input already held is rejected naming both places ({@link CrossFileVisitor}).
 */
public final class RoutingTraceScan {

    private final List<Reject> rejects = new ArrayList<>();
    private final List<FileReadStats> stats = new ArrayList<>();

    private RoutingTraceScan() {}

    /**
     * Reads every file of {@code inputs}, passing valid rows to {@code sink} with layers as shape
     * indexes (0..layers-1), not trace ids.
     *
     * @param maxRejects rejected rows per file beyond which the read fails
     */
    public static RoutingTraceScan read(RoutingInputs inputs, long maxRejects, RoutingVisitor sink) throws IOException {
        return read(inputs, maxRejects, fileIndex -> sink);
    }

    /**
     * As {@link #read(RoutingInputs, long, RoutingVisitor)}, with a sink per file: {@code sinkOfFile}
     * gets the file's index in {@code inputs.files()}, for callers that must say later which file a
     * row came from.
     */
    public static RoutingTraceScan read(RoutingInputs inputs, long maxRejects, IntFunction<RoutingVisitor> sinkOfFile)
            throws IOException {
        RoutingTraceScan scan = new RoutingTraceScan();
        RoutingTraceReader reader = RoutingTraceReader.of(inputs.format());
        FirstSightings sightings = new FirstSightings();
        List<String> names = inputs.files().stream().map(path -> new FlinkTraceFile(path).name()).toList();
        for (int fileIndex = 0; fileIndex < inputs.files().size(); fileIndex++) {
            FlinkTraceFile file = new FlinkTraceFile(inputs.files().get(fileIndex));
            FileCounter counter = new FileCounter(inputs, sinkOfFile.apply(fileIndex), scan.rejects);
            int rejectsBefore = scan.rejects.size();
            ContestedKeys contested = inputs.overlaps().of(fileIndex);
            RoutingVisitor checked = contested.isEmpty() ? counter
                    : new CrossFileVisitor(sightings, names, fileIndex, inputs.shape(), contested, counter);
            long rowsRead = reader.read(file, new ValidatingRoutingVisitor(file.name(), inputs.shape(), checked));
            int rejected = scan.rejects.size() - rejectsBefore;
            if (rejected > maxRejects) {
                throw new IllegalStateException(file.name() + ": " + rejected + " rows rejected, more than the "
                        + maxRejects + " allowed; the first: " + scan.rejects.get(rejectsBefore));
            }
            scan.stats.add(new FileReadStats(file.name(), inputs.format().label(), rowsRead, counter.used,
                    rejected, counter.decisions));
        }
        return scan;
    }

    /**
     * Moves a row counted as used into the rejects: for rows that were valid but that the caller
     * could not use after all (a recorded request missing from some layer), so that rows read
     * still equal rows used plus rows rejected.
     *
     * @param fileIndex the row's file, as passed to the sink
     * @param decisions the token choices the row carried (its k)
     */
    public void leaveOut(int fileIndex, Reject reject, long decisions) {
        FileReadStats was = stats.get(fileIndex);
        stats.set(fileIndex, new FileReadStats(was.file(), was.format(), was.rowsRead(), was.rowsUsed() - 1,
                was.rowsRejected() + 1, was.decisions() - decisions));
        rejects.add(reject);
    }

    public List<Reject> rejects() {
        return List.copyOf(rejects);
    }

    public List<FileReadStats> stats() {
        return List.copyOf(stats);
    }

    /** Counts used rows and forwards them with layer indexes. */
    private static final class FileCounter implements RoutingVisitor {
        private final RoutingInputs inputs;
        private final RoutingVisitor sink;
        private final List<Reject> rejects;
        long used;
        long decisions;

        FileCounter(RoutingInputs inputs, RoutingVisitor sink, List<Reject> rejects) {
            this.inputs = inputs;
            this.sink = sink;
            this.rejects = rejects;
        }

        @Override
        public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts,
                int k, float[] gateWeights, int gates) {
            used++;
            decisions += k;
            sink.decision(row, requestId, tokenIndex, phase, inputs.shape().indexOf(layer), experts, k,
                    gateWeights, gates);
        }

        @Override
        public void load(long row, long startMicros, int layer, int expert, long tokens) {
            used++;
            decisions += tokens;
            sink.load(row, startMicros, inputs.shape().indexOf(layer), expert, tokens);
        }

        @Override
        public void pass(long pass) {
            sink.pass(pass);
        }

        @Override
        public void reject(Reject reject) {
            rejects.add(reject);
        }
    }
}
