package io.moereplay.jobs.bench;

import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.requests.RequestFormat;
import io.moereplay.connectors.requests.RequestTraceReader;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.jobs.hotness.RoutingHotnessFormat;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.hotness.SplitOutput;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.trace.RequestArrivals;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scan half of {@code bench/hotness-bench} (a benchmark, not a test): runs the hotness job's
 * per-file reader ({@link RoutingHotnessFormat}: Parquet reader, validation, windowed counting)
 * over a routing trace with N threads taking files as Flink's source slots do, without the
 * MiniCluster around it. The first pass runs on a cold JIT, as a job's first files do. Prints one
 * line per pass, then {@code first_ms=... best_ms=...}.
 *
 * <p>Usage: {@code HotnessScanBench ROUTING_DIR REQUESTS_CSV THREADS PASSES}.
 */
public final class HotnessScanBench {

    private HotnessScanBench() {}

    public static void main(String[] args) throws Exception {
        String routing = args[0];
        String requests = args[1];
        int threads = Integer.parseInt(args[2]);
        int passes = Integer.parseInt(args[3]);
        WindowSpec window = WindowSpec.parse("60s");
        HotnessConfig config = new HotnessConfig(List.of(routing), null, requests, null, window,
                "/nonexistent", threads, HotnessConfig.DEFAULT_HOT_THRESHOLD, null, null, "bench",
                HotnessConfig.DEFAULT_MAX_REJECTS);
        RoutingInputs inputs = RoutingInputs.resolve(config.routing(), config.routingFormat(), config.layers(), config.experts());
        RequestArrivals arrivals = RequestArrivals.of(RequestTraceReader.of(RequestFormat.AZURE_CSV)
                .read(new FlinkTraceFile(new Path(requests))).requests());
        RoutingHotnessFormat format = new RoutingHotnessFormat(inputs, window, arrivals, config.maxRejects());

        long first = 0;
        long best = Long.MAX_VALUE;
        for (int pass = 1; pass <= passes; pass++) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger next = new AtomicInteger();
            long began = System.nanoTime();
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long decisions = 0;
                    for (int f; (f = next.getAndIncrement()) < inputs.files().size(); ) {
                        decisions += scan(format, inputs.files().get(f), inputs.sizes().get(f));
                    }
                    return decisions;
                }));
            }
            long decisions = 0;
            for (Future<Long> worker : workers) {
                decisions += worker.get();
            }
            long nanos = System.nanoTime() - began;
            pool.shutdown();
            System.out.printf("pass=%d scan_ms=%d decisions=%d decisions_per_s=%.0f%n",
                    pass, nanos / 1_000_000, decisions, decisions / (nanos / 1e9));
            first = pass == 1 ? nanos / 1_000_000 : first;
            best = Math.min(best, nanos / 1_000_000);
        }
        System.out.printf("first_ms=%d best_ms=%d%n", first, best);
    }

    /** Reads one file as the job's source does; returns the decisions its read stats report. */
    private static long scan(RoutingHotnessFormat format, Path file, long size) throws Exception {
        FileSourceSplit split = new FileSourceSplit(file.getName(), file, 0, size, 0, size);
        BulkFormat.Reader<SplitOutput> reader = format.createReader(new Configuration(), split);
        long decisions = 0;
        BulkFormat.RecordIterator<SplitOutput> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<SplitOutput> item;
            while ((item = batch.next()) != null) {
                if (item.getRecord().stats() != null) {
                    decisions += item.getRecord().stats().decisions();
                }
            }
            batch.releaseBatch();
        }
        reader.close();
        return decisions;
    }
}
