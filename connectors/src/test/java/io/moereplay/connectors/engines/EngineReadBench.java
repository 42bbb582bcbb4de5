package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.connectors.routing.ValidatingRoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Benchmark (not a test) of every engine-dump reader's speed, in rows per second on one thread, on
 * generated inputs the size of a real recording ({@link EngineBenchInputs}). For each format: the
 * input is written once, then read for 2 s of warm-up (at least one round) and in 5 timed rounds, of
 * which the best is printed (every round's time goes to stderr); first by the reader alone into a visitor that only counts, then, where the format
 * declares its shape, through the {@link ValidatingRoutingVisitor} the jobs read with. Every round
 * checks that the visitor saw as many rows as the reader says it read, so that the JIT cannot drop
 * the work and a broken reader fails rather than printing a fast figure; a reject fails it too, as
 * the inputs are valid and the reject path is not what is measured.
 *
 * <p>Run with {@code bench/engine-read-bench}, or {@code java -cp <test classpath>
 * io.moereplay.connectors.engines.EngineReadBench [--quick] [DIR]}: {@code --quick} writes a tenth of
 * each input and reads it once to warm up and once timed; DIR keeps the inputs (default: a temporary folder, deleted after).
 */
public final class EngineReadBench {

    private static final String ROW = "%-22s %9s %12s %10s %12s %10s %12s%n";

    /** One format: its reader and the generator of its input. */
    private record Case(String format, RoutingTraceReader reader, Input input) {}

    /** Writes one input file and returns its path. */
    @FunctionalInterface
    private interface Input {
        Path write() throws Exception;
    }

    /**
     * How long each input is read: warm-up rounds, at least one and until {@code warmUpSeconds} have
     * passed (a read of 0.1 s takes several before the JIT has settled), then {@code timed} rounds.
     */
    private record Rounds(double warmUpSeconds, int timed) {}

    /** The best of the timed rounds. */
    private record Timing(long rows, double bestSeconds) {
        double rowsPerSecond() {
            return rows / bestSeconds;
        }
    }

    private EngineReadBench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        List<String> folders = new ArrayList<>(List.of(args));
        folders.remove("--quick");
        if (folders.size() > 1 || folders.stream().anyMatch(arg -> arg.startsWith("-"))) {
            throw new IllegalArgumentException("arguments " + List.of(args) + "; expected [--quick] [DIR]");
        }
        boolean keep = !folders.isEmpty();
        Path dir = keep ? Files.createDirectories(Path.of(folders.get(0))) : Files.createTempDirectory("engine-read-bench");
        Rounds rounds = quick ? new Rounds(0, 1) : new Rounds(2, 5);
        EngineBenchInputs inputs = new EngineBenchInputs(dir, quick ? 10 : 1);
        List<Case> cases = List.of(
                new Case("sglang-stat", new SglangStatReader(), inputs::sglangStat),
                new Case("sglang-per-pass", new SglangPerPassReader(), inputs::sglangPerPass),
                new Case("routed-experts-vllm", new RoutedExpertsJsonlReader(), inputs::vllmRoutedExperts),
                new Case("routed-experts-sglang", new RoutedExpertsJsonlReader(), inputs::sglangRoutedExperts),
                new Case("trtllm-expert-stats", new TrtllmExpertStatsReader(), inputs::trtllm),
                new Case("megatron-router-trace", new MegatronRouterTraceReader(), inputs::megatron),
                new Case("vllm-eplb-stats", new VllmEplbStatsReader(), inputs::vllmEplb));

        System.out.printf(Locale.ROOT, "engine readers on one thread, best of %d timed rounds after %.0f s of warm-up,"
                + " inputs in %s%n", rounds.timed(), rounds.warmUpSeconds(), dir);
        System.out.printf(Locale.ROOT, ROW, "format", "input_MB", "rows", "bare_s", "bare_rows/s", "valid_s",
                "valid_rows/s");
        for (Case bench : cases) {
            run(bench, rounds, keep);
        }
        if (!keep) {
            Files.delete(dir);
        }
    }

    /** Writes the case's input, times it bare and validated, prints one row, and deletes the input unless kept. */
    private static void run(Case bench, Rounds rounds, boolean keep) throws Exception {
        long start = System.nanoTime();
        Path file = bench.input().write();
        double megabytes = Files.size(file) / 1e6;
        System.err.printf(Locale.ROOT, "== %s: wrote %.1f MB in %.1f s%n", bench.format(), megabytes,
                (System.nanoTime() - start) / 1e9);
        TraceFile trace = new LocalTraceFile(file);
        Timing bare = time(bench, trace, rounds, Optional.empty());
        Optional<TraceShape> shape = bench.reader().declaredShape(trace);
        Optional<Timing> validated = shape.isEmpty() ? Optional.empty() : Optional.of(time(bench, trace, rounds, shape));
        System.out.printf(Locale.ROOT, ROW, bench.format(), String.format(Locale.ROOT, "%.1f", megabytes),
                String.format(Locale.ROOT, "%,d", bare.rows()), seconds(Optional.of(bare)), rate(Optional.of(bare)),
                seconds(validated), rate(validated));
        if (!keep) {
            Files.delete(file);
        }
    }

    /** Reads the file for the warm-up, then times each round; prints every round's time to stderr. */
    private static Timing time(Case bench, TraceFile trace, Rounds rounds, Optional<TraceShape> validatedAgainst)
            throws Exception {
        String label = bench.format() + (validatedAgainst.isPresent() ? " validated" : " bare");
        int warmUps = 0;
        long warmUpStart = System.nanoTime();
        do {
            read(bench, trace, validatedAgainst, label);
            warmUps++;
        } while (System.nanoTime() - warmUpStart < rounds.warmUpSeconds() * 1e9);
        StringBuilder times = new StringBuilder();
        long rows = 0;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < rounds.timed(); round++) {
            long start = System.nanoTime();
            rows = read(bench, trace, validatedAgainst, label);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            times.append(String.format(Locale.ROOT, " %.3f", seconds));
        }
        System.err.printf(Locale.ROOT, "== %s: %d warm-up rounds, then%s s%n", label, warmUps, times);
        return new Timing(rows, best);
    }

    /**
     * Reads the whole file once into a fresh {@link Counter}, through a {@link ValidatingRoutingVisitor}
     * when a shape is given.
     *
     * @return the rows read
     * @throws IllegalStateException when no rows were read, the counter did not see every row read
     *     once, or it saw a reject
     */
    private static long read(Case bench, TraceFile trace, Optional<TraceShape> validatedAgainst, String label)
            throws Exception {
        Counter counter = new Counter();
        RoutingVisitor visitor = validatedAgainst.isEmpty() ? counter
                : new ValidatingRoutingVisitor(trace.name(), validatedAgainst.get(), counter);
        long rows = bench.reader().read(trace, visitor);
        if (rows == 0 || rows != counter.rows || counter.rejects > 0) {
            throw new IllegalStateException(label + ": the reader read " + rows + " rows, the visitor saw "
                    + counter.rows + " of which " + counter.rejects + " rejected (first: " + counter.firstReject
                    + "); expected every row once and no rejects");
        }
        return rows;
    }

    private static String seconds(Optional<Timing> timing) {
        return timing.map(t -> String.format(Locale.ROOT, "%.3f", t.bestSeconds())).orElse("-");
    }

    private static String rate(Optional<Timing> timing) {
        return timing.map(t -> String.format(Locale.ROOT, "%,.0f", t.rowsPerSecond())).orElse("-");
    }

    /** Counts the rows that arrive, and the rejects among them, and does nothing else. */
    private static final class Counter implements RoutingVisitor {
        long rows;
        long rejects;
        Reject firstReject;

        @Override
        public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
                float[] gateWeights, int gates) {
            rows++;
        }

        @Override
        public void load(long row, long startMicros, int layer, int expert, long tokens) {
            rows++;
        }

        @Override
        public void reject(Reject reject) {
            rows++;
            if (rejects++ == 0) {
                firstReject = reject;
            }
        }
    }
}
