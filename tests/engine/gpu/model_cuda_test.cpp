// SPDX-License-Identifier: GPL-3.0-or-later
// The same forward on CUDA in bf16 against the CPU fp32 logits.
#include "engine/model/generate.h"
#include "engine/model/model_loader.h"

#include <gtest/gtest.h>

namespace {

class ModelCuda : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelCuda, Bf16LogitsFollowCpuFp32) {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    const std::string folder = std::string(TS_TEST_DATA_DIR) + "/reference_models/" + GetParam();
    auto cpu = ts::loadCausalLM(folder, torch::kCPU);
    auto gpu = ts::loadCausalLM(folder, torch::Device(torch::kCUDA, 0));
    ASSERT_EQ(gpu->dtype(), torch::kBFloat16);
    torch::NoGradGuard noGrad;
    // Two left-padded rows exercise the masked attention path on the GPU kernels too.
    auto ids = torch::tensor({1, 17, 250, 3, 99, 42, 310, 7, 0, 0, 0, 5, 128, 64, 5, 200}, torch::kLong).view({2, 8});
    auto mask = torch::tensor({1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1}, torch::kLong).view({2, 8});
    auto expected = cpu->forward(ids, mask);
    auto actual = gpu->forward(ids, mask).to(torch::kCPU);
    ASSERT_EQ(actual.scalar_type(), torch::kFloat);
    auto real = mask.to(torch::kBool);  // padding rows are don't-care
    auto diff = (actual - expected).abs().amax(-1).masked_select(real);
    const double scale = expected.abs().max().item<double>();
    // bf16 keeps 8 mantissa bits; two layers of rounding stay within a few percent.
    EXPECT_LT(diff.max().item<double>(), 0.05 * scale + 0.05) << GetParam();
    // The most likely next token agrees at nearly every real position.
    auto agree = (actual.argmax(-1) == expected.argmax(-1)).masked_select(real).to(torch::kFloat).mean();
    EXPECT_GE(agree.item<double>(), 0.8) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(ReferenceModels, ModelCuda, ::testing::Values("llama", "mistral", "qwen2"));

}  // namespace
