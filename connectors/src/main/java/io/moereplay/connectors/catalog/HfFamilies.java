package io.moereplay.connectors.catalog;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.catalog.MoeModelSpec.ActiveEmbeddings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * How each {@code model_type} lays out a MoE model in its config.json. Every family reads the
 * decoder keys ({@link Decoder}) and its own expert keys; which layers are MoE follows the same
 * rule as the family's transformers modeling code. Multi-token-prediction layers
 * ({@code num_nextn_predict_layers}) are not counted, as in the catalog.
 */
final class HfFamilies {

    /** Parses one family's config into a spec called {@code name}. */
    @FunctionalInterface
    interface Family {
        MoeModelSpec parse(String name, HfConfig config);
    }

    /** Supported {@code model_type}s, in the order error messages list them. */
    static final Map<String, Family> SUPPORTED = new LinkedHashMap<>();

    static {
        SUPPORTED.put("mixtral", HfFamilies::mixtral);
        SUPPORTED.put("olmoe", HfFamilies::olmoe);
        SUPPORTED.put("qwen2_moe", HfFamilies::qwenMoe);
        SUPPORTED.put("qwen3_moe", HfFamilies::qwenMoe);
        SUPPORTED.put("deepseek_v2", HfFamilies::deepSeek);
        SUPPORTED.put("deepseek_v3", HfFamilies::deepSeek);
        SUPPORTED.put("kimi_k2", HfFamilies::deepSeek);
        SUPPORTED.put("glm4_moe", HfFamilies::glm4Moe);
        SUPPORTED.put("gpt_oss", HfFamilies::gptOss);
        SUPPORTED.put("llama4", HfFamilies::llama4);
        SUPPORTED.put("dbrx", HfFamilies::dbrx);
    }

    private HfFamilies() {}

    /**
     * The keys every decoder-only family shares: {@code hidden_size}, {@code num_hidden_layers},
     * {@code num_attention_heads}, {@code num_key_value_heads} (default: the heads),
     * {@code head_dim} (default: hidden / heads), {@code vocab_size},
     * {@code tie_word_embeddings} (default false).
     */
    record Decoder(int hidden, int layers, int heads, int kvHeads, int headDim, int vocab, boolean tied) {
        static Decoder read(HfConfig c) {
            int hidden = c.integer("hidden_size");
            int heads = c.integer("num_attention_heads");
            return new Decoder(hidden, c.integer("num_hidden_layers"), heads, c.integer("num_key_value_heads", heads),
                    c.integer("head_dim", heads > 0 ? hidden / heads : 0), c.integer("vocab_size"),
                    c.bool("tie_word_embeddings", false));
        }
    }

    /** Expert keys: {@code num_local_experts}, {@code num_experts_per_tok}, {@code intermediate_size} (per expert). */
    private static MoeModelSpec mixtral(String name, HfConfig c) {
        Decoder d = Decoder.read(c);
        return gqa(name, d, every(d.layers()), c.integer("intermediate_size"), 0, c.integer("num_local_experts"),
                c.integer("num_experts_per_tok"), 0, HfModelConfig.bytesPerParam(c), ActiveEmbeddings.BOTH);
    }

    /** As Mixtral, but the expert count is {@code num_experts}. */
    private static MoeModelSpec olmoe(String name, HfConfig c) {
        Decoder d = Decoder.read(c);
        return gqa(name, d, every(d.layers()), c.integer("intermediate_size"), 0, c.integer("num_experts"),
                c.integer("num_experts_per_tok"), 0, HfModelConfig.bytesPerParam(c), ActiveEmbeddings.BOTH);
    }

