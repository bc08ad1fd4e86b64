// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/error.h"
#include "engine/model/generate.h"

#include <gtest/gtest.h>

namespace {

ts::ModelConfig tinyConfig() {
    ts::ModelConfig c;
    c.architectureName = "LlamaForCausalLM";
    c.hiddenSize = 32;
    c.intermediateSize = 64;
    c.numHiddenLayers = 2;
    c.numAttentionHeads = 4;
    c.numKeyValueHeads = 2;
    c.headDim = 8;
    c.vocabSize = 40;
    c.maxPositionEmbeddings = 64;
    c.eosTokenIds = {2};
    return c;
}

std::shared_ptr<ts::CausalLM> makeModel() {
    auto config = tinyConfig();
    auto model = std::make_shared<ts::CausalLM>(config, torch::TensorOptions().dtype(torch::kFloat));
    model->loadWeights(ts::TensorMapWeightSource(ts::randomWeights(config, 7, 0.3)), "random");
    return model;
}

// Greedy decoding by hand: a full forward over the whole sequence each step, no cache.
std::vector<std::int64_t> naiveGreedy(ts::CausalLM& model, std::vector<std::int64_t> tokens, int steps) {
    torch::NoGradGuard noGrad;
    std::vector<std::int64_t> out;
    for (int i = 0; i < steps; ++i) {
        auto logits = model.forward(torch::tensor(tokens, torch::kLong).unsqueeze(0));
        auto next = logits[0][-1].argmax().item<std::int64_t>();
        out.push_back(next);
        tokens.push_back(next);
    }
    return out;
}

ts::GenerationParams greedy(int n) {
    ts::GenerationParams p;
    p.temperature = 0;
    p.maxNewTokens = n;
    p.ignoreStopTokens = true;
    return p;
}

TEST(Generate, GreedyWithCacheEqualsNaiveArgmax) {
    auto model = makeModel();
    std::vector<std::int64_t> prompt{1, 5, 9, 3};
    auto result = ts::generate(*model, prompt, greedy(12));
    EXPECT_EQ(result.tokens, naiveGreedy(*model, prompt, 12));
    EXPECT_EQ(result.stopReason, ts::StopReason::MaxNewTokens);
}

TEST(Generate, SamplingIsDeterministicPerSeedAndTopKOneIsGreedy) {
    auto model = makeModel();
    std::vector<std::int64_t> prompt{1, 5, 9};
    ts::GenerationParams p = greedy(16);
    p.temperature = 1.5;
    p.seed = 11;
    auto a = ts::generate(*model, prompt, p).tokens;
    EXPECT_EQ(a, ts::generate(*model, prompt, p).tokens);
    p.seed = 12;
    EXPECT_NE(a, ts::generate(*model, prompt, p).tokens);  // 16 draws at high temperature
    p.topK = 1;
    EXPECT_EQ(ts::generate(*model, prompt, p).tokens, ts::generate(*model, prompt, greedy(16)).tokens);
}

TEST(Generate, SampleTokenFilters) {
    auto logits = torch::tensor({0.0f, 3.0f, 2.0f, 1.0f});
    ts::GenerationParams p;
    p.temperature = 1.0;
    p.topK = 2;
    for (double u : {0.0, 0.3, 0.7, 0.999}) {
        auto t = ts::sampleToken(logits, {}, p, u);
        EXPECT_TRUE(t == 1 || t == 2) << t;
    }
    p.topK = 0;
    p.topP = 0.5;  // token 1 alone has softmax mass 0.64 >= 0.5
    for (double u : {0.0, 0.5, 0.999}) EXPECT_EQ(ts::sampleToken(logits, {}, p, u), 1);
    // Repetition penalty 10 divides the positive logit of seen token 1 to 0.3: 2 wins.
    p = greedy(1);
    p.repetitionPenalty = 10;
    EXPECT_EQ(ts::sampleToken(logits, {1}, p, 0.5), 2);
    EXPECT_EQ(ts::sampleToken(logits, {}, p, 0.5), 1);
}

TEST(Generate, StopsAtStopTokenCallbackAndCancel) {
    auto model = makeModel();
    std::vector<std::int64_t> prompt{1, 5, 9, 3};
    auto free = ts::generate(*model, prompt, greedy(10)).tokens;
    ASSERT_EQ(free.size(), 10u);
    auto p = greedy(10);
    p.ignoreStopTokens = false;
    p.stopTokenIds = {free[3]};
    auto stopped = ts::generate(*model, prompt, p);
    EXPECT_EQ(stopped.stopReason, ts::StopReason::StopToken);
    EXPECT_EQ(stopped.tokens.back(), free[3]);
    EXPECT_LE(stopped.tokens.size(), 4u);

    std::vector<std::int64_t> streamed;
    auto byCallback = ts::generate(*model, prompt, greedy(10), [&](std::int64_t t) {
        streamed.push_back(t);
        return streamed.size() < 5;
    });
    EXPECT_EQ(byCallback.stopReason, ts::StopReason::CallbackStopped);
    EXPECT_EQ(streamed, std::vector<std::int64_t>(free.begin(), free.begin() + 5));
    EXPECT_EQ(byCallback.tokens, streamed);

    std::atomic<bool> cancel{false};
    auto cancelled = ts::generate(*model, prompt, greedy(10), [&](std::int64_t) {
        cancel = true;
        return true;
    }, &cancel);
    EXPECT_EQ(cancelled.stopReason, ts::StopReason::Cancelled);
    EXPECT_EQ(cancelled.tokens.size(), 1u);
}

TEST(Generate, BatchEqualsSinglePrompts) {
    auto model = makeModel();
    std::vector<std::vector<std::int64_t>> prompts{{1, 5, 9, 3, 20, 21}, {7}, {4, 4, 8}};
    auto batch = ts::generateBatch(*model, prompts, greedy(8));
    ASSERT_EQ(batch.size(), 3u);
    for (size_t i = 0; i < prompts.size(); ++i)
        EXPECT_EQ(batch[i].tokens, ts::generate(*model, prompts[i], greedy(8)).tokens) << "prompt " << i;
}

TEST(Generate, RejectsBadInput) {
    auto model = makeModel();
    EXPECT_THROW(ts::generate(*model, {}, greedy(3)), ts::Error);
    EXPECT_THROW(ts::generate(*model, {1, 40}, greedy(3)), ts::Error);
    auto p = greedy(3);
    p.topP = 0;
    EXPECT_THROW(ts::generate(*model, {1}, p), ts::Error);
}

}  // namespace
