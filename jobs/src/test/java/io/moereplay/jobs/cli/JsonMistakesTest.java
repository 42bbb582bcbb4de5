package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.io.json.JsonInputException;
import io.moereplay.jobs.cost.CostCandidates;
import io.moereplay.jobs.nightly.NightlyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Mistakes users make in the JSON files they write (nightly configuration, cost candidates and
 * search, hardware and models catalogs): each fails as the file is loaded, before any work, with
 * one message naming the file, the line, the key's path, what is wrong and the fix.
 */
class JsonMistakesTest {

    /**
     * One mistake: the file kind, its name and content, and the message after the file's path; a
     * message ending in {@code *} is the start of one whose rest another part of moe-replay words
     * (a deployment spec's syntax, the catalog's names).
     */
    record Mistake(String kind, String name, String content, String message) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private static final String GPU = """
            {"name": "MyGPU", "source": "vendor sheet", "bf16Tflops": 900, "hbmGBs": 3000, "memoryGB": 80,
             "nvlinkGBs": 450, "nicGbps": 400, "usdPerHour": 2.5, "watts": 700}""";
    private static final String MODEL = """
            {"name": "Tiny-MoE", "source": "made up", "layers": 4, "moeLayers": 4, "hiddenSize": 64,
             "expertIntermediateSize": 128, "denseIntermediateSize": 0, "routedExperts": 8, "topK": 2,
             "sharedExperts": 0, "heads": 4, "kvHeads": 2, "headDim": 16, "mla": null, "vocabSize": 1000,
             "tiedEmbeddings": false, "bytesPerParam": 2, "gatedFfn": true}""";
    private static final String MLA = "\"mla\": {\"qLoraRank\": 0, \"kvLoraRank\": 8, \"qkNopeHeadDim\": 8,"
            + " \"qkRopeHeadDim\": 8, \"vHeadDim\": 8}";

