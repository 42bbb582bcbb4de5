package io.moereplay.jobs.cli;

import io.moereplay.jobs.generate.ProductionDay;
import io.moereplay.jobs.generate.ProductionDaySpec;
import io.moereplay.jobs.generate.SyntheticTraceFiles;
import io.moereplay.model.synthetic.SyntheticTrace;
import io.moereplay.model.synthetic.SyntheticTraceSpec;
import io.moereplay.model.synthetic.TokenDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay generate}: a seeded synthetic request trace and routing trace. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Writes a seeded synthetic request trace and routing trace.",
        description = "A seeded synthetic request trace (OUT/requests.csv, Azure CSV, request id = row index) and routing trace "
                + "(OUT/routing/part-*.parquet; with --jsonl also OUT/routing-jsonl/part-*.jsonl), with per-layer Zipf "
                + "expert popularity. The same options and seed write byte-identical files. --preset production-day "
                + "writes instead a day of a large deployment: Azure-like bursty arrivals at --requests-per-s for --hours "
                + "(OUT/requests.csv) and SGLang per_pass recorder dumps of every decode pass (OUT/sglang/).")
final class GenerateCommand implements Callable<Integer> {

    /** Options of the synthetic trace that a preset does not take. */
    private static final List<String> SYNTHETIC_ONLY = List.of("--requests", "--mean-interarrival-ms", "--input-tokens",
            "--output-tokens", "--layers", "--experts", "--top-k", "--zipf", "--prefill-tokens-per-request",
            "--decode-tokens-per-request", "--decisions", "--files", "--gate-weights", "--jsonl", "--threads");

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "production-day: a day of a large deployment (see the production-day options) instead of the synthetic trace.")
    String preset;

    @Mixin
    ProductionPresetOptions production;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", converter = OptionValues.OutputFolder.class, description = "Folder to write into (created).")
    Path outDir;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "1000", converter = OptionValues.PositiveInt.class, description = "Requests (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--mean-interarrival-ms", paramLabel = "MS", defaultValue = "1000", converter = OptionValues.PositiveDouble.class,
            description = "Mean gap between arrivals, exponential gaps (Poisson arrivals; default ${DEFAULT-VALUE}).")
    double meanInterarrivalMs;

    @Option(names = "--input-tokens", paramLabel = "DIST", defaultValue = "lognormal:1024:1.0",
            description = "Prompt tokens per request: N, fixed:N, lognormal:MEDIAN[:SIGMA], uniform:MIN:MAX (default ${DEFAULT-VALUE}).")
    String inputTokens;

    @Option(names = "--output-tokens", paramLabel = "DIST", defaultValue = "lognormal:256:1.0",
            description = "Generated tokens per request, same forms (default ${DEFAULT-VALUE}).")
    String outputTokens;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "8", converter = OptionValues.PositiveInt.class, description = "MoE layers 0..L-1 (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--experts", paramLabel = "E", defaultValue = "16", converter = OptionValues.PositiveInt.class, description = "Experts per layer (default ${DEFAULT-VALUE}).")
    int experts;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "2", converter = OptionValues.PositiveInt.class, description = "Experts chosen per token and layer (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--zipf", paramLabel = "S", defaultValue = "1.0", converter = OptionValues.NonNegativeDouble.class,
            description = "Zipf exponent of expert popularity, over a per-layer seeded permutation of experts; 0 = uniform (default ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--prefill-tokens-per-request", paramLabel = "N", defaultValue = "0", converter = OptionValues.NonNegativeInt.class,
            description = "Prompt tokens routed per request, at most its prompt (default ${DEFAULT-VALUE}).")
    int prefillTokens;

    @Option(names = "--decode-tokens-per-request", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "Generated tokens routed per request, at most its output (default: all of them).")
    Integer decodeTokens;

    @Option(names = "--decisions", paramLabel = "D", defaultValue = "0", converter = OptionValues.NonNegativeLong.class,
            description = "Scale the routed tokens down so the trace holds floor(D / (L x K)) tokens, D decisions when it divides (default: no target).")
    long decisions;

    @Option(names = "--files", paramLabel = "F", defaultValue = "1", converter = OptionValues.PositiveInt.class,
            description = "Routing part files, rows grouped by request (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--gate-weights", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write gate weights (gate_weights / gating_probs); --no-gate-weights leaves them out (default: written).")
    boolean gateWeights;

    @Option(names = "--jsonl", description = "Also write the routing trace as token JSONL.")
    boolean jsonl;

    @Option(names = "--start", paramLabel = "TIME", defaultValue = "2024-01-01T00:00:00",
            description = "Wall-clock time (UTC) of the first arrival (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", converter = OptionValues.NonNegativeInt.class,
            description = "Part files written at once; 0 = cores. Does not change the output.")
    int threads;

    @Override
    public Integer call() throws Exception {
        long startMicros = startMicros(start);
        if (preset != null) {
            return productionDay(startMicros);
        }
        refuseMatched(ProductionPresetOptions.NAMES, "is an option of --preset " + ProductionDaySpec.NAME);
        SyntheticTraceSpec spec = new SyntheticTraceSpec(requests, meanInterarrivalMs,
                TokenDistribution.parse(inputTokens), TokenDistribution.parse(outputTokens),
                layers, experts, topK, zipf, prefillTokens,
                decodeTokens == null ? SyntheticTraceSpec.ALL_TOKENS : decodeTokens, decisions, gateWeights, seed);
        long began = System.nanoTime();
        SyntheticTrace trace = SyntheticTrace.generate(spec);
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        SyntheticTraceFiles.Written written = SyntheticTraceFiles.write(
                trace, outDir, files, jsonl, startMicros, workers, options(spec));
        long parquetBytes = written.parquet().stream().mapToLong(SyntheticTraceFiles.Part::bytes).sum();
        System.out.printf("%,d requests -> %s%n", trace.requests().size(), written.requests());
        System.out.printf("%,d routing rows = %,d decisions (%d layers x %d experts, top-%d) -> %d Parquet part(s), %,d bytes, in %s%n",
                trace.rows(), trace.decisions(), layers, experts, topK, written.parquet().size(), parquetBytes,
                outDir.resolve(SyntheticTraceFiles.ROUTING));
        if (!written.jsonl().isEmpty()) {
            System.out.printf("token JSONL -> %s%n", outDir.resolve(SyntheticTraceFiles.ROUTING_JSONL));
        }
        System.out.printf("wrote %s in %.1f s%n", written.summary(), (System.nanoTime() - began) / 1e9);
        return 0;
    }

    private int productionDay(long startMicros) throws Exception {
        if (!ProductionDaySpec.NAME.equals(preset)) {
            throw new IllegalArgumentException("--preset '" + preset + "' is not a preset; the one there is: "
                    + ProductionDaySpec.NAME);
        }
        refuseMatched(SYNTHETIC_ONLY, "does not apply to --preset " + ProductionDaySpec.NAME);
        long began = System.nanoTime();
        ProductionDay.Written written = ProductionDay.write(production.spec(seed), outDir, startMicros);
        System.out.printf("%,d requests -> %s%n", written.requests(), outDir.resolve(ProductionDay.REQUESTS));
        System.out.printf("%,d decode passes (%,d decode tokens) -> %d SGLang per_pass dump(s), %,d bytes, in %s%n",
                written.passes(), written.decodeTokens(), written.files(), written.bytes(),
                outDir.resolve(ProductionDay.SGLANG));
        System.out.printf("wrote %s in %.1f s%n", outDir.resolve(ProductionDay.SUMMARY), (System.nanoTime() - began) / 1e9);
        return 0;
    }

    private void refuseMatched(List<String> names, String why) {
        ParseResult parsed = commandSpec.commandLine().getParseResult();
        for (String name : names) {
            if (parsed.hasMatchedOption(name)) {
                throw new IllegalArgumentException(name + " " + why);
            }
        }
    }

    private Map<String, Object> options(SyntheticTraceSpec spec) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("requests", spec.requests());
        options.put("mean_interarrival_ms", spec.meanInterarrivalMs());
        options.put("input_tokens", spec.inputTokens().spec());
        options.put("output_tokens", spec.outputTokens().spec());
        options.put("layers", spec.layers());
        options.put("experts", spec.experts());
        options.put("top_k", spec.topK());
        options.put("zipf", spec.zipfExponent());
        options.put("prefill_tokens_per_request", spec.prefillTokensPerRequest());
        options.put("decode_tokens_per_request", decodeTokens == null ? "all" : decodeTokens);
        options.put("decisions_target", spec.decisions());
        options.put("files", files);
        options.put("gate_weights", spec.gateWeights());
        options.put("jsonl", jsonl);
        options.put("start", start);
        options.put("seed", spec.seed());
        return options;
    }

    private static long startMicros(String text) {
        try {
            LocalDateTime time = LocalDateTime.parse(text.trim().replace(' ', 'T'));
            return Math.addExact(Math.multiplyExact(time.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
                    time.getNano() / 1_000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("--start '" + text + "' is not a time such as 2024-01-01T00:00:00");
        }
    }
}
