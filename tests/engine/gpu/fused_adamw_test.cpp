// SPDX-License-Identifier: GPL-3.0-or-later
// TrainingAdamW's fused CUDA step against torch::optim::AdamW's per-tensor step: the same
// parameters after several steps with weight decay, and a checkpointed optimizer continues the
// same way.
#include "engine/train/optimizer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

namespace {

std::vector<torch::Tensor> randomParams(int seed, const torch::Device& device) {
    torch::manual_seed(seed);
    std::vector<torch::Tensor> params;
    for (auto shape : std::vector<std::vector<int64_t>>{{16, 256}, {512, 16}, {16, 64}, {7}})
        params.push_back(torch::randn(shape).to(device).requires_grad_(true));
    return params;
}

void setGrads(std::vector<torch::Tensor>& params, int seed) {
    torch::manual_seed(seed);
    for (auto& p : params) p.mutable_grad() = torch::randn(p.sizes()).to(p.device()) * 0.1;
}

void expectSame(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_TRUE(torch::allclose(a[i].cpu(), b[i].cpu(), 1e-5, 1e-7))
            << "parameter " << i << " max diff " << (a[i] - b[i]).abs().max().item<double>();
}

torch::optim::AdamWOptions options() {
    torch::optim::AdamWOptions o(3e-3);
    o.betas({0.9, 0.999}).eps(1e-8).weight_decay(0.1);
    return o;
}

TEST(FusedAdamW, MatchesThePerTensorStepAndResumes) {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    const torch::Device gpu(torch::kCUDA, 0);
    auto fusedParams = randomParams(5, gpu);
    auto plainParams = randomParams(5, gpu);
    ts::TrainingAdamW fused(fusedParams, options());
    torch::optim::AdamW plain(plainParams, options());
    for (int step = 0; step < 3; ++step) {
        setGrads(fusedParams, 100 + step);
        setGrads(plainParams, 100 + step);
        fused.step();
        plain.step();
#if TORCH_VERSION_MAJOR >= 2
        EXPECT_TRUE(fused.lastStepFused());
#endif
    }
    expectSame(fusedParams, plainParams);

    // Save, load into a fresh optimizer over copies of the parameters, and take two more steps.
    const auto path = (std::filesystem::temp_directory_path() / "ts_fused_adamw_test.pt").string();
    torch::save(fused, path);
    std::vector<torch::Tensor> resumedParams;
    for (const auto& p : fusedParams) resumedParams.push_back(p.detach().clone().requires_grad_(true));
    ts::TrainingAdamW resumed(resumedParams, options());
    torch::load(resumed, path);
    std::filesystem::remove(path);
    for (int step = 3; step < 5; ++step) {
        setGrads(resumedParams, 100 + step);
        setGrads(plainParams, 100 + step);
        resumed.step();
        plain.step();
    }
    expectSame(resumedParams, plainParams);
}

}  // namespace
