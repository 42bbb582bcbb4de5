package io.moereplay.connectors.catalog;

import io.moereplay.model.catalog.MoeModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfModelConfigTest {

    private static final String QWEN3 = """
            {"model_type": "qwen3_moe", "hidden_size": 64, "intermediate_size": 256, "moe_intermediate_size": 32,
             "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
             "num_experts": 8, "num_experts_per_tok": 2, "vocab_size": 1000, "torch_dtype": "bfloat16",
             "decoder_sparse_step": 1, "mlp_only_layers": [0], "rope_theta": 1000000.0}
            """;

    @TempDir
    Path dir;

    /** Each fixture, transcribed from the published config.json, gives exactly its catalog entry. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Mixtral-8x7B", "Mixtral-8x22B", "DBRX", "DeepSeek-V2", "DeepSeek-V3", "DeepSeek-R1",
            "Kimi-K2", "Qwen3-30B-A3B", "Qwen3-235B-A22B", "gpt-oss-120b", "gpt-oss-20b", "GLM-4.5", "GLM-4.5-Air",
            "Llama-4-Scout", "Llama-4-Maverick", "OLMoE-1B-7B"})
    void publishedConfigGivesTheCatalogEntry(String name) throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/hf-configs/" + name + "/config.json").toURI());
        MoeModelSpec parsed = HfModelConfig.read(file);
        MoeModelSpec catalogued = ModelCatalog.builtIn().get(name);
        assertThat(parsed).isEqualTo(catalogued);
        assertThat(parsed.totalParams()).isEqualTo(catalogued.totalParams());
        assertThat(parsed.activeParams()).isEqualTo(catalogued.activeParams());
    }

    @Test
    void qwenDenseLayersAndTheFileNameAsModelName() throws IOException {
        MoeModelSpec spec = HfModelConfig.read(write("tiny-qwen.json", QWEN3));
        assertThat(spec.name()).isEqualTo("tiny-qwen");
        assertThat(spec.moeLayers()).isEqualTo(3);
        assertThat(spec.denseIntermediateSize()).isEqualTo(256);
        assertThat(spec.bytesPerParam()).isEqualTo(2.0);
        MoeModelSpec everyOther = HfModelConfig.read(write("step2.json",
                QWEN3.replace("\"decoder_sparse_step\": 1", "\"decoder_sparse_step\": 2").replace("[0]", "[]")));
        assertThat(everyOther.moeLayers()).isEqualTo(2);
        // Where they sit: what an engine's placement file is keyed by.
        assertThat(spec.moeLayerIds()).containsExactly(1, 2, 3);
        assertThat(everyOther.moeLayerIds()).containsExactly(1, 3);
    }

    @Test
    void qwen2SharedExpertCountsAsWholeExperts() throws IOException {
        String qwen2 = QWEN3.replace("qwen3_moe", "qwen2_moe").replace("\"head_dim\": 16,", "")
                .replace("\"rope_theta\"", "\"shared_expert_intermediate_size\": 128, \"rope_theta\"");
        MoeModelSpec spec = HfModelConfig.read(write("qwen2.json", qwen2));
        assertThat(spec.sharedExperts()).isEqualTo(4);
        assertThat(spec.headDim()).isEqualTo(16);
        assertThatThrownBy(() -> HfModelConfig.read(write("odd.json", qwen2.replace(": 128,", ": 100,"))))
                .hasMessageContaining("odd.json").hasMessageContaining("shared_expert_intermediate_size 100");
    }

    @Test
    void unknownModelTypeNamesFileKeyAndFix() throws IOException {
        Path file = write("config.json", QWEN3.replace("qwen3_moe", "qwen3_next"));
        assertThatThrownBy(() -> HfModelConfig.read(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("key \"model_type\" is \"qwen3_next\"")
                .hasMessageContaining("supported: [mixtral, olmoe")
                .hasMessageContaining("--models-file");
    }

    @Test
    void missingKeyNamesFileKeyAndFix() throws IOException {
        Path file = write("no-experts.json", QWEN3.replace("\"num_experts\": 8,", ""));
        assertThatThrownBy(() -> HfModelConfig.read(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("no-experts.json")
                .hasMessageContaining("missing key \"num_experts\"")
                .hasMessageContaining("qwen3_moe config.json");
        Path llama = Path.of(dir.toString(), "llama.json");
        Files.writeString(llama, "{\"model_type\": \"llama4\", \"text_config\": {\"hidden_size\": 8}}");
        assertThatThrownBy(() -> HfModelConfig.read(llama)).hasMessageContaining("missing key \"text_config.");
    }

    @Test
    void wrongTypeNamesFileAndKey() throws IOException {
        Path file = write("typed.json", QWEN3.replace("\"num_hidden_layers\": 4", "\"num_hidden_layers\": \"4\""));
        assertThatThrownBy(() -> HfModelConfig.read(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("typed.json")
                .hasMessageContaining("key \"num_hidden_layers\" is \"4\", not an integer");
        Path list = write("list.json", QWEN3.replace("[0]", "0"));
        assertThatThrownBy(() -> HfModelConfig.read(list)).hasMessageContaining("key \"mlp_only_layers\" is 0");
    }

    @Test
    void dtypeQuantizationAndInconsistentDims() throws IOException {
        assertThat(HfModelConfig.read(write("fp8.json", QWEN3.replace("\"torch_dtype\": \"bfloat16\"",
                "\"torch_dtype\": \"bfloat16\", \"quantization_config\": {\"quant_method\": \"fp8\"}"))).bytesPerParam())
                .isEqualTo(1.0);
        assertThatThrownBy(() -> HfModelConfig.read(write("awq.json", QWEN3.replace("\"torch_dtype\": \"bfloat16\"",
                "\"quantization_config\": {\"quant_method\": \"awq\"}"))))
                .hasMessageContaining("awq.json").hasMessageContaining("quant_method\" is awq");
        assertThatThrownBy(() -> HfModelConfig.read(write("nodtype.json", QWEN3.replace(", \"torch_dtype\": \"bfloat16\"", ""))))
                .hasMessageContaining("nodtype.json").hasMessageContaining("missing key \"torch_dtype\"");
        assertThatThrownBy(() -> HfModelConfig.read(write("topk.json", QWEN3.replace("\"num_experts_per_tok\": 2",
                "\"num_experts_per_tok\": 9"))))
                .hasMessageContaining("topk.json").hasMessageContaining("topK must be at most routedExperts (8), got 9");
        assertThatThrownBy(() -> HfModelConfig.read(write("broken.json", "{\"model_type\": ")))
                .hasMessageEndingWith("broken.json line 1, column 16: not valid JSON: the file ends before the object"
                        + " opened on line 1, column 1 is closed; is the file cut short?");
    }

    @Test
    void modelChoiceIsANameOrAConfigNotBothNorNeither() throws IOException {
        Path file = write("tiny.json", QWEN3);
        assertThat(new ModelChoice(null, null, file.toString()).spec().name()).isEqualTo("tiny");
        assertThat(new ModelChoice(null, null, file.toString()).catalog().get("tiny").moeLayers()).isEqualTo(3);
        assertThat(ModelChoice.named("DBRX").spec().routedExperts()).isEqualTo(16);
        assertThatThrownBy(() -> new ModelChoice("DBRX", null, file.toString())).hasMessageContaining("not both");
        assertThatThrownBy(() -> new ModelChoice(null, null, " ")).hasMessageContaining("no model given");
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }
}
