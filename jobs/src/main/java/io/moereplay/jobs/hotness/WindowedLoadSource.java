package io.moereplay.jobs.hotness;

import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.jobs.input.RequestInput;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.output.RunVersions;
import io.moereplay.model.hotness.WindowLayerCounts;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.Reject;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expert loads per (window, layer) from routing traces, as the hotness and placement jobs read
 * them: the files resolved and their format detected, the optional request trace for arrival
 * times, the window checked against what the inputs can give, and the read stats that reconcile
 * rows after the run.
 */
public final class WindowedLoadSource {

    private final RoutingInputs inputs;
    private final RequestInput requests;
    private final WindowSpec window;

    private WindowedLoadSource(RoutingInputs inputs, RequestInput requests, WindowSpec window) {
        this.inputs = inputs;
        this.requests = requests;
        this.window = window;
    }

    /**
     * @param window the window, or null for the default: 60 s with a request trace, else one
     * @throws IllegalArgumentException naming the file or option that does not fit
     */
    public static WindowedLoadSource resolve(List<String> routing, String routingFormat, Integer layers,
            Integer experts, String requests, String requestsFormat, WindowSpec window) throws IOException {
        WindowSpec checked = window(window, requests != null);
        RoutingInputs inputs = RoutingInputs.resolve(routing, routingFormat, layers, experts);
        RequestInput requestInput = requests == null ? null : RequestInput.read(requests, requestsFormat);
        requireWindowFits(inputs, checked, requests != null);
        return new WindowedLoadSource(inputs, requestInput, checked);
    }

    /** The window a run uses: the given one checked, or the default. */
    public static WindowSpec window(WindowSpec window, boolean hasRequests) {
        if (window == null) {
            return hasRequests ? WindowSpec.parse("60s") : WindowSpec.all();
        }
        if (window.kind() == WindowSpec.Kind.STEPS) {
            throw new IllegalArgumentException("--window " + window + " counts decode steps, which only"
                    + " a replay has; windows over a routing trace are a time (60s), a token count (1000tok),"
                    + " an engine's forward passes (1000pass) or all");
        }
        if (window.kind() != WindowSpec.Kind.TIME && hasRequests) {
            throw new IllegalArgumentException("--requests is given, so windows are by arrival"
                    + " time: --window needs a time length such as 60s, not " + window);
        }
        return window;
    }

    public RoutingInputs inputs() {
        return inputs;
    }

    public WindowSpec window() {
        return window;
    }

    /**
     * Each routing file read whole and aggregated to its per-(window, layer) counts. Rows under keys
     * that two files share ({@link io.moereplay.jobs.input.InputOverlaps}) are counted after a keyed
     * step that keeps the first copy in input order and rejects the others naming both places;
     * without such keys the graph has no such step.
     */
    public DataStream<SplitOutput> splits(StreamExecutionEnvironment env, long maxRejects) {
        RoutingHotnessFormat format = new RoutingHotnessFormat(inputs, window,
                requests == null ? null : requests.arrivals(), maxRejects);
        DataStream<SplitOutput> read = env.fromSource(
                        FileSource.forBulkFileFormat(format, inputs.files().toArray(Path[]::new)).build(),
                        WatermarkStrategy.noWatermarks(), "routing trace")
                .uid("routing-trace-source");
        if (!inputs.overlaps().any()) {
            return read;
        }
        SingleOutputStreamOperator<SplitOutput> direct = read.process(new OverlapRowSplitter())
                .name("set rows of shared keys aside")
                .uid("split-contested-rows");
        // Named as the readers name their splits' files (qualified: file:/...), so both places read alike.
        List<String> names = new ArrayList<>();
        for (Path file : inputs.files()) {
            names.add(qualified(file));
        }
        DataStream<SplitOutput> checked = direct.getSideOutput(OverlapRowSplitter.CONTESTED)
                .keyBy(new OverlapGroupKey())
                .fullWindowPartition()
                .mapPartition(new CrossFileDuplicateFunction(names, inputs.format().label(), inputs.shape(),
                        inputs.format().files() == RoutingFormat.Files.UNIQUE_COUNTS))
                .returns(SplitOutput.class)
                .name("reject duplicates across files")
                .uid("cross-file-duplicates");
        return direct.union(checked);
    }

