package io.moereplay.connectors.engines;

import io.moereplay.connectors.engines.SafetensorsFile.Tensor;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TensorRT-LLM's expert statistics ({@code EXPERT_STATISTIC_PATH}, {@code
 * EXPERT_STATISTIC_ITER_RANGE=start-stop}), as {@code tensorrt_llm/_torch/expert_statistic.py}
 * writes them (confirmed against NVIDIA/TensorRT-LLM at commits c85e8726 and 0fccc5b9, and the
 * variant whose {@code examples/ep_load_balancer/utils.py} at 9546c992 also loads co-occurrence and
 * per-token files): a folder with rank 0's {@code meta_info.json} and one
 * {@code rank{r}.safetensors} per rank whose tensor {@code "{iter}_{layer}"} is
 * {@code bincount(token_selected_experts, minlength=num_experts)}: the routed choices of that rank's
 * own tokens at that layer in that iteration. The counts are int64 (bincount's type) in the main
 * line and int32 where the writer casts them; any integer dtype is read. Layer ids are the model's
 * layer indexes as the engine numbers them (DeepSeek-R1: 3..60), ranks are summed downstream.
 *
 * <p>A row is one non-zero (iteration, layer, expert) count, numbered from 1 in file order; its
 * reject field is {@code "<key>[<expert>]"}. A tensor whose key is not {@code {iter}_{layer}} is one
 * rejected row. Each iteration's rows follow {@code pass(iter)}; safetensors lays tensors out
 * sorted by name, which keeps an iteration's keys together.
 *
 * <p>The other files of the folder: {@code meta_info.json} reads 0 rows and checks itself (and
 * every rank file beside it is checked against its {@code num_experts}); newer versions'
 * {@code cooccurrence_rank{r}.safetensors} and {@code token_selected_experts_rank{r}.safetensors}
 * hold the same tokens as the rank files again, so each is one rejected row saying it was not
 * counted.
 */
public final class TrtllmExpertStatsReader implements RoutingTraceReader {

    private static final Pattern KEY = Pattern.compile("(\\d{1,18})_(\\d{1,9})");
    private static final String EXPECTED = RoutingFormat.TRTLLM_EXPERT_STATS.expected();

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        TraceFiles.requireNonEmpty(file, EXPECTED);
        return switch (FileRole.of(file)) {
            case META_INFO -> {
                TrtllmMetaInfo.read(file);
                yield 0;
            }
            case NOT_COUNTED -> {
                visitor.reject(new Reject(file.name(), 1, "", FileRole.notCountedReason(file)));
                yield 1;
            }
            case COUNTS -> new CountsEmitter(file, openCounts(file), visitor).emit();
        };
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, EXPECTED);
        if (FileRole.of(file) != FileRole.COUNTS) {
            return Optional.empty();
        }
        SafetensorsFile counts = openCounts(file);
        TreeSet<Integer> layers = new TreeSet<>();
        for (Tensor tensor : counts.tensors()) {
            Matcher key = KEY.matcher(tensor.name());
            if (key.matches()) {
                layers.add(Integer.parseInt(key.group(2)));
            }
        }
        if (layers.isEmpty()) {
            throw new TraceFormatException(file.name(), "no tensor is named {iteration}_{layer}; expected " + EXPECTED);
        }
        int experts = (int) counts.tensors().get(0).shape()[0];
        return Optional.of(TraceShape.ofLayers(layers.stream().mapToInt(Integer::intValue).toArray(), experts));
    }

    /** Opens a rank file and checks that every tensor is one integer count per expert, as the meta file says. */
    private static SafetensorsFile openCounts(TraceFile file) throws IOException {
        SafetensorsFile counts = SafetensorsFile.open(file, EXPECTED);
        if (counts.tensors().isEmpty()) {
            throw new TraceFormatException(file.name(), "holds no tensors (the iteration range was never"
                    + " reached?); expected " + EXPECTED);
        }
        Tensor first = counts.tensors().get(0);
        for (Tensor tensor : counts.tensors()) {
            if (!tensor.dtype().isInteger()) {
                throw new TraceFormatException(file.name(), "tensor " + tensor + " is not integer counts; expected "
                        + EXPECTED + " holding int32 or int64 counts per expert");
            }
            if (tensor.shape().length != 1 || tensor.shape()[0] == 0 || tensor.shape()[0] > Integer.MAX_VALUE) {
                throw new TraceFormatException(file.name(), "tensor " + tensor + " is not one count per expert;"
                        + " expected " + EXPECTED + " with [num_experts] counts per {iteration}_{layer}");
            }
            if (tensor.shape()[0] != first.shape()[0]) {
                throw new TraceFormatException(file.name(), "tensor " + tensor + " counts " + tensor.shape()[0]
                        + " experts but " + first + " counts " + first.shape()[0] + "; every layer has num_experts");
            }
        }
        Optional<TrtllmMetaInfo> meta = TrtllmMetaInfo.beside(file);
        if (meta.isPresent() && meta.get().numExperts() != first.shape()[0]) {
            throw new TraceFormatException(file.name(), "tensors count " + first.shape()[0] + " experts but "
                    + TrtllmMetaInfo.FILE_NAME + " beside it says num_experts " + meta.get().numExperts()
                    + "; the files come from different runs");
        }
        return counts;
    }

    /** Streams one rank file's non-zero counts to the visitor. */
    private static final class CountsEmitter {
        private final TraceFile file;
        private final SafetensorsFile counts;
        private final RoutingVisitor visitor;
        private long rows;
        private long lastIteration = -1;

        CountsEmitter(TraceFile file, SafetensorsFile counts, RoutingVisitor visitor) {
            this.file = file;
            this.counts = counts;
            this.visitor = visitor;
        }

        long emit() throws IOException {
            counts.forEachTensor((tensor, data) -> {
                Matcher key = KEY.matcher(tensor.name());
                if (!key.matches()) {
                    rows++;
                    visitor.reject(new Reject(file.name(), rows, tensor.name(),
                            "tensor key '" + tensor.name() + "' is not {iteration}_{layer}"));
                    return;
                }
                long iteration = Long.parseLong(key.group(1));
                int layer = Integer.parseInt(key.group(2));
                if (iteration != lastIteration) {
                    visitor.pass(iteration);
                    lastIteration = iteration;
                }
                for (int expert = 0; expert < tensor.shape()[0]; expert++) {
                    long tokens = tensor.dtype().integerAt(data, expert);
                    if (tokens == 0) {
                        continue;
                    }
                    rows++;
                    if (tokens < 0) {
                        visitor.reject(new Reject(file.name(), rows, tensor.name() + "[" + expert + "]",
                                "token count " + tokens + " is negative"));
                    } else {
                        visitor.load(rows, RoutingVisitor.UNTIMED, layer, expert, tokens);
                    }
                }
            });
            if (rows == 0) {
                throw new TraceFormatException(file.name(), "every count of its " + counts.tensors().size()
                        + " tensors is zero: the statistic was recorded but counted no token (or this rank"
                        + " served none in the iteration range); leave the file out to go on");
            }
            return rows;
        }
    }

    /** What a file of a TensorRT-LLM statistic folder holds, by the name the engine gives it. */
    private enum FileRole {
        META_INFO, COUNTS, NOT_COUNTED;

        static FileRole of(TraceFile file) {
            String name = baseName(file);
            if (TraceFiles.extension(file).equals("json")) {
                return META_INFO;
            }
            return name.startsWith("cooccurrence_rank") || name.startsWith("token_selected_experts_rank")
                    ? NOT_COUNTED : COUNTS;
        }

        static String notCountedReason(TraceFile file) {
            return baseName(file).startsWith("cooccurrence_rank")
                    ? "expert co-occurrence counts are not read: the rank{r}.safetensors beside it count the"
                            + " same tokens' experts"
                    : "per-token expert choices are not read: the rank{r}.safetensors beside it count the same"
                            + " tokens, and reading both would count every token twice";
        }

        private static String baseName(TraceFile file) {
            String name = file.name();
            return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        }
    }
}