    private static String nightly(String rest) {
        return "{\"requests\": \"requests.csv\", \"model\": \"Mixtral-8x7B\",\n" + rest + "}";
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                // nightly configuration: misspelt keys at each level
                new Mistake("nightly", "deployment.json", nightly("\"deployment\": [\"colocated:gpu=H100-SXM,gpus=8\"]"),
                        " line 2: unknown key \"deployment\" in $; did you mean \"deployments\"? (known: requests, model,"
                                + " model_config, routing, routing_window, calibrate, popularity, drift, window,"
                                + " deployments, straggler_rows, placement, cost)"),
                new Mistake("nightly", "slot.json", nightly("\"placement\": {\"gpus\": 4,\n \"redundant_slot\": 4}"),
                        " line 3: unknown key \"redundant_slot\" in $.placement; did you mean \"redundant_slots\"? (known:"
                                + " gpus, nodes, redundant_slots, groups, dispatch, policies, move_budget, look_back,"
                                + " horizon, intervals, batch, context, gpu, emit)"),
                new Mistake("nightly", "slo.json", nightly("\"cost\": {\"candidates\": [\"colocated:gpu=H100-SXM,gpus=8,"
                        + "batch=64\"], \"slo_tbt_percent\": 99}"),
                        " line 2: unknown key \"slo_tbt_percent\" in $.cost; did you mean \"slo_tbt_percentile\"? (known:"
                                + " candidates, search, slo_tbt_ms, slo_tbt_percentile, slo_ttft_ms, slo_ttft_percentile)"),
                new Mistake("nightly", "search-gpu.json", nightly("\"cost\": {\"search\": {\"kinds\": [\"colocated\"],\n"
                        + " \"gpu\": [\"A100-80GB\"]}}"),
                        " line 3: unknown key \"gpu\" in $.cost.search; did you mean \"gpus\"? (known: kinds, gpus,"
                                + " colocated_gpus, attention_gpus, expert_gpus, tp_a, nodes_a, tp_e, m, r1, r2, order,"
                                + " batch, top, expert_kernels)"),
                new Mistake("nightly", "camel.json", nightly("\"placement\": {\"redundantSlots\": 4}"),
                        " line 2: unknown key \"redundantSlots\" in $.placement; did you mean \"redundant_slots\"? (known:"
                                + " gpus, nodes, redundant_slots, groups, dispatch, policies, move_budget, look_back,"
                                + " horizon, intervals, batch, context, gpu, emit)"),
                // nightly configuration: wrong types and values
                new Mistake("nightly", "four.json", nightly("\"placement\": {\"gpus\": \"four\", \"redundant_slots\": 4}"),
                        " line 2: $.placement.gpus must be a positive integer, found \"four\""),
                new Mistake("nightly", "zero.json", nightly("\"placement\": {\"gpus\": 0}"),
                        " line 2: $.placement.gpus must be a positive integer, found 0"),
                new Mistake("nightly", "negative.json", nightly("\"placement\": {\"gpus\": 4, \"redundant_slots\": -4}"),
                        " line 2: $.placement.redundant_slots must be an integer of at least 0, found -4"),
                new Mistake("nightly", "string.json", nightly("\"deployments\": \"colocated:gpu=H100-SXM,gpus=8\""),
                        " line 2: $.deployments must be a list of non-blank strings, found"
                                + " \"colocated:gpu=H100-SXM,gpus=8\"; write it as a list: [\"colocated:gpu=H100-SXM,gpus=8\"]"),
                new Mistake("nightly", "list.json", nightly("\"placement\": [4, 4]"),
                        " line 2: $.placement must be an object {...}, found a list [4,4]"),
                new Mistake("nightly", "percentile.json", nightly("\"cost\": {\"candidates\": [\"colocated:gpu=H100-SXM,gpus=8,"
                        + "batch=64\"],\n \"slo_tbt_percentile\": 0.99}"),
                        " line 3: $.cost.slo_tbt_percentile 0.99 is not a percentile in [50, 100]: give e.g. 99 for p99"),
                new Mistake("nightly", "intervals.json", nightly("\"placement\": {\"intervals\": []}"),
                        " line 2: $.placement.intervals must list at least one value (an empty list asks for nothing;"
                                + " leave the key out instead)"),
                new Mistake("nightly", "window.json", nightly("\"window\": \"60 seconds\""),
                        " line 2: $.window: window '60 seconds' is not a length such as 60s, 500ms, 5m, 1h, 1000tok,"
                                + " 10steps, 1000pass, or 'all'"),
                new Mistake("nightly", "policy.json", nightly("\"placement\": {\"policies\": [\"greedy\",\n \"eplbb\"]}"),
                        " line 3: $.placement.policies[1] is \"eplbb\", not one of none, greedy, eplb, incremental; did"
                                + " you mean \"eplb\"?"),
                new Mistake("nightly", "emit.json", nightly("\"placement\": {\"emit\": \"sglan\"}"),
                        " line 2: $.placement.emit: engine format 'sglan' is not one of sglang, vllm, trtllm, vllm-ascend*"),
                new Mistake("nightly", "gpu.json", nightly("\"placement\": {\"gpu\": \"H100\"}"),
                        " line 2: $.placement.gpu: no GPU \"H100\" in the catalog*"),
                new Mistake("nightly", "spec.json", nightly("\"deployments\": [\"colocated:gpu=H100-SXM,gpus=8\",\n"
                        + " \"colocated:gpu=H100-SXM,gpus=eight\"]"),
                        " line 3: $.deployments[1]: 'colocated:gpu=H100-SXM,gpus=eight': gpus=eight is not a positive"
                                + " integer*"),
                new Mistake("nightly", "batch.json", nightly("\"cost\": {\"candidates\": [\"colocated:gpu=H100-SXM,gpus=8\"]}"),
                        " line 2: $.cost.candidates[0]: 'colocated:gpu=H100-SXM,gpus=8': end it with ,batch=B*"),
                new Mistake("nightly", "model.json", "{\"requests\": \"requests.csv\", \"model\": \"Mixtral-8x7b\"}",
                        " line 1: $.model: no model \"Mixtral-8x7b\" in the catalog*"),
                new Mistake("nightly", "requests.json", "{\"model\": \"Mixtral-8x7B\"}",
                        " line 1: missing key \"requests\" in $; add it: a non-blank string"),
                // nightly configuration: not JSON, or not a file
                new Mistake("nightly", "twice.json", nightly("\"window\": \"60s\",\n \"window\": \"30s\""),
                        " line 3: key \"window\" appears twice in one object (first on line 2); keep one"),
                new Mistake("nightly", "truncated.json", nightly("\"placement\": {\"gpus\": 4").replaceFirst("}$", ""),
                        " line 2, column 24: not valid JSON: the file ends before the object opened on line 2, column 14"
                                + " is closed; is the file cut short?"),
                new Mistake("nightly", "empty.json", "", ": the file is empty; expected a JSON object {...}"),
                new Mistake("nightly", "folder", null, " is a folder; expected a JSON file"),
                // cost --candidates files
                new Mistake("candidates", "candidate.json", "{\"candidate\": [\"colocated:gpu=H100-SXM,gpus=8,batch=256\"]}",
                        " line 1: unknown key \"candidate\" in $; did you mean \"candidates\"? (known: candidates, search)"),
                new Mistake("candidates", "gpu.json", "{\"search\": {\"kinds\": [\"colocated\"], \"gpu\": [\"A100-80GB\"]}}",
                        " line 1: unknown key \"gpu\" in $.search; did you mean \"gpus\"? (known: kinds, gpus,"
                                + " colocated_gpus, attention_gpus, expert_gpus, tp_a, nodes_a, tp_e, m, r1, r2, order,"
                                + " batch, top, expert_kernels)"),
                new Mistake("candidates", "batch.json", "{\"search\": {\"batch\": \"256\"}}",
                        " line 1: $.search.batch must be a list of positive integers, found \"256\"; write it as a list:"
                                + " [256]"),
                new Mistake("candidates", "kind.json", "{\"search\": {\"kinds\": [\"colocatd\"]}}",
                        " line 1: $.search.kinds[0] is \"colocatd\", not one of colocated, disaggregated, findep; did you"
                                + " mean \"colocated\"?"),
                new Mistake("candidates", "top.json", "{\"search\": {\n\"top\": -1}}",
                        " line 2: $.search.top must be a positive integer, found -1"),
                new Mistake("candidates", "order.json", "{\"search\": {\"kinds\": [\"findep\"], \"order\": [\"aas\"]}}",
                        " line 1: $.search.order[0] is \"aas\", not one of aass, asas; did you mean \"aass\"?"),
                new Mistake("candidates", "comma.json", "{\"candidates\": [\"colocated:gpu=H100-SXM,gpus=8,batch=256\",]}",
                        " line 1, column 59: not valid JSON: a comma before ']': JSON allows none after the last element"
                                + " of a list; remove it"),
                new Mistake("candidates", "array.json", "[\"colocated:gpu=H100-SXM,gpus=8,batch=256\"]",
                        " line 1: $ must be an object {...}, found a list [\"colocated:gpu=H100-SXM,gpus=8,batch=25..."),
                new Mistake("candidates", "none.json", "{}",
                        " line 1: no candidates in $: give \"candidates\": [SPEC,...] and/or \"search\": {...}"),
                // hardware files (--hardware-file)
                new Mistake("hardware", "watt.json", "{\"gpus\": [" + GPU.replace("\"watts\"", "\"watt\"") + "]}",
                        " line 2: unknown key \"watt\" in $.gpus[0]; did you mean \"watts\"? (known: name, source,"
                                + " bf16Tflops, hbmGBs, memoryGB, nvlinkGBs, nicGbps, usdPerHour, watts)"),
                new Mistake("hardware", "wrapper.json", "{\"gpu\": [" + GPU + "]}",
                        " line 1: unknown key \"gpu\" in $; did you mean \"gpus\"? (known: gpus)"),
                new Mistake("hardware", "price.json", GPU.replace("2.5", "\"2.5\""),
                        " line 2: $.usdPerHour must be a positive number, found \"2.5\"; write the number without quotes"),
                new Mistake("hardware", "memory.json", "[" + GPU.replace("\"memoryGB\": 80", "\"memoryGB\": 0") + "]",
                        " line 1: $[0].memoryGB must be a positive number, found 0"),
                // models files (--models-file)
                new Mistake("models", "topk.json", MODEL.replace("\"topK\"", "\"top_k\""),
                        " line 2: unknown key \"top_k\" in $; did you mean \"topK\"? (known: name, source, layers,"
                                + " moeLayers, hiddenSize, expertIntermediateSize, denseIntermediateSize, routedExperts,"
                                + " topK, sharedExperts, heads, kvHeads, headDim, mla, vocabSize, tiedEmbeddings,"
                                + " bytesPerParam, gatedFfn, crossAttentionLayers, moeLayerIds, activeEmbeddings)"),
                new Mistake("models", "mla.json", MODEL.replace("\"mla\": null", MLA.replace("kvLoraRank", "kv_lora_rank")),
                        " line 3: unknown key \"kv_lora_rank\" in $.mla; did you mean \"kvLoraRank\"? (known: qLoraRank,"
                                + " kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim)"),
                new Mistake("models", "tied.json", "{\"models\": [" + MODEL.replace("\"tiedEmbeddings\": false",
                        "\"tiedEmbeddings\": \"no\"") + "]}",
                        " line 4: $.models[0].tiedEmbeddings must be true or false, found \"no\""),
                new Mistake("models", "layers.json", MODEL.replace("\"layers\": 4", "\"layers\": 4.5"),
                        " line 1: $.layers must be an integer of at least 0, found 4.5"),
                new Mistake("models", "embeddings.json", MODEL.replace("}", ", \"activeEmbeddings\": \"HEAD\"}"),
                        " line 4: $.activeEmbeddings is \"HEAD\", not one of [BOTH, LM_HEAD, NONE]"),
                new Mistake("models", "moe-ids.json", MODEL.replace("}", ", \"moeLayerIds\": [1, 3]}"),
                        " line 1: model \"Tiny-MoE\" at $: moeLayerIds must name 4 blocks (moeLayers), got 2"));
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeFailsAsTheFileIsLoadedNamingTheFileLineKeyAndFix(Mistake mistake) throws IOException {
        Path file = dir.resolve(mistake.name());
        if (mistake.content() == null) {
            Files.createDirectory(file);
        } else {
            Files.writeString(file, mistake.content());
        }
        Throwable thrown = catchThrowable(() -> load(mistake.kind(), file));
        assertThat(thrown).isInstanceOf(JsonInputException.class);
        if (mistake.message().endsWith("*")) {
            assertThat(thrown).hasMessageStartingWith(file + mistake.message().substring(0, mistake.message().length() - 1));
        } else {
            assertThat(thrown).hasMessage(file + mistake.message());
        }
        assertReadable(thrown.getMessage());
    }