    private static String qualified(Path file) {
        try {
            return file.makeQualified(file.getFileSystem()).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Contested rows by request (or count interval): every copy of a key meets in one call. */
    static final class OverlapGroupKey implements KeySelector<OverlapRow, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(OverlapRow row) {
            return row.group();
        }
    }

    /** Split outputs to their counts; rejects go to {@link SplitOutputRouter#REJECTS}, stats to its accumulator. */
    public static SingleOutputStreamOperator<WindowLayerCounts> route(DataStream<SplitOutput> splits) {
        return splits.process(new SplitOutputRouter())
                .name("route split outputs")
                .uid("route-split-outputs");
    }

    /** The routing rejects and the request trace's, together. */
    public DataStream<Reject> withRequestRejects(StreamExecutionEnvironment env, DataStream<Reject> rejects) {
        if (requests == null || requests.result().rejects().isEmpty()) {
            return rejects;
        }
        return rejects.union(env.fromData(requests.result().rejects(), TypeInformation.of(Reject.class))
                .name("request trace rejects").uid("request-trace-rejects"));
    }

    /** The run summary: the options, what was read, used and rejected, file by file. */
    public Map<String, Object> summary(JobExecutionResult result, String runId, String command,
            Map<String, Object> config, long start) {
        List<FileReadStats> stats = merged(result.getAccumulatorResult(SplitOutputRouter.READ_STATS));
        if (requests != null) {
            stats.add(requests.stats());
        }
        stats.sort(Comparator.comparing(FileReadStats::file));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run_id", runId);
        summary.put("command", command);
        summary.put("config", config);
        summary.put("shape", Map.of("layers", inputs.shape().layerCount(), "experts", inputs.shape().experts()));
        summary.put("routing_format", inputs.format().label());
        summary.put("inputs", stats);
        summary.put("rows_read", stats.stream().mapToLong(FileReadStats::rowsRead).sum());
        summary.put("rows_used", stats.stream().mapToLong(FileReadStats::rowsUsed).sum());
        summary.put("rows_rejected", stats.stream().mapToLong(FileReadStats::rowsRejected).sum());
        summary.put("decisions", stats.stream().filter(s -> !s.format().startsWith("requests:"))
                .mapToLong(FileReadStats::decisions).sum());
        summary.put("wall_ms", System.currentTimeMillis() - start);
        summary.put("versions", RunVersions.current());
        return summary;
    }

    /** A file's read stats and the cross-file check's corrections to them, as one entry a file. */
    private static List<FileReadStats> merged(List<FileReadStats> entries) {
        Map<String, FileReadStats> byFile = new LinkedHashMap<>();
        for (FileReadStats entry : entries) {
            byFile.merge(entry.file(), entry, (a, b) -> new FileReadStats(a.file(), a.format(),
                    a.rowsRead() + b.rowsRead(), a.rowsUsed() + b.rowsUsed(), a.rowsRejected() + b.rowsRejected(),
                    a.decisions() + b.decisions()));
        }
        return new ArrayList<>(byFile.values());
    }

    /** Which windows each kind of input can be grouped into, by what its rows say about time. */
    private static void requireWindowFits(RoutingInputs inputs, WindowSpec window, boolean hasRequests) {
        String first = inputs.files().get(0).toString();
        WindowSpec.Kind kind = window.kind();
        switch (inputs.format().clock()) {
            case NONE -> {
                if (kind != WindowSpec.Kind.ALL) {
                    throw new IllegalArgumentException(first + ": load-count traces carry no arrival times or"
                            + " token order; use --window all");
                }
            }
            case WINDOW_START -> {
                if (kind == WindowSpec.Kind.TOKENS || kind == WindowSpec.Kind.PASSES || hasRequests) {
                    throw new IllegalArgumentException(first + ": expert_load rows carry their replay window's start"
                            + " time; use a time window (--window 60s) or all, without --requests");
                }
            }
            case PASSES -> {
                if (!(kind == WindowSpec.Kind.PASSES || kind == WindowSpec.Kind.ALL) || hasRequests) {
                    throw new IllegalArgumentException(first + ": " + inputs.format() + " counts experts per"
                            + " forward pass of the engine, not per request; use a pass window (--window 1000pass)"
                            + " or all, without --requests");
                }
            }
            case TOKENS -> {
                if (kind == WindowSpec.Kind.PASSES) {
                    throw new IllegalArgumentException("--window " + window + " counts an engine's forward passes,"
                            + " which " + inputs.format() + " traces do not record; use a time window with"
                            + " --requests, a token window such as 1000tok, or all");
                }
                if (kind == WindowSpec.Kind.TIME && !hasRequests) {
                    throw new IllegalArgumentException("--window " + window + " groups by request arrival"
                            + " time and needs --requests; without a request trace use a token window"
                            + " such as 1000tok, or all");
                }
            }
        }
    }
}
