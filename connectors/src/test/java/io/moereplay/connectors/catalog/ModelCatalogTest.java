package io.moereplay.connectors.catalog;

import io.moereplay.connectors.io.json.JsonInputException;
import io.moereplay.model.catalog.MoeModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelCatalogTest {

    private static final String GOOD = """
            {
              "name": "Tiny-MoE",
              "source": "test",
              "layers": 4, "moeLayers": 3, "hiddenSize": 64,
              "expertIntermediateSize": 32, "denseIntermediateSize": 128,
              "routedExperts": 8, "topK": 2, "sharedExperts": 1,
              "heads": 4, "kvHeads": 2, "headDim": 16, "mla": null,
              "vocabSize": 1000, "tiedEmbeddings": true, "bytesPerParam": 2, "gatedFfn": true
            }
            """;

    @TempDir
    Path dir;

    /** Published totals/actives; -1 where none is published. Within 2%. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "Mixtral-8x7B,    46.7e9, 12.9e9",
            "Mixtral-8x22B,   141e9,  39e9",
            "DBRX,            132e9,  36e9",
            "Scaled-MoE,      317e9,  -1",
            "DeepSeek-V2,     236e9,  21e9",
            "DeepSeek-V3,     671e9,  37e9",
            "DeepSeek-V3.1,   671e9,  37e9",
            "DeepSeek-R1,     671e9,  37e9",
            "Kimi-K2,         1.04e12, 32.6e9",
            "Qwen3-30B-A3B,   30.5e9, 3.3e9",
            "Qwen3-235B-A22B, 235e9,  22e9",
            "gpt-oss-120b,    117e9,  5.1e9",
            "gpt-oss-20b,     21e9,   3.6e9",
            "GLM-4.5,         355e9,  32e9",
            "GLM-4.5-Air,     106e9,  12e9",
            "Llama-4-Scout,   109e9,  17e9",
            "Llama-4-Maverick, 400e9, 17e9",
            "OLMoE-1B-7B,     6.9e9,  1.3e9",
            "Switch-base-8,   -1,     220e6",
            "Switch-base-128, -1,     220e6",
    })
    void builtInModelsMatchPublishedSizes(String name, double total, double active) {
        ModelCatalog catalog = ModelCatalog.builtIn();
        MoeModelSpec spec = catalog.get(name);
        if (total > 0) {
            assertThat((double) spec.totalParams()).as(name + " total").isCloseTo(total, within(total * 0.02));
        }
        if (active > 0) {
            assertThat((double) spec.activeParams()).as(name + " active").isCloseTo(active, within(active * 0.02));
        }
        assertThat(catalog.source(name)).get().asString().isNotBlank();
    }

    @Test
    void builtInHasAllModelsInOrder() {
        ModelCatalog catalog = ModelCatalog.builtIn();
        assertThat(catalog.names()).containsExactly("Mixtral-8x7B", "Mixtral-8x22B", "DBRX", "Scaled-MoE",
                "DeepSeek-V2", "DeepSeek-V3", "DeepSeek-V3.1", "DeepSeek-R1", "Kimi-K2", "Qwen3-30B-A3B",
                "Qwen3-235B-A22B", "gpt-oss-120b", "gpt-oss-20b", "GLM-4.5", "GLM-4.5-Air", "Llama-4-Scout",
                "Llama-4-Maverick", "OLMoE-1B-7B", "Switch-base-8", "Switch-base-128");
        assertThat(catalog.get("DeepSeek-V3").denseLayers()).isEqualTo(3);
        assertThat(catalog.get("DeepSeek-V3").mla()).isNotNull();
        assertThat(catalog.get("Switch-base-128").routedExperts()).isEqualTo(128);
        assertThat(catalog.get("Scaled-MoE").topK()).isEqualTo(4);
        assertThatThrownBy(() -> catalog.get("GPT-5")).hasMessageContaining("no model \"GPT-5\"");
    }

    @Test
    void loadsUserFileOnTopOfBuiltIns() throws IOException {
        Path file = Files.writeString(dir.resolve("tiny.json"), GOOD);
        ModelCatalog catalog = ModelCatalog.load(file);
        MoeModelSpec tiny = catalog.get("Tiny-MoE");
        assertThat(tiny.denseLayers()).isEqualTo(1);
        assertThat(tiny.crossAttentionLayers()).isZero();
        assertThat(catalog.names()).contains("DeepSeek-V3").hasSize(21);
        // attention 4*(2*64*64 + 2*64*32) + norms 2*4*64+64 + dense 3*64*128 + shared 3*1*3*64*32
        // + routers 3*64*8 + embeddings 1000*64 (tied) + experts 3*8*3*64*32
        long always = 4 * (2 * 64 * 64 + 2 * 64 * 32) + (2 * 4 * 64 + 64) + 3 * 64 * 128
                + 3 * 3 * 64 * 32 + 3 * 64 * 8 + 1000 * 64;
        assertThat(tiny.totalParams()).isEqualTo(always + 3L * 8 * 3 * 64 * 32);
        assertThat(tiny.activeParams()).isEqualTo(always + 3L * 2 * 3 * 64 * 32);
    }

    @Test
    void userFileMayListModelsAndOverrideBuiltIns() throws IOException {
        String fp8Mixtral = GOOD.replace("Tiny-MoE", "Mixtral-8x7B").replace("\"bytesPerParam\": 2", "\"bytesPerParam\": 1");
        Path file = Files.writeString(dir.resolve("many.json"), "{\"models\": [" + GOOD + "," + fp8Mixtral + "]}");
        ModelCatalog catalog = ModelCatalog.load(file);
        assertThat(catalog.get("Mixtral-8x7B").bytesPerParam()).isEqualTo(1.0);
        assertThat(catalog.names()).hasSize(21);
        assertThat(ModelCatalog.builtIn().get("Mixtral-8x7B").bytesPerParam()).isEqualTo(2.0);
    }

    @Test
    void missingFieldNamesFileAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("bad-missing.json"), GOOD.replace("\"topK\": 2,", ""));
        assertThatThrownBy(() -> ModelCatalog.load(file))
                .isInstanceOf(JsonInputException.class)
                .hasMessage(file + " line 1: missing key \"topK\" in $; add it: an integer of at least 0");
    }

    @Test
    void negativeValueNamesFileFieldAndValue() throws IOException {
        Path file = Files.writeString(dir.resolve("bad-negative.json"),
                GOOD.replace("\"hiddenSize\": 64", "\"hiddenSize\": -64"));
        assertThatThrownBy(() -> ModelCatalog.load(file))
                .isInstanceOf(JsonInputException.class)
                .hasMessageStartingWith(file + " line ")
                .hasMessageEndingWith(": $.hiddenSize must be an integer of at least 0, found -64");
    }

    @Test
    void inconsistentValueNamesFileAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("bad-topk.json"), GOOD.replace("\"topK\": 2", "\"topK\": 9"));
        assertThatThrownBy(() -> ModelCatalog.load(file))
                .hasMessageContaining("bad-topk.json")
                .hasMessageContaining("model \"Tiny-MoE\"")
                .hasMessageContaining("topK must be at most routedExperts (8), got 9");
    }

    @Test
    void badMlaAndUnknownFieldsAndMalformedJson() throws IOException {
        Path mla = Files.writeString(dir.resolve("bad-mla.json"), GOOD.replace("\"mla\": null",
                "\"mla\": {\"qLoraRank\": 0, \"kvLoraRank\": 8, \"qkNopeHeadDim\": 8, \"qkRopeHeadDim\": 8}"));
        assertThatThrownBy(() -> ModelCatalog.load(mla))
                .hasMessageContaining("bad-mla.json").hasMessageContaining("missing key \"vHeadDim\" in $.mla");
        Path typo = Files.writeString(dir.resolve("typo.json"), GOOD.replace("\"topK\"", "\"top_k\""));
        assertThatThrownBy(() -> ModelCatalog.load(typo))
                .hasMessageContaining("typo.json").hasMessageContaining("unknown key \"top_k\" in $; did you mean \"topK\"?");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": ");
        assertThatThrownBy(() -> ModelCatalog.load(broken))
                .hasMessageContaining("broken.json line 1, column 10: not valid JSON: the file ends");
        Path listed = Files.writeString(dir.resolve("listed.json"),
                "[" + GOOD + "," + GOOD.replace("\"layers\": 4", "\"layers\": \"four\"") + "]");
        assertThatThrownBy(() -> ModelCatalog.load(listed))
                .hasMessageContaining("listed.json").hasMessageContaining("$[1].layers must be an integer of at least 0,"
                        + " found \"four\"");
        assertThatThrownBy(() -> ModelCatalog.load(dir.resolve("absent.json")))
                .hasMessage(dir.resolve("absent.json") + ": no such file");
    }
}
