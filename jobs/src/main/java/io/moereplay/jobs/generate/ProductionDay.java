package io.moereplay.jobs.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.replay.ReplayInputs;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.routing.DecodeStep;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.synthetic.SplitMix64;
import io.moereplay.model.trace.Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code generate --preset production-day}: a production day of a large MoE deployment.
 * <pre>
 * OUT/requests.csv        Azure-style request trace: bursty arrivals ({@link BurstyArrivals}) at the
 *                         chosen rate, lengths as the Azure conversation trace ({@link AzureConversationLengths})
 * OUT/sglang/expert_distribution_recorder_{first pass's time}_0.pt
 *                         SGLang per_pass recorder dumps: every decode pass's [decoder layers x experts]
 *                         counts, {@code passesPerFile} passes a file
 * OUT/_generate.json      the options, the fit and what was written
 * </pre>
 * The passes are the decode steps of {@code replay}'s continuous batching of those requests at
 * {@code maxBatch} and {@code stepMicros}, routed by {@code replay}'s synthetic model calibrated to
 * {@code calibrate} with {@code drift} and the same seed: a replay of {@code requests.csv} with the
 * same options gives the same loads per layer as the dumps hold. Dense decoder layers (DeepSeek's
 * first three) are rows of zeros, as SGLang's recorder writes them.
 */
public final class ProductionDay {

    public static final String REQUESTS = "requests.csv";
    public static final String SGLANG = "sglang";
    public static final String SUMMARY = "_generate.json";
    private static final long ARRIVAL_STREAM = 101;
    private static final long LENGTH_STREAM = 102;

    private ProductionDay() {}

    /** What was written. */
    public record Written(int requests, long passes, long decodeTokens, int files, long bytes) {}

    public static Written write(ProductionDaySpec spec, Path out, long startMicros) throws IOException {
        Files.createDirectories(out);
        Path requestsFile = out.resolve(REQUESTS);
        List<Request> requests = requests(spec);
        AzureCsvRequestWriter.write(requests, startMicros, requestsFile);
        ReplayInputs inputs = ReplayInputs.read(replayConfig(spec, requestsFile, out));
        Path dumps = out.resolve(SGLANG);
        clear(dumps);
        PassWriter passes = new PassWriter(inputs.model(), inputs.routing().create(inputs.requests()), dumps,
                spec.passesPerFile());
        long decodeTokens = inputs.batching().run(inputs.requests(), passes::accept).decodeTokens();
        passes.close();
        Written written = new Written(requests.size(), passes.passes, decodeTokens, passes.files, passes.bytes);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve(SUMMARY).toFile(), summary(spec, inputs, written));
        return written;
    }

    /** The day's requests, ids in arrival order. */
    static List<Request> requests(ProductionDaySpec spec) {
        long[] arrivals = BurstyArrivals.draw(spec.requestsPerSecond(), spec.seconds(),
                SplitMix64.stream(spec.seed(), ARRIVAL_STREAM, 0));
        SplitMix64 lengths = SplitMix64.stream(spec.seed(), LENGTH_STREAM, 0);
        List<Request> requests = new ArrayList<>(arrivals.length);
        for (int i = 0; i < arrivals.length; i++) {
            int prompt = AzureConversationLengths.prompt(lengths);
            requests.add(new Request(i, arrivals[i], prompt, AzureConversationLengths.output(lengths)));
        }
        return requests;
    }

    /** The replay whose schedule and routing the dumps record. */
    static ReplayConfig replayConfig(ProductionDaySpec spec, Path requestsFile, Path out) {
        return new ReplayConfig(requestsFile.toString(), null, ModelChoice.named(spec.model()), ReplayConfig.SYNTHETIC,
                List.of(), spec.calibrate(), null, null, null, null, "zipf", spec.drift(), spec.seed(), spec.maxBatch(),
                spec.stepMicros(), WindowSpec.parse("all"), out.toString(), 1, null, 0);
    }

    private static void clear(Path dumps) throws IOException {
        Files.createDirectories(dumps);
        // Dumps of an earlier, longer day would otherwise be read as part of this one.
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dumps, "expert_distribution_recorder_*.pt")) {
            for (Path file : stale) {
                Files.delete(file);
            }
        }
    }

    /** Routes each decode step through every MoE layer and appends it to the open dump. */
    private static final class PassWriter implements AutoCloseable {
        private final int experts;
        private final MoeModelSpec model;
        private final LayerRouter[] routers;
        private final int[] layerCounts;
        private final int[] pass;
        private final Path dir;
        private final int passesPerFile;
        private final int decoderLayers;
        private SglangPerPassDump dump;
        private Path file;
        private long passes;
        private int files;
        private long bytes;

        PassWriter(MoeModelSpec model, RoutingModel routing, Path dir, int passesPerFile) {
            this.experts = model.routedExperts();
            this.model = model;
            this.decoderLayers = model.layers();
            this.routers = new LayerRouter[model.moeLayers()];
            for (int layer = 0; layer < routers.length; layer++) {
                routers[layer] = routing.layer(layer);
            }
            this.layerCounts = new int[experts];
            this.pass = new int[decoderLayers * experts];
            this.dir = dir;
            this.passesPerFile = passesPerFile;
        }

        void accept(DecodeStep step) {
            try {
                if (dump == null || dump.passes() == passesPerFile) {
                    close();
                    // Steps are on the request trace's clock (epoch micros); SGLang names a dump by
                    // its wall-clock time in seconds (time.time()) and its rank.
                    file = dir.resolve(String.format(Locale.ROOT, "expert_distribution_recorder_%.2f_0.pt",
                            step.startMicros() / 1e6));
                    dump = new SglangPerPassDump(file, decoderLayers, experts, 0);
                }
                // SGLang's rows are decoder layers; the dense ones stay 0.
                for (int layer = 0; layer < routers.length; layer++) {
                    routers[layer].route(step, layerCounts);
                    System.arraycopy(layerCounts, 0, pass, model.blockOfMoeLayer(layer) * experts, experts);
                }
                dump.pass(step.index(), pass);
                passes++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (dump != null) {
                dump.close();
                files++;
                bytes += Files.size(file);
                dump = null;
            }
        }
    }

    private static Map<String, Object> summary(ProductionDaySpec spec, ReplayInputs inputs, Written written) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "generate");
        summary.put("options", spec.asMap());
        summary.put("arrivals", Map.of("process", "Poisson, rate modulated per " + BurstyArrivals.PERIOD_S
                + " s by a lognormal AR(1) factor of mean 1", "sigma", BurstyArrivals.SIGMA, "rho", BurstyArrivals.RHO));
        summary.put("prompt_tokens", Map.of("median", AzureConversationLengths.PROMPT_MEDIAN,
                "sigma", AzureConversationLengths.PROMPT_SIGMA, "min", AzureConversationLengths.PROMPT_MIN,
                "max", AzureConversationLengths.PROMPT_MAX));
        summary.put("output_tokens", Map.of("median", AzureConversationLengths.OUTPUT_MEDIAN,
                "sigma", AzureConversationLengths.OUTPUT_SIGMA, "min", AzureConversationLengths.OUTPUT_MIN,
                "max", AzureConversationLengths.OUTPUT_MAX));
        summary.put("requests", written.requests());
        summary.put("schedule", inputs.schedule());
        summary.put("routing_model", inputs.routingSummary());
        summary.put("passes", written.passes());
        summary.put("decode_tokens", written.decodeTokens());
        summary.put("routed_tokens_per_layer", written.decodeTokens() * inputs.model().topK());
        summary.put("sglang_files", written.files());
        summary.put("sglang_bytes", written.bytes());
        return summary;
    }
}
