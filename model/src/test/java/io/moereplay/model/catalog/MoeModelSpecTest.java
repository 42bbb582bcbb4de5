package io.moereplay.model.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MoeModelSpecTest {

    private static final MoeModelSpec.Mla DEEPSEEK_MLA = new MoeModelSpec.Mla(1536, 512, 128, 64, 128);

    static MoeModelSpec gqa(String name, int layers, int hidden, int expertInter, int experts, int topK,
                            int heads, int kvHeads, int vocab) {
        return new MoeModelSpec(name, layers, layers, hidden, expertInter, 0, experts, topK, 0,
                heads, kvHeads, 128, null, vocab, false, 2, true, 0);
    }

    static final MoeModelSpec MIXTRAL_8X7B = gqa("Mixtral-8x7B", 32, 4096, 14336, 8, 2, 32, 8, 32000);
    static final MoeModelSpec MIXTRAL_8X22B = gqa("Mixtral-8x22B", 56, 6144, 16384, 8, 2, 48, 8, 32000);
    static final MoeModelSpec DBRX = gqa("DBRX", 40, 6144, 10752, 16, 4, 48, 8, 100352);
    static final MoeModelSpec SCALED_MOE = gqa("Scaled-MoE", 48, 8192, 8192, 32, 4, 64, 8, 32000);
    static final MoeModelSpec QWEN3_30B = gqa("Qwen3-30B-A3B", 48, 2048, 768, 128, 8, 32, 4, 151936);
    static final MoeModelSpec QWEN3_235B = gqa("Qwen3-235B-A22B", 94, 4096, 1536, 128, 8, 64, 4, 151936);
    static final MoeModelSpec DEEPSEEK_V2 = new MoeModelSpec("DeepSeek-V2", 60, 59, 5120, 1536, 12288,
            160, 6, 2, 128, 128, 192, DEEPSEEK_MLA, 102400, false, 2, true, 0);
    static final MoeModelSpec DEEPSEEK_V3 = new MoeModelSpec("DeepSeek-V3", 61, 58, 7168, 2048, 18432,
            256, 8, 1, 128, 128, 192, DEEPSEEK_MLA, 129280, false, 1, true, 0);
    static final MoeModelSpec SWITCH_BASE_8 = new MoeModelSpec("Switch-base-8", 24, 12, 768, 3072, 3072,
            8, 1, 0, 12, 12, 64, null, 32128, true, 2, false, 12);

    private static void assertWithin2Percent(long actual, double published) {
        assertThat((double) actual).isCloseTo(published, within(published * 0.02));
    }

    @Test
    void publishedTotalsAndActives() {
        assertWithin2Percent(MIXTRAL_8X7B.totalParams(), 46.7e9);
        assertWithin2Percent(MIXTRAL_8X7B.activeParams(), 12.9e9);
        assertWithin2Percent(MIXTRAL_8X22B.totalParams(), 141e9);
        assertWithin2Percent(MIXTRAL_8X22B.activeParams(), 39e9);
        assertWithin2Percent(DBRX.totalParams(), 132e9);
        assertWithin2Percent(DBRX.activeParams(), 36e9);
        assertWithin2Percent(SCALED_MOE.totalParams(), 317e9);
        assertWithin2Percent(QWEN3_30B.totalParams(), 30.5e9);
        assertWithin2Percent(QWEN3_30B.activeParams(), 3.3e9);
        assertWithin2Percent(QWEN3_235B.totalParams(), 235e9);
        assertWithin2Percent(QWEN3_235B.activeParams(), 22e9);
        assertWithin2Percent(DEEPSEEK_V2.totalParams(), 236e9);
        assertWithin2Percent(DEEPSEEK_V2.activeParams(), 21e9);
        assertWithin2Percent(DEEPSEEK_V3.totalParams(), 671e9);
        assertWithin2Percent(DEEPSEEK_V3.activeParams(), 37e9);
    }

    @Test
    void switchActiveIsT5BaseAndTotalAddsExperts() {
        // One token through a top-1 Switch-Base touches a T5-Base's worth of weights (~220M, T5 paper).
        assertWithin2Percent(SWITCH_BASE_8.activeParams(), 220e6);
        // 12 encoder + 12 decoder blocks, every other one MoE: 12 MoE layers, 7 extra experts each.
        assertThat(SWITCH_BASE_8.totalParams() - SWITCH_BASE_8.activeParams())
                .isEqualTo(12L * 7 * 2 * 768 * 3072);
    }

    @Test
    void exactCountsForMixtral8x7b() {
        long h = 4096;
        long attention = 32 * (2 * h * 4096 + 2 * h * 1024);
        long experts = 32L * 8 * 3 * h * 14336;
        long routers = 32 * h * 8;
        long embeddings = 2 * 32000 * h;
        long norms = 2 * 32 * h + h;
        assertThat(MIXTRAL_8X7B.totalParams()).isEqualTo(attention + experts + routers + embeddings + norms);
        assertThat(MIXTRAL_8X7B.expertParams()).isEqualTo(3 * h * 14336);
    }

    @Test
    void denseLayersAndExpertBytes() {
        assertThat(DEEPSEEK_V3.denseLayers()).isEqualTo(3);
        assertThat(DEEPSEEK_V2.denseLayers()).isEqualTo(1);
        assertThat(MIXTRAL_8X7B.denseLayers()).isZero();
        assertThat(MIXTRAL_8X7B.expertBytes()).isEqualTo(2L * 3 * 4096 * 14336);
        assertThat(DEEPSEEK_V3.expertBytes()).isEqualTo(3L * 7168 * 2048); // fp8
        assertThat(SWITCH_BASE_8.expertBytes()).isEqualTo(2L * 2 * 768 * 3072); // ReLU FFN, bf16
    }

    @Test
    void validationNamesTheValue() {
        assertThatThrownBy(() -> new MoeModelSpec("x", -4, 1, 8, 8, 0, 2, 1, 0, 2, 1, 4, null, 10, true, 2, true, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("layers must be positive, got -4");
        assertThatThrownBy(() -> new MoeModelSpec("x", 4, 5, 8, 8, 0, 2, 1, 0, 2, 1, 4, null, 10, true, 2, true, 0))
                .hasMessage("moeLayers must be at most layers (4), got 5");
        assertThatThrownBy(() -> new MoeModelSpec("x", 4, 4, 8, 8, 0, 2, 3, 0, 2, 1, 4, null, 10, true, 2, true, 0))
                .hasMessage("topK must be at most routedExperts (2), got 3");
        assertThatThrownBy(() -> new MoeModelSpec("x", 4, 3, 8, 8, 0, 2, 1, 0, 2, 1, 4, null, 10, true, 2, true, 0))
                .hasMessageContaining("denseIntermediateSize").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new MoeModelSpec("x", 4, 4, 8, 8, 0, 2, 1, 0, 4, 3, 4, null, 10, true, 2, true, 0))
                .hasMessage("kvHeads must divide heads (4), got 3");
        assertThatThrownBy(() -> new MoeModelSpec("x", 4, 4, 8, 8, 0, 2, 1, 0, 2, 1, 4, null, 10, true, 0, true, 0))
                .hasMessage("bytesPerParam must be positive, got 0.0");
        assertThatThrownBy(() -> new MoeModelSpec("x", 4, 4, 8, 8, 0, 2, 1, 0, 2, 2, 100, DEEPSEEK_MLA, 10, true, 2, true, 0))
                .hasMessage("headDim must equal qkNopeHeadDim + qkRopeHeadDim (192) with MLA, got 100");
        assertThatThrownBy(() -> new MoeModelSpec.Mla(0, -1, 1, 1, 1))
                .hasMessage("kvLoraRank must be positive, got -1");
    }

    @Test
    void moeLayersSitAfterTheDenseOnesUnlessPlaced() {
        assertThat(DEEPSEEK_V3.moeLayerIds()).hasSize(58).startsWith(3, 4).endsWith(60);
        assertThat(DEEPSEEK_V3.blockOfMoeLayer(0)).isEqualTo(3);
        MoeModelSpec interleaved = withMoeLayerIds(4, 2, List.of(1, 3));
        assertThat(interleaved.blockOfMoeLayer(1)).isEqualTo(3);
        assertThat(interleaved.denseLayers()).isEqualTo(2);
        // As `models` and the engines' errors print them.
        assertThat(DEEPSEEK_V3.moeLayerList()).isEqualTo("3, 4, ..., 60");
        assertThat(interleaved.moeLayerList()).isEqualTo("1, 3");
    }

    @Test
    void placedMoeLayersMustBeOnePerMoeLayerAscendingAndInRange() {
        assertThatThrownBy(() -> withMoeLayerIds(4, 2, List.of(1)))
                .hasMessage("moeLayerIds must name 2 blocks (moeLayers), got 1");
        assertThatThrownBy(() -> withMoeLayerIds(4, 2, List.of(3, 1)))
                .hasMessage("moeLayerIds must be ascending block indices from 0 to 3, got 1 at position 1");
        assertThatThrownBy(() -> withMoeLayerIds(4, 2, List.of(1, 4)))
                .hasMessage("moeLayerIds must be ascending block indices from 0 to 3, got 4 at position 1");
    }

    private static MoeModelSpec withMoeLayerIds(int layers, int moeLayers, List<Integer> ids) {
        return new MoeModelSpec("x", layers, moeLayers, 8, 8, 8, 2, 1, 0, 2, 1, 4, null, 10, true, 2, true, 0,
                MoeModelSpec.ActiveEmbeddings.BOTH, ids);
    }
}
