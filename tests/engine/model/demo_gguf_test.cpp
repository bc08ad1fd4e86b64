// SPDX-License-Identifier: GPL-3.0-or-later
// The real demo model (SmolLM2-135M-Instruct, Q4_1 GGUF) read as a Hugging Face checkpoint.
// Expected statistics come from gguf-py's dequantizers and the inverse of convert_hf_to_gguf.py's
// Q/K permutation (scripts/reference/make_gguf_refs.py).
#include "engine/core/error.h"
#include "engine/core/paths.h"
#include "engine/formats/dequant.h"
#include "engine/formats/gguf.h"
#include "engine/formats/gguf_llama.h"
#include "engine/formats/safetensors.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>

namespace {

class DemoGguf : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = ts::demoModelPath();
        if (!ts::fileExists(path_)) GTEST_SKIP() << "demo model not found at " << path_;
    }
    std::string path_;
};

std::string dataFile(const std::string& name) {
    return std::string(TS_TEST_DATA_DIR) + "/gguf/" + name;
}

}  // namespace

TEST_F(DemoGguf, HeaderAndConfig) {
    const auto f = ts::GgufFile::open(path_);
    EXPECT_EQ(f.tensors().size(), 272u);
    EXPECT_EQ(f.getString("general.architecture"), "llama");
    EXPECT_FALSE(f.hasTensor("output.weight"));
    EXPECT_EQ(f.getStringArray("tokenizer.ggml.tokens").size(), 49152u);
    EXPECT_EQ(f.tensor("token_embd.weight").torchShape(), (std::vector<std::int64_t>{49152, 576}));

    const auto c = ts::hfConfigFromGguf(f);
    EXPECT_EQ(c["architectures"], nlohmann::json::array({"LlamaForCausalLM"}));
    EXPECT_EQ(c["num_hidden_layers"], 30);
    EXPECT_EQ(c["hidden_size"], 576);
    EXPECT_EQ(c["intermediate_size"], 1536);
    EXPECT_EQ(c["num_attention_heads"], 9);
    EXPECT_EQ(c["num_key_value_heads"], 3);
    EXPECT_EQ(c["head_dim"], 64);
    EXPECT_EQ(c["vocab_size"], 49152);
    EXPECT_EQ(c["max_position_embeddings"], 8192);
    EXPECT_EQ(c["rope_theta"], 100000.0);
    EXPECT_EQ(c["rms_norm_eps"], 1e-5) << "the decimal the HF config holds, not 1e-5f widened";
    EXPECT_EQ(c["tie_word_embeddings"], true);
    EXPECT_EQ(c["bos_token_id"], 1);
    EXPECT_EQ(c["eos_token_id"], 2);
}

// Every HF-named weight: right name set, right shape, and values whose sum and absolute sum match
// gguf-py's dequantization (Q/K un-permuted) of the same file.
TEST_F(DemoGguf, AllWeightsMatchGgufPyStatistics) {
    nlohmann::json stats;
    std::ifstream(dataFile("demo_tensor_stats.json")) >> stats;
    ASSERT_EQ(stats.size(), 272u);

    const auto start = std::chrono::steady_clock::now();
    const auto file = ts::GgufFile::open(path_);
    const auto weights = ts::hfWeightsFromGguf(file);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ bench    ] open + dequantize all " << weights.size() << " tensors: " << seconds
              << " s (" << at::get_num_threads() << " threads)\n";

    ASSERT_EQ(weights.size(), 272u);
    EXPECT_EQ(weights.count("lm_head.weight"), 0u);
    for (const auto& [name, expected] : stats.items()) {
        SCOPED_TRACE(name);
        ASSERT_EQ(weights.count(name), 1u);
        const auto& t = weights.at(name);
        EXPECT_EQ(t.scalar_type(), at::kFloat);
        EXPECT_EQ(t.sizes().vec(), expected["shape"].get<std::vector<std::int64_t>>());
        const auto t64 = t.to(at::kDouble);
        const double sum = t64.sum().item<double>(), absSum = t64.abs().sum().item<double>();
        const double wantSum = expected["sum"], wantAbs = expected["abs_sum"];
        // Same float32 values summed in a different order: agreement to ~1e-9 of the magnitude.
        EXPECT_NEAR(sum, wantSum, 1e-9 * wantAbs + 1e-9);
        EXPECT_NEAR(absSum, wantAbs, 1e-9 * wantAbs + 1e-9);
    }
    for (int layer : {0, 29}) {
        const auto p = "model.layers." + std::to_string(layer) + ".";
        EXPECT_EQ(weights.at(p + "self_attn.q_proj.weight").sizes(), (at::IntArrayRef{576, 576}));
        EXPECT_EQ(weights.at(p + "self_attn.k_proj.weight").sizes(), (at::IntArrayRef{192, 576}));
        EXPECT_EQ(weights.at(p + "self_attn.v_proj.weight").sizes(), (at::IntArrayRef{192, 576}));
        EXPECT_EQ(weights.at(p + "mlp.gate_proj.weight").sizes(), (at::IntArrayRef{1536, 576}));
        EXPECT_EQ(weights.at(p + "mlp.down_proj.weight").sizes(), (at::IntArrayRef{576, 1536}));
        EXPECT_EQ(weights.at(p + "input_layernorm.weight").sizes(), (at::IntArrayRef{576}));
    }
    EXPECT_EQ(weights.at("model.embed_tokens.weight").sizes(), (at::IntArrayRef{49152, 576}));
}

// Rows of layer 0's q_proj and k_proj across heads and both rotary halves, bit-exact against
// gguf-py + the inverse permutation.
TEST_F(DemoGguf, Layer0QueryAndKeyRowsAreUnpermuted) {
    auto weights = ts::GgufLlamaWeights::open(path_);
    const auto ref = ts::SafetensorsFile::open(dataFile("demo_layer0_qk_rows.safetensors"));
    for (const char* which : {"q", "k"}) {
        SCOPED_TRACE(which);
        const auto hfName =
            std::string("model.layers.0.self_attn.") + which + "_proj.weight";
        const auto full = weights->tensor(hfName);
        const auto ids = ref.tensor(std::string(which) + "_row_ids");
        const auto expected = ref.tensor(std::string(which) + "_rows");
        EXPECT_TRUE(torch::equal(full.index_select(0, ids), expected));
        // The stored (permuted) order differs: the un-permutation is doing real work.
        const auto stored = ts::dequantize(weights->file(),
                                           std::string("blk.0.attn_") + which + ".weight");
        EXPECT_FALSE(torch::equal(stored.index_select(0, ids), expected));
    }
}