    /**
     * {@code num_experts}, {@code num_experts_per_tok}, {@code moe_intermediate_size},
     * {@code intermediate_size} (dense layers); layer {@code i} is MoE unless it is in
     * {@code mlp_only_layers} or {@code (i + 1) % decoder_sparse_step != 0}. Qwen2-MoE's one shared
     * expert of {@code shared_expert_intermediate_size} counts as that width over
     * {@code moe_intermediate_size} experts (same weights; its sigmoid gate, {@code h} a layer, is left out).
     */
    private static MoeModelSpec qwenMoe(String name, HfConfig c) {
        Decoder d = Decoder.read(c);
        int step = c.integer("decoder_sparse_step", 1);
        List<Integer> mlpOnly = c.integers("mlp_only_layers");
        int expertInter = c.integer("moe_intermediate_size");
        int shared = 0;
        if (c.integer("shared_expert_intermediate_size", 0) > 0) {
            int sharedInter = c.integer("shared_expert_intermediate_size");
            if (sharedInter % expertInter != 0) {
                throw c.problem("shared_expert_intermediate_size " + sharedInter + " is not a multiple of"
                        + " moe_intermediate_size " + expertInter + ", so the shared expert is not a whole number of experts");
            }
            shared = sharedInter / expertInter;
        }
        List<Integer> moeLayers = ids(d.layers(), i -> !mlpOnly.contains(i) && step > 0 && (i + 1) % step == 0);
        return gqa(name, d, moeLayers, expertInter, c.integer("intermediate_size"), c.integer("num_experts"),
                c.integer("num_experts_per_tok"), shared, HfModelConfig.bytesPerParam(c), ActiveEmbeddings.BOTH);
    }

    /**
     * DeepSeek-V2/V3 and Kimi-K2: {@code n_routed_experts}, {@code num_experts_per_tok},
     * {@code n_shared_experts}, {@code moe_intermediate_size}, {@code intermediate_size} (dense);
     * layer {@code i} is MoE when {@code i >= first_k_dense_replace} and
     * {@code i % moe_layer_freq == 0}. MLA: {@code q_lora_rank} (null: queries not compressed),
     * {@code kv_lora_rank}, {@code qk_nope_head_dim}, {@code qk_rope_head_dim}, {@code v_head_dim}.
     */
    private static MoeModelSpec deepSeek(String name, HfConfig c) {
        int hidden = c.integer("hidden_size");
        int layers = c.integer("num_hidden_layers");
        int heads = c.integer("num_attention_heads");
        MoeModelSpec.Mla mla = new MoeModelSpec.Mla(c.integer("q_lora_rank", 0), c.integer("kv_lora_rank"),
                c.integer("qk_nope_head_dim"), c.integer("qk_rope_head_dim"), c.integer("v_head_dim"));
        List<Integer> moeLayers = firstKDenseMoeLayers(c, layers);
        return new MoeModelSpec(name, layers, moeLayers.size(), hidden, c.integer("moe_intermediate_size"),
                c.integer("intermediate_size"), c.integer("n_routed_experts"), c.integer("num_experts_per_tok"),
                c.integer("n_shared_experts", 0), heads, heads, mla.qkNopeHeadDim() + mla.qkRopeHeadDim(), mla,
                c.integer("vocab_size"), c.bool("tie_word_embeddings", false), HfModelConfig.bytesPerParam(c), true, 0,
                ActiveEmbeddings.BOTH, moeLayers);
    }

    /** DeepSeek-V3's expert keys and layer rule with grouped-query attention; see {@link ActiveEmbeddings#NONE}. */
    private static MoeModelSpec glm4Moe(String name, HfConfig c) {
        Decoder d = Decoder.read(c);
        return gqa(name, d, firstKDenseMoeLayers(c, d.layers()), c.integer("moe_intermediate_size"),
                c.integer("intermediate_size"), c.integer("n_routed_experts"), c.integer("num_experts_per_tok"),
                c.integer("n_shared_experts", 0), HfModelConfig.bytesPerParam(c), ActiveEmbeddings.NONE);
    }

    /**
     * {@code num_local_experts}, {@code num_experts_per_tok} (older files: {@code experts_per_token}),
     * {@code intermediate_size} (per expert). Attention sinks (one weight per head) and the biases
     * are left out (under 0.1%); alternating sliding-window layers change the KV cache, not the weights.
     */
    private static MoeModelSpec gptOss(String name, HfConfig c) {
        Decoder d = Decoder.read(c);
        int topK = c.has("num_experts_per_tok") ? c.integer("num_experts_per_tok") : c.integer("experts_per_token");
        return gqa(name, d, every(d.layers()), c.integer("intermediate_size"), 0, c.integer("num_local_experts"), topK, 0,
                HfModelConfig.bytesPerParam(c), ActiveEmbeddings.LM_HEAD);
    }

