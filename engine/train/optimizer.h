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

std::unique_ptr<torch::optim::AdamW> makeAdamW(const std::vector<torch::Tensor>& parameters,
                                               const Recipe& recipe);

// Sets the learning rate of every parameter group (called each step with the schedule's value).
void setLearningRate(torch::optim::AdamW& optimizer, double lr);

}  // namespace ts