    /**
     * The cases the issue found silently accepted or misreported, through the command line: each
     * fails with the file's message alone (no help, no stack trace), and no output is written.
     */
    @Test
    void theCommandLineFailsBeforeAnyWork() throws IOException {
        Path nightly = Files.writeString(dir.resolve("nightly.json"), nightly("\"deployment\": [\"colocated:gpu=H100-SXM,gpus=8\"],"
                + "\n \"placement\": {\"gpus\": 4, \"redundant_slot\": 4}"));
        assertFailsBeforeWriting("nightly.json line 2: unknown key \"deployment\" in $; did you mean \"deployments\"?",
                "nightly", "--config", nightly.toString(), "--date", "2026-11-20");
        Files.writeString(nightly, nightly("\"placement\": {\"gpus\": 4, \"redundant_slot\": 4}"));
        assertFailsBeforeWriting("nightly.json line 2: unknown key \"redundant_slot\" in $.placement; did you mean"
                + " \"redundant_slots\"?", "nightly", "--config", nightly.toString(), "--date", "2026-11-20");
        Path candidates = Files.writeString(dir.resolve("candidates.json"),
                "{\"candidate\": [\"colocated:gpu=H100-SXM,gpus=8,batch=256\"]}");
        assertFailsBeforeWriting("candidates.json line 1: unknown key \"candidate\" in $; did you mean \"candidates\"?",
                "cost", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B", "--candidates",
                candidates.toString());
        Files.writeString(candidates, "{\"search\": {\"kinds\": [\"colocated\"], \"gpu\": [\"A100-80GB\"]}}");
        assertFailsBeforeWriting("candidates.json line 1: unknown key \"gpu\" in $.search; did you mean \"gpus\"?",
                "cost", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B", "--candidates",
                candidates.toString());
        Path models = Files.writeString(dir.resolve("models.json"), MODEL.replace("\"topK\"", "\"topk\""));
        StringWriter err = new StringWriter();
        assertThat(MoeReplayCli.commandLine().setErr(new PrintWriter(err, true))
                .execute("models", "--models-file", models.toString())).isNotZero();
        assertThat(err.toString()).contains("models.json line 2: unknown key \"topk\" in $; did you mean \"topK\"?");
        assertReadableLines(err.toString());
    }

