// SPDX-License-Identifier: GPL-3.0-or-later
// Invariants of the decoder on random weights: causal masking, KV-cache decoding, grouped-query
// attention, left padding, loading errors and projection replacement.
#include "engine/core/error.h"
#include "engine/model/causal_lm.h"

#include <gtest/gtest.h>

namespace {

ts::ModelConfig tinyConfig(std::int64_t kvHeads = 2, bool tied = false) {
    ts::ModelConfig c;
    c.architectureName = "LlamaForCausalLM";
    c.hiddenSize = 32;
    c.intermediateSize = 64;
    c.numHiddenLayers = 2;
    c.numAttentionHeads = 4;
    c.numKeyValueHeads = kvHeads;
    c.headDim = 8;
    c.vocabSize = 50;
    c.rmsNormEps = 1e-5;
    c.tieWordEmbeddings = tied;
    c.maxPositionEmbeddings = 128;
    c.eosTokenIds = {2};
    return c;
}

std::shared_ptr<ts::CausalLM> makeModel(const ts::ModelConfig& config, std::uint64_t seed = 1) {
    auto model = std::make_shared<ts::CausalLM>(config, torch::TensorOptions().dtype(torch::kFloat));
    model->loadWeights(ts::TensorMapWeightSource(ts::randomWeights(config, seed, 0.2)), "random");
    return model;
}

torch::Tensor ids(std::vector<std::int64_t> values) {
    return torch::tensor(values, torch::kLong).unsqueeze(0);
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

TEST(CausalLM, ParameterNamesAreTheHuggingFaceNames) {
    auto model = makeModel(tinyConfig());
    auto params = model->named_parameters();
    EXPECT_TRUE(params.contains("model.embed_tokens.weight"));
    EXPECT_TRUE(params.contains("model.layers.1.self_attn.k_proj.weight"));
    EXPECT_TRUE(params.contains("model.layers.0.mlp.down_proj.weight"));
    EXPECT_TRUE(params.contains("model.layers.0.post_attention_layernorm.weight"));
    EXPECT_TRUE(params.contains("model.norm.weight"));
    EXPECT_TRUE(params.contains("lm_head.weight"));
    EXPECT_EQ(params["model.layers.1.self_attn.k_proj.weight"].sizes(), (c10::IntArrayRef{16, 32}));
    EXPECT_EQ(model->projectionNames().size(), 14u);
    auto tied = makeModel(tinyConfig(2, true));
    EXPECT_FALSE(tied->named_parameters().contains("lm_head.weight"));
}

TEST(CausalLM, PrefixLogitsDoNotDependOnLaterTokens) {
    auto model = makeModel(tinyConfig());
    torch::NoGradGuard noGrad;
    auto shortLogits = model->forward(ids({1, 5, 9, 3}));
    auto longLogits = model->forward(ids({1, 5, 9, 3, 44, 7, 12}));
    EXPECT_EQ(longLogits.sizes(), (c10::IntArrayRef{1, 7, 50}));
    EXPECT_LT(maxDiff(shortLogits, longLogits.slice(1, 0, 4)), 1e-5);
    // And a later token does change the later logits (the model is not trivially constant).
    auto other = model->forward(ids({1, 5, 9, 3, 45, 7, 12}));
    EXPECT_GT(maxDiff(other.slice(1, 4), longLogits.slice(1, 4)), 1e-3);
}

TEST(CausalLM, KvCacheDecodingEqualsFullForward) {
    auto model = makeModel(tinyConfig());
    torch::NoGradGuard noGrad;
    std::vector<std::int64_t> tokens{1, 5, 9, 3, 44, 7, 12, 30};
    auto full = model->forward(ids(tokens));
    ts::KVCache cache;
    // Prefill 3 tokens, then a chunk of 2 (a multi-token step over a cache), then single tokens.
    std::vector<torch::Tensor> parts;
    parts.push_back(model->forward(ids({1, 5, 9}), {}, {}, &cache));
    parts.push_back(model->forward(ids({3, 44}), {}, {}, &cache));
    for (size_t i = 5; i < tokens.size(); ++i) parts.push_back(model->forward(ids({tokens[i]}), {}, {}, &cache));
    EXPECT_EQ(cache.length(), 8);
    EXPECT_LT(maxDiff(torch::cat(parts, 1), full), 1e-5);
}

TEST(CausalLM, GroupedQueryAttentionEqualsRepeatedKeyValueHeads) {
    // A GQA model (2 kv heads for 4 query heads) must equal a plain multi-head model whose k/v
    // projections repeat each kv head for its group of query heads.
    auto gqaConfig = tinyConfig(2);
    auto mhaConfig = tinyConfig(4);
    auto weights = ts::randomWeights(gqaConfig, 3, 0.2);
    auto expanded = weights;
    for (auto& [name, tensor] : expanded) {
        if (name.find("k_proj.weight") == std::string::npos && name.find("v_proj.weight") == std::string::npos)
            continue;
        // [kvHeads*headDim, hidden] -> [kvHeads, 1, headDim, hidden] -> repeat per group.
        tensor = tensor.view({2, 1, 8, 32}).expand({2, 2, 8, 32}).reshape({32, 32}).clone();
    }
    ts::CausalLM gqa(gqaConfig, torch::TensorOptions().dtype(torch::kFloat));
    gqa.loadWeights(ts::TensorMapWeightSource(weights), "gqa");
    ts::CausalLM mha(mhaConfig, torch::TensorOptions().dtype(torch::kFloat));
    mha.loadWeights(ts::TensorMapWeightSource(expanded), "mha");
    torch::NoGradGuard noGrad;
    auto input = ids({1, 7, 8, 20, 33, 2});
    EXPECT_LT(maxDiff(gqa.forward(input), mha.forward(input)), 1e-5);
}

TEST(CausalLM, LeftPaddedBatchMatchesUnpaddedRows) {
    auto model = makeModel(tinyConfig());
    torch::NoGradGuard noGrad;
    auto a = model->forward(ids({1, 5, 9, 3, 44}));
    auto b = model->forward(ids({7, 8}));
    auto batch = torch::tensor({1, 5, 9, 3, 44, 0, 0, 0, 7, 8}, torch::kLong).view({2, 5});
    auto mask = torch::tensor({1, 1, 1, 1, 1, 0, 0, 0, 1, 1}, torch::kLong).view({2, 5});
    auto logits = model->forward(batch, mask);
    EXPECT_FALSE(logits.isnan().any().item<bool>());
    EXPECT_LT(maxDiff(logits[0], a[0]), 1e-5);
    EXPECT_LT(maxDiff(logits[1].slice(0, 3), b[0]), 1e-5);
}

TEST(CausalLM, RotaryMatchesClosedFormAndLlama3Scaling) {
    auto config = tinyConfig();
    ts::RotaryEmbedding plain(config);
    auto inv = plain.inverseFrequencies();
    ASSERT_EQ(inv.size(0), 4);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(inv[i].item<double>(), std::pow(10000.0, -2.0 * i / 8), 1e-7);
    // rotate_half convention: position p turns pair (i, i + d/2) by angle p * inv_freq[i].
    auto x = torch::zeros({1, 1, 1, 8});
    x[0][0][0][1] = 1.0;
    auto pos = torch::full({1, 1}, 3, torch::kLong);
    auto [cos, sin] = plain.cosSin(pos, torch::kFloat);
    auto rotated = ts::applyRotary(x, cos, sin);
    const double angle = 3 * inv[1].item<double>();
    EXPECT_NEAR(rotated[0][0][0][1].item<double>(), std::cos(angle), 1e-6);
    EXPECT_NEAR(rotated[0][0][0][5].item<double>(), std::sin(angle), 1e-6);

    // llama3: long wavelengths divided by factor, short ones kept.
    config.ropeScaling.type = ts::RopeScaling::Type::Llama3;
    config.ropeScaling.factor = 8;
    config.ropeScaling.lowFreqFactor = 1;
    config.ropeScaling.highFreqFactor = 4;
    config.ropeScaling.originalMaxPositionEmbeddings = 32;
    ts::RotaryEmbedding scaled(config);
    auto s = scaled.inverseFrequencies();
    for (int i = 0; i < 4; ++i) {
        const double f = inv[i].item<double>(), wavelen = 2 * M_PI / f;
        if (wavelen < 32.0 / 4) EXPECT_NEAR(s[i].item<double>(), f, 1e-9);
        else if (wavelen > 32.0) EXPECT_NEAR(s[i].item<double>(), f / 8, 1e-9);
        else {
            const double smooth = (32.0 / wavelen - 1) / (4 - 1);
            EXPECT_NEAR(s[i].item<double>(), (1 - smooth) * f / 8 + smooth * f, 1e-7);
        }
    }
}

TEST(CausalLM, LoadErrorsNameTheTensorAndShapes) {
    auto config = tinyConfig();
    auto weights = ts::randomWeights(config, 1);
    weights.erase("model.layers.1.mlp.up_proj.weight");
    ts::CausalLM model(config, torch::TensorOptions().dtype(torch::kFloat));
    try {
        model.loadWeights(ts::TensorMapWeightSource(weights), "/models/x");
        FAIL() << "missing weight accepted";
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "model.layers.1.mlp.up_proj.weight");
        EXPECT_EQ(e.file(), "/models/x");
        EXPECT_NE(std::string(e.what()).find("[64, 32]"), std::string::npos) << e.what();
    }
    weights = ts::randomWeights(config, 1);
    weights["model.norm.weight"] = torch::ones({31});
    try {
        model.loadWeights(ts::TensorMapWeightSource(weights), "/models/x");
        FAIL() << "mis-shaped weight accepted";
    } catch (const ts::Error& e) {
        EXPECT_EQ(e.field(), "model.norm.weight");
        EXPECT_NE(std::string(e.what()).find("[31]"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("[32]"), std::string::npos) << e.what();
    }
    EXPECT_THROW(model.forward(ids({1, 50})), ts::Error);  // id beyond the vocabulary
}

// A projection that adds a constant: stands in for NF4 / LoRA replacements.
class ShiftedProjection : public ts::Projection {
public:
    ShiftedProjection(std::shared_ptr<ts::Projection> base, double shift)
        : Projection(base->inFeatures(), base->outFeatures()), base_(register_module("base", base)), shift_(shift) {}
    torch::Tensor forward(const torch::Tensor& x) override { return base_->forward(x) + shift_; }
    torch::Tensor denseWeight() const override { return base_->denseWeight(); }
    std::optional<torch::Tensor> bias() const override { return base_->bias(); }

private:
    std::shared_ptr<ts::Projection> base_;
    double shift_;
};

TEST(CausalLM, ProjectionsAreReplaceableByName) {
    auto model = makeModel(tinyConfig());
    torch::NoGradGuard noGrad;
    auto input = ids({1, 5, 9});
    auto before = model->forward(input);
    const std::string name = "model.layers.1.self_attn.v_proj";
    auto base = model->projection(name);
    model->replaceProjection(name, std::make_shared<ShiftedProjection>(base, 0.0));
    EXPECT_LT(maxDiff(model->forward(input), before), 1e-6);
    EXPECT_TRUE(model->named_parameters().contains(name + ".base.weight"));
    model->replaceProjection(name, std::make_shared<ShiftedProjection>(base, 0.5));
    EXPECT_GT(maxDiff(model->forward(input), before), 1e-3);
    EXPECT_THROW(model->projection("model.layers.7.self_attn.q_proj"), ts::Error);
    EXPECT_THROW(model->replaceProjection("model.layers.0.mlp.up_proj", base), ts::Error);  // 32->16
}

}  // namespace
