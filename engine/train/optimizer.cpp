// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/optimizer.h"

#include "engine/train/recipe.h"

#include <torch/torch.h>

namespace ts {

std::unique_ptr<torch::optim::AdamW> makeAdamW(const std::vector<torch::Tensor>& parameters,
                                               const Recipe& recipe) {
    torch::optim::AdamWOptions options(recipe.lr);
    options.betas({0.9, 0.999}).eps(1e-8).weight_decay(recipe.weightDecay).amsgrad(false);
    return std::make_unique<torch::optim::AdamW>(parameters, options);
}

void setLearningRate(torch::optim::AdamW& optimizer, double lr) {
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

}  // namespace ts