    private void assertFailsBeforeWriting(String message, String... args) {
        Path out = dir.resolve("out");
        String[] withOut = Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
        StringWriter err = new StringWriter();
        assertThat(MoeReplayCli.commandLine().setErr(new PrintWriter(err, true)).execute(withOut)).isNotZero();
        assertThat(err.toString()).contains(message).doesNotContain("Usage:");
        assertReadableLines(err.toString());
        assertThat(out).doesNotExist();
    }

    private static void load(String kind, Path file) {
        switch (kind) {
            case "nightly" -> NightlyConfig.load(file);
            case "candidates" -> CostCandidates.CandidatesFile.read(file);
            case "hardware" -> HardwareCatalog.load(file);
            case "models" -> ModelCatalog.load(file);
            default -> throw new IllegalArgumentException(kind);
        }
    }

    /** The command line's error: the message, and at most a hint line after it. */
    private static void assertReadableLines(String err) {
        String[] lines = err.strip().split("\n");
        assertThat(lines.length).isLessThanOrEqualTo(2);
        for (String line : lines) {
            assertReadable(line);
        }
    }

    /** What a user reads: no exception class, no stack frame, no object address. */
    private static void assertReadable(String message) {
        assertThat(message).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("at com.")
                .doesNotContain("@").doesNotContain("(code ").doesNotContain("[Source").doesNotContainPattern("\\n.");
    }
}
