// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/optimizer.h"

#include "engine/train/recipe.h"

#include <torch/torch.h>

namespace ts {

TrainingAdamW::TrainingAdamW(const std::vector<torch::Tensor>& parameters,
                             const torch::optim::AdamWOptions& options)
    : torch::optim::AdamW(parameters, options) {}

torch::Tensor TrainingAdamW::step(LossClosure closure) {
    lastStepFused_ = !closure && fusedStep();
    if (lastStepFused_) return {};
    return torch::optim::AdamW::step(std::move(closure));
}

void TrainingAdamW::load(torch::serialize::InputArchive& archive) {
    torch::optim::AdamW::load(archive);
    deviceSteps_.clear();  // the step counts came from the archive
}

bool TrainingAdamW::fusedStep() {
#if TORCH_VERSION_MAJOR >= 2
    if (param_groups_.size() != 1) return false;
    auto& group = param_groups_.front();
    const auto& options = static_cast<const torch::optim::AdamWOptions&>(group.options());
    if (options.amsgrad() || group.params().empty()) return false;
    const auto device = group.params().front().device();
    if (!device.is_cuda()) return false;
    for (const auto& p : group.params())
        if (!p.grad().defined() || p.device() != device || p.scalar_type() != torch::kFloat32 ||
            p.grad().is_sparse())
            return false;

    std::vector<torch::Tensor> params, grads, expAvgs, expAvgSqs;
    bool stepsStale = deviceSteps_.size() != group.params().size();
    for (const auto& p : group.params()) {
        auto found = state_.find(p.unsafeGetTensorImpl());
        if (found == state_.end()) {
            auto fresh = std::make_unique<torch::optim::AdamWParamState>();
            fresh->step(0);
            fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
            fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
            state_[p.unsafeGetTensorImpl()] = std::move(fresh);
            found = state_.find(p.unsafeGetTensorImpl());
            stepsStale = true;
        }
        auto& state = static_cast<torch::optim::AdamWParamState&>(*found->second);
        params.push_back(p);
        grads.push_back(p.grad());
        expAvgs.push_back(state.exp_avg());
        expAvgSqs.push_back(state.exp_avg_sq());
    }
    if (stepsStale) {
        // One host-to-device copy of all step counts; afterwards they advance on the device.
        std::vector<float> counts;
        for (const auto& p : group.params())
            counts.push_back(float(static_cast<torch::optim::AdamWParamState&>(*state_[p.unsafeGetTensorImpl()]).step()));
        const auto onDevice = torch::tensor(counts).to(device);
        deviceSteps_.clear();
        for (std::size_t i = 0; i < counts.size(); ++i) deviceSteps_.push_back(onDevice[int64_t(i)]);
    }
    torch::NoGradGuard noGrad;
    at::_foreach_add_(deviceSteps_, 1);
    at::_fused_adamw_(params, grads, expAvgs, expAvgSqs, {}, deviceSteps_, options.lr(),
                      std::get<0>(options.betas()), std::get<1>(options.betas()),
                      options.weight_decay(), options.eps(), /*amsgrad=*/false, /*maximize=*/false);
    // The host copy of the step counts is what a checkpoint saves.
    for (const auto& p : group.params()) {
        auto& state = static_cast<torch::optim::AdamWParamState&>(*state_[p.unsafeGetTensorImpl()]);
        state.step(state.step() + 1);
    }
    return true;
#else
    return false;
#endif
}

std::unique_ptr<TrainingAdamW> makeAdamW(const std::vector<torch::Tensor>& parameters, const Recipe& recipe) {
    torch::optim::AdamWOptions options(recipe.lr);
    options.betas({0.9, 0.999}).eps(1e-8).weight_decay(recipe.weightDecay).amsgrad(false);
    return std::make_unique<TrainingAdamW>(parameters, options);
}

void setLearningRate(torch::optim::AdamW& optimizer, double lr) {
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

}  // namespace ts