    /**
     * The text model under {@code text_config}: {@code num_local_experts}, {@code num_experts_per_tok},
     * {@code intermediate_size} (each routed expert and the one shared expert),
     * {@code intermediate_size_mlp} (dense layers); the MoE layers are {@code moe_layers} when given,
     * else every {@code interleave_moe_layer_step}-th layer counting from the step's last
     * ({@code 1, 3, 5, ...} for step 2), as transformers derives them. The vision tower is not counted.
     */
    private static MoeModelSpec llama4(String name, HfConfig root) {
        HfConfig c = root.object("text_config");
        Decoder d = Decoder.read(c);
        List<Integer> moeLayers;
        if (c.has("moe_layers")) {
            moeLayers = c.integers("moe_layers").stream().sorted().toList();
        } else {
            int step = c.integer("interleave_moe_layer_step");
            moeLayers = ids(d.layers(), i -> step > 0 && i % step == step - 1);
        }
        return gqa(name, d, moeLayers, c.integer("intermediate_size"), c.integer("intermediate_size_mlp"),
                c.integer("num_local_experts"), c.integer("num_experts_per_tok"), 1,
                HfModelConfig.bytesPerParam(c, root), ActiveEmbeddings.BOTH);
    }

    /**
     * DBRX names its keys its own way: {@code d_model}, {@code n_layers}, {@code n_heads},
     * {@code vocab_size}, {@code attn_config.kv_n_heads}, {@code ffn_config.ffn_hidden_size},
     * {@code ffn_config.moe_num_experts}, {@code ffn_config.moe_top_k}; every layer is MoE.
     */
    private static MoeModelSpec dbrx(String name, HfConfig c) {
        HfConfig attention = c.object("attn_config");
        HfConfig ffn = c.object("ffn_config");
        int hidden = c.integer("d_model");
        int heads = c.integer("n_heads");
        Decoder d = new Decoder(hidden, c.integer("n_layers"), heads, attention.integer("kv_n_heads"),
                heads > 0 ? hidden / heads : 0, c.integer("vocab_size"), c.bool("tie_word_embeddings", false));
        return gqa(name, d, every(d.layers()), ffn.integer("ffn_hidden_size"), 0, ffn.integer("moe_num_experts"),
                ffn.integer("moe_top_k"), 0, HfModelConfig.bytesPerParam(c), ActiveEmbeddings.BOTH);
    }

    /** DeepSeek's rule: layer {@code i} is MoE when {@code i >= first_k_dense_replace} and {@code i % moe_layer_freq == 0}. */
    private static List<Integer> firstKDenseMoeLayers(HfConfig c, int layers) {
        int firstDense = c.integer("first_k_dense_replace", 0);
        int freq = c.integer("moe_layer_freq", 1);
        return ids(layers, i -> i >= firstDense && freq > 0 && i % freq == 0);
    }

    /** The layers the rule makes MoE, ascending. */
    private static List<Integer> ids(int layers, IntPredicate moe) {
        return IntStream.range(0, Math.max(0, layers)).filter(moe).boxed().toList();
    }

    private static List<Integer> every(int layers) {
        return ids(layers, i -> true);
    }

    private static MoeModelSpec gqa(String name, Decoder d, List<Integer> moeLayers, int expertInter, int denseInter,
            int experts, int topK, int shared, double bytesPerParam, ActiveEmbeddings activeEmbeddings) {
        return new MoeModelSpec(name, d.layers(), moeLayers.size(), d.hidden(), expertInter, denseInter, experts, topK,
                shared, d.heads(), d.kvHeads(), d.headDim(), null, d.vocab(), d.tied(), bytesPerParam, true, 0,
                activeEmbeddings, moeLayers);
    }
}
