// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The optimizer for LoRA parameters: torch::optim::AdamW, which has torch.optim.AdamW's
// semantics (decoupled weight decay: p *= 1 - lr * weight_decay before the Adam update, bias
// corrections 1 - beta^t, eps added after the square root; see tests/engine/unit/adamw_test.cpp).
// Betas (0.9, 0.999) and eps 1e-8 are the transformers Trainer defaults.
#include <torch/optim/adamw.h>

#include <memory>
#include <vector>

namespace ts {

struct Recipe;

// AdamW whose step runs as one fused kernel over all parameters when they live on a CUDA device
// (libtorch 2.x's _fused_adamw_, the kernel behind torch.optim.AdamW(fused=True)). A LoRA model
// has hundreds of small parameter tensors: the per-tensor step launches about eight kernels
// each, and the GPU waits on those launches. Elsewhere (the CPU) it is torch::optim::AdamW's own
// step. The state (moments, step counts) is AdamW's, so checkpoints are the same either way.
class TrainingAdamW : public torch::optim::AdamW {
public:
    TrainingAdamW(const std::vector<torch::Tensor>& parameters, const torch::optim::AdamWOptions& options);
    torch::Tensor step(LossClosure closure = nullptr) override;
    void load(torch::serialize::InputArchive& archive) override;
    // Whether the last step() went through the fused kernel (for tests and the benchmark).
    bool lastStepFused() const { return lastStepFused_; }

private:
    bool fusedStep();
    std::vector<torch::Tensor> deviceSteps_;  // float32 step counts on the device, one per parameter
    bool lastStepFused_ = false;
};

std::unique_ptr<TrainingAdamW> makeAdamW(const std::vector<torch::Tensor>& parameters, const Recipe& recipe);

// Sets the learning rate of every parameter group (called each step with the schedule's value).
void setLearningRate(torch::optim::AdamW& optimizer, double lr);

}  // namespace ts
