package io.moereplay.jobs.hotness;

import io.moereplay.connectors.routing.ContestedKeys;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.hotness.WindowedLoadCounter;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RequestArrivals;
import io.moereplay.model.trace.TraceShape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Counts one file's validated decisions into dense per-window, per-layer arrays, keeps its
 * rejects, and logs progress on long files. Decisions are windowed by their request's arrival
 * (time windows), by token position in the file (token windows: the ordinal advances whenever
 * the (request, token) pair changes from the previous row) or by the engine's forward pass that
 * counted them (pass windows). Rows under a key another file may also hold ({@link ContestedKeys})
 * are windowed but not counted here: they go on as {@link OverlapRow}s to the cross-file check, in
 * chunks as they are read.
 */
final class HotnessSplitCounter implements RoutingVisitor {

    private static final Logger LOG = LoggerFactory.getLogger(HotnessSplitCounter.class);
    private static final long PROGRESS_EVERY_ROWS = 1 << 22;
    private static final int SPILL_ROWS = 1 << 14;

    private final String file;
    private final TraceShape shape;
    private final WindowSpec window;
    private final RequestArrivals arrivals;
    private final long maxRejects;
    private final WindowedLoadCounter counter;
    private final List<Reject> rejects = new ArrayList<>();
    private final int fileIndex;
    private final ContestedKeys contested;
    private final Consumer<List<SplitOutput>> spill;
    private List<SplitOutput> overlaps = new ArrayList<>();
    private long lastGroup = Long.MIN_VALUE;
    private boolean lastContested;
    private final long startNanos = System.nanoTime();
    private long used;
    private long decisions;
    private long tokenOrdinal = -1;
    private long lastRequest = Long.MIN_VALUE;
    private int lastToken = Integer.MIN_VALUE;
    private long arrivalRequest = Long.MIN_VALUE;
    private long arrivalMicros;
    private long currentPass;

    /**
     * @param fileIndex the file's index in the input
     * @param contested the keys of the file that another file may also hold
     * @param spill receives the rows under those keys in chunks, as they are read
     */
    HotnessSplitCounter(String file, int fileIndex, ContestedKeys contested, Consumer<List<SplitOutput>> spill,
            TraceShape shape, WindowSpec window, RequestArrivals arrivals, long maxRejects) {
        this.file = file;
        this.fileIndex = fileIndex;
        this.contested = contested;
        this.spill = spill;
        this.shape = shape;
        this.window = window;
        this.arrivals = arrivals;
        this.maxRejects = maxRejects;
        this.counter = new WindowedLoadCounter(shape);
    }

    @Override
    public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer,
            int[] experts, int k, float[] gateWeights, int gates) {
        long arrival = 0;
        if (window.kind() == WindowSpec.Kind.TIME) {
            // Rows come grouped by request: look the arrival up once per run of a request's rows.
            if (requestId != arrivalRequest) {
                arrivalRequest = requestId;
                arrivalMicros = arrivals.arrivalMicros(requestId);
            }
            arrival = arrivalMicros;
            if (arrival < 0) {
                reject(new Reject(file, row, "request_id",
                        "request id " + requestId + " is not in the request trace"));
                return;
            }
        }
        if (requestId != lastRequest || tokenIndex != lastToken) {
            tokenOrdinal++;
            lastRequest = requestId;
            lastToken = tokenIndex;
        }
        long ordinal = window.kind() == WindowSpec.Kind.PASSES ? currentPass : tokenOrdinal;
        if (isContested(requestId)) {
            contested(new OverlapRow(requestId, tokenIndex, layer, Arrays.copyOf(experts, k), 0,
                    window.windowOf(arrival, ordinal), fileIndex, row));
        } else {
            counter.addChoices(window.windowOf(arrival, ordinal), shape.indexOf(layer), experts, k);
        }
        decisions += k;
        countUsed();
    }

    @Override
    public void load(long row, long startMicros, int layer, int expert, long tokens) {
        // Whole-trace counts and expert_load rows in one window are window 0; timed rows fall in the
        // time window of their start, engine counts in their pass's (the job allows no other combination).
        long at = switch (window.kind()) {
            case TIME -> window.windowOf(startMicros, 0);
            case PASSES -> window.windowOf(0, currentPass);
            default -> 0;
        };
        if (isContested(startMicros)) {
            contested(new OverlapRow(startMicros, 0, layer, new int[] {expert}, tokens, at, fileIndex, row));
        } else {
            counter.add(at, shape.indexOf(layer), expert, tokens);
        }
        decisions += tokens;
        countUsed();
    }

    @Override
    public boolean needsGateWeights() {
        return false; // counts experts only
    }

    @Override
    public void pass(long pass) {
        currentPass = pass;
    }

    @Override
    public void reject(Reject reject) {
        rejects.add(reject);
        if (rejects.size() > maxRejects) {
            throw new IllegalStateException(file + ": more than " + maxRejects
                    + " rows rejected (raise --max-rejects if that is expected); the first: "
                    + rejects.get(0));
        }
        logProgress();
    }

    private void contested(OverlapRow row) {
        overlaps.add(SplitOutput.of(row));
        if (overlaps.size() == SPILL_ROWS) {
            spill.accept(overlaps);
            overlaps = new ArrayList<>();
        }
    }

    // Rows come grouped by request (or interval): one range lookup per run of a group's rows.
    private boolean isContested(long group) {
        if (group != lastGroup) {
            lastGroup = group;
            lastContested = contested.contains(group);
        }
        return lastContested;
    }

    /** Everything the file produced: counts, contested rows, rejects, then its read stats. */
    List<SplitOutput> finish(String format, long rowsRead) {
        List<SplitOutput> out = new ArrayList<>();
        counter.drain().forEach(c -> out.add(SplitOutput.of(c)));
        out.addAll(overlaps);
        rejects.forEach(r -> out.add(SplitOutput.of(r)));
        out.add(SplitOutput.of(new FileReadStats(file, format, rowsRead, used, rejects.size(), decisions)));
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        LOG.info("{}: {} rows read, {} used, {} rejected, {} decisions in {} s ({} rows/s)", file,
                rowsRead, used, rejects.size(), decisions, String.format("%.1f", seconds),
                String.format("%.0f", rowsRead / Math.max(seconds, 1e-9)));
        return out;
    }

    private void countUsed() {
        used++;
        logProgress();
    }

    private void logProgress() {
        long rows = used + rejects.size();
        if ((rows & (PROGRESS_EVERY_ROWS - 1)) == 0) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            LOG.info("{}: {} rows so far ({} rows/s)", file, rows,
                    String.format("%.0f", rows / Math.max(seconds, 1e-9)));
        }
    }
}
