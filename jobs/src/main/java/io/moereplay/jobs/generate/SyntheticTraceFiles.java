package io.moereplay.jobs.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.moereplay.model.synthetic.SyntheticTrace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a {@link SyntheticTrace} as files a hotness run reads directly:
 * <pre>
 * OUT/requests.csv                  Azure-style request trace, ids = row index
 * OUT/routing/part-NNNNN.parquet    canonical routing Parquet, whole requests per part
 * OUT/routing-jsonl/part-NNNNN.jsonl the same rows as token JSONL (optional)
 * OUT/_generate.json                the options and what was written
 * </pre>
 * Parts are written in parallel; each request's rows come from its own random streams, so the
 * bytes do not depend on the thread count.
 */
public final class SyntheticTraceFiles {

    public static final String REQUESTS = "requests.csv";
    public static final String ROUTING = "routing";
    public static final String ROUTING_JSONL = "routing-jsonl";
    public static final String SUMMARY = "_generate.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SyntheticTraceFiles() {}

    /** One written part file. */
    public record Part(Path file, int fromRequest, int toRequest, long rows, long bytes) {}

    /** What was written. */
    public record Written(Path requests, List<Part> parquet, List<Part> jsonl, Path summary) {}

    /**
     * @param startMicros wall-clock time of the first arrival, microseconds since the epoch (UTC)
     * @param options the options as given, recorded in {@value #SUMMARY}
     */
    public static Written write(SyntheticTrace trace, Path out, int files, boolean jsonl,
            long startMicros, int threads, Map<String, Object> options) throws IOException {
        int[] bounds = trace.split(files);
        Files.createDirectories(out);
        Path requests = out.resolve(REQUESTS);
        AzureCsvRequestWriter.write(trace.requests(), startMicros, requests);
        List<Part> parquet = writeParts(trace, bounds, out.resolve(ROUTING), ".parquet", threads);
        List<Part> jsonlParts = jsonl
                ? writeParts(trace, bounds, out.resolve(ROUTING_JSONL), ".jsonl", threads)
                : List.of();
        Path summary = out.resolve(SUMMARY);
        JSON.writeValue(summary.toFile(), summary(trace, out, options, parquet, jsonlParts));
        return new Written(requests, parquet, jsonlParts, summary);
    }

    private static List<Part> writeParts(SyntheticTrace trace, int[] bounds, Path dir, String suffix,
            int threads) throws IOException {
        Files.createDirectories(dir);
        // Parts of an earlier, larger run would otherwise be read as part of this one.
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "part-*" + suffix)) {
            for (Path file : stale) {
                Files.delete(file);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Part>> parts = new ArrayList<>();
            for (int f = 0; f + 1 < bounds.length; f++) {
                Path file = dir.resolve(String.format("part-%05d%s", f, suffix));
                int from = bounds[f];
                int to = bounds[f + 1];
                parts.add(pool.submit(() -> writePart(trace, file, from, to)));
            }
            List<Part> written = new ArrayList<>();
            for (Future<Part> part : parts) {
                written.add(part.get());
            }
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + dir, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("writing " + dir + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Part writePart(SyntheticTrace trace, Path file, int from, int to) throws IOException {
        if (file.toString().endsWith(".parquet")) {
            try (RoutingParquetPart part = new RoutingParquetPart(file, trace.shape())) {
                trace.route(from, to, part);
            }
        } else {
            try (TokenJsonlPart part = new TokenJsonlPart(file)) {
                trace.route(from, to, part);
            }
        }
        return new Part(file, from, to, trace.rows(from, to), Files.size(file));
    }

    private static Map<String, Object> summary(SyntheticTrace trace, Path out, Map<String, Object> options,
            List<Part> parquet, List<Part> jsonl) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "generate");
        summary.put("options", options);
        summary.put("requests", trace.requests().size());
        summary.put("routing_rows", trace.rows());
        summary.put("decisions", trace.decisions());
        summary.put("layers", trace.spec().layers());
        summary.put("experts", trace.spec().experts());
        summary.put("top_k", trace.spec().topK());
        summary.put("request_file", ordered("path", REQUESTS, "bytes", Files.size(out.resolve(REQUESTS))));
        summary.put("routing_parquet", describe(out, parquet));
        if (!jsonl.isEmpty()) {
            summary.put("routing_jsonl", describe(out, jsonl));
        }
        List<Object> hottest = new ArrayList<>();
        for (int layer = 0; layer < trace.spec().layers(); layer++) {
            int expert = trace.router().expertOfRank(layer, 0);
            hottest.add(ordered("layer", layer, "expert", expert,
                    "first_choice_share", trace.router().share(layer, expert)));
        }
        summary.put("hottest_expert_per_layer", hottest);
        return summary;
    }

    /** A map in the given key order (Map.of's order varies between runs, and the summary must not). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<Object> describe(Path out, List<Part> parts) {
        List<Object> rows = new ArrayList<>();
        for (Part part : parts) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", out.relativize(part.file()).toString());
            row.put("requests", List.of(part.fromRequest(), part.toRequest()));
            row.put("rows", part.rows());
            row.put("bytes", part.bytes());
            rows.add(row);
        }
        return rows;
    }
}
