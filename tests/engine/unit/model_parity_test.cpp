// SPDX-License-Identifier: GPL-3.0-or-later
// Parity with Hugging Face transformers: tiny random Llama (llama3 rope scaling, GQA, untied),
// Mistral (bf16 on disk) and Qwen2 (q/k/v bias, tied embeddings, fp16 on disk, sharded)
// checkpoints with fp32 logits and greedy continuations computed by transformers
// (scripts/reference/make_model_references.py).
#include "engine/model/generate.h"
#include "engine/model/model_loader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

class ModelParity : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelParity, LogitsAndGreedyContinuationMatchTransformers) {
    const std::string folder = std::string(TS_TEST_DATA_DIR) + "/reference_models/" + GetParam();
    std::ifstream in(folder + "/reference.json");
    ASSERT_TRUE(in) << folder;
    const auto reference = nlohmann::json::parse(in);
    const auto inputIds = reference["input_ids"].get<std::vector<std::int64_t>>();
    const auto expectedLogits = reference["logits"].get<std::vector<std::vector<float>>>();
    const auto expectedGreedy = reference["greedy_ids"].get<std::vector<std::int64_t>>();

    auto model = ts::loadCausalLM(folder, torch::kCPU);
    ASSERT_EQ(model->dtype(), torch::kFloat);
    torch::NoGradGuard noGrad;
    auto logits = model->forward(torch::tensor(inputIds, torch::kLong).unsqueeze(0))[0];
    ASSERT_EQ(logits.size(0), std::int64_t(expectedLogits.size()));
    auto expected = torch::empty_like(logits);
    for (size_t i = 0; i < expectedLogits.size(); ++i)
        expected[std::int64_t(i)] = torch::tensor(expectedLogits[i]);
    const double maxDiff = (logits - expected).abs().max().item<double>();
    EXPECT_LT(maxDiff, 1e-3) << GetParam();
    RecordProperty("max_abs_logit_diff", std::to_string(maxDiff));

    ts::GenerationParams params;
    params.temperature = 0;
    params.maxNewTokens = int(expectedGreedy.size());
    params.ignoreStopTokens = true;  // the reference ran generate() with eos_token_id=None
    EXPECT_EQ(ts::generate(*model, inputIds, params).tokens, expectedGreedy) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(ReferenceModels, ModelParity, ::testing::Values("llama", "mistral", "qwen2"));

}  // namespace
