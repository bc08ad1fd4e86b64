// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/lora.h"

#include "engine/core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace ts {

const std::vector<std::string>& loraTargetModuleNames() {
    static const std::vector<std::string> names = {"q_proj", "k_proj", "v_proj", "o_proj",
                                                   "gate_proj", "up_proj", "down_proj"};
    return names;
}

bool isAttentionProjection(const std::string& module) {
    return module == "q_proj" || module == "k_proj" || module == "v_proj" || module == "o_proj";
}

double LoraConfig::scaling() const {
    return rsLora ? alpha / std::sqrt(static_cast<double>(r)) : alpha / static_cast<double>(r);
}

bool LoraConfig::isTargeted(const std::string& module) const {
    return std::find(targets.begin(), targets.end(), module) != targets.end();
}

void LoraConfig::validate(const std::string& file, const std::string& fieldPrefix) const {
    if (r < 1 || r > kMaxLoraRank)
        throw Error("rank must be an integer in [1, " + std::to_string(kMaxLoraRank) + "], got " +
                        std::to_string(r),
                    file, fieldPrefix + "r");
    if (!std::isfinite(alpha) || alpha <= 0)
        throw Error("alpha must be a finite number > 0", file, fieldPrefix + "alpha");
    if (!std::isfinite(dropout) || dropout < 0 || dropout >= 1)
        throw Error("dropout must be in [0, 1)", file, fieldPrefix + "dropout");
    if (targets.empty())
        throw Error("at least one target module is needed (q_proj, k_proj, v_proj, o_proj, "
                    "gate_proj, up_proj, down_proj)",
                    file, fieldPrefix + "targets");
    std::set<std::string> seen;
    const auto& allowed = loraTargetModuleNames();
    for (const auto& t : targets) {
        if (std::find(allowed.begin(), allowed.end(), t) == allowed.end())
            throw Error("unknown target module '" + t +
                            "' (allowed: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)",
                        file, fieldPrefix + "targets");
        if (!seen.insert(t).second)
            throw Error("target module '" + t + "' is listed twice", file, fieldPrefix + "targets");
    }
}

LoraAdapterImpl::LoraAdapterImpl(int64_t inFeatures, int64_t outFeatures, const LoraConfig& config)
    : in_(inFeatures), out_(outFeatures), scaling_(config.scaling()), dropout_(config.dropout),
      autocast_(config.compute == LoraConfig::Compute::Autocast) {
    config.validate();
    if (inFeatures <= 0 || outFeatures <= 0)
        throw Error("a LoRA adapter needs positive in/out features, got " +
                        std::to_string(inFeatures) + " x " + std::to_string(outFeatures),
                    {}, "features");
    a_ = register_parameter("lora_A", torch::empty({config.r, inFeatures}, torch::kFloat32));
    b_ = register_parameter("lora_B", torch::zeros({outFeatures, config.r}, torch::kFloat32));
    // PEFT's default init: A like nn.Linear (kaiming_uniform_, a=sqrt(5): U(+-1/sqrt(in))),
    // B zero, so the adapter starts as an exact no-op.
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(a_, std::sqrt(5.0));
}

namespace {

// base + scaling * x A^T B^T with the adapter path in float32 (the adapter weights' dtype)
// whatever x's dtype, and the sum formed in float32 and rounded once to base's dtype: PEFT's
// `result + lora_B(lora_A(x.to(float32))) * scaling`. Written out instead of left to autograd
// for memory and bandwidth: autograd would keep a float32 copy of x for every adapted
// projection, where this keeps x itself (its float32 upcast is exact) and upcasts again in
// backward; the scaling is applied on the rank-r side, and the sum is written straight into the
// output dtype without a float32 intermediate of the output's size.
struct LoraSum : public torch::autograd::Function<LoraSum> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor input,
                                 torch::Tensor base, torch::Tensor a, torch::Tensor b, double scaling) {
        const auto hidden = torch::matmul(input.to(a.scalar_type()), a.t());  // [..., r]
        ctx->save_for_backward({input, hidden, a, b});
        ctx->saved_data["scaling"] = scaling;
        const auto update = torch::matmul(hidden * scaling, b.t());           // [..., out] float32
        auto out = torch::empty_like(base);
        torch::add_out(out, base, update);  // computed in float32, stored in base's dtype
        return out;
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto& input = saved[0];
        const auto& hidden = saved[1];
        const auto& a = saved[2];
        const auto& b = saved[3];
        const double scaling = ctx->saved_data["scaling"].toDouble();
        const auto& gradOut = grads[0];
        const auto g = gradOut.to(a.scalar_type()).reshape({-1, b.size(0)});    // [N, out]
        const auto gradB = torch::matmul(g.t(), hidden.reshape({-1, a.size(0)})).mul_(scaling);
        const auto gradHidden = torch::matmul(g, b).mul_(scaling);             // [N, r]
        const auto gradA = torch::matmul(gradHidden.t(), input.reshape({-1, a.size(1)}).to(a.scalar_type()));
        torch::Tensor gradInput;
        if (ctx->needs_input_grad(0))
            gradInput = torch::matmul(gradHidden, a).to(input.scalar_type()).view(input.sizes());
        // The float32 sum rounded to base's dtype passes the gradient through unchanged.
        return {gradInput, gradOut, gradA, gradB, torch::Tensor()};
    }
};

// The same sum with the adapter path in the input's dtype (bf16 on CUDA): A and B are cast from
// their float32 master copies on every call (r x in and out x r: small), the two matmuls and
// their gradients run in bf16 with float32 accumulation, and the gradients are cast back to
// float32 for the optimizer. This is what autocast does to PEFT's LoRA layers under the Hugging
// Face Trainer's bf16 mode; it skips the float32 copies of x and of the output gradient.
struct LoraSumAutocast : public torch::autograd::Function<LoraSumAutocast> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor input,
                                 torch::Tensor base, torch::Tensor a, torch::Tensor b, double scaling) {
        const auto ac = a.to(input.scalar_type());
        const auto bc = b.to(input.scalar_type());
        const auto hidden = torch::matmul(input, ac.t());  // [..., r]
        ctx->save_for_backward({input, hidden, ac, bc});
        ctx->saved_data["scaling"] = scaling;
        return torch::add(base, torch::matmul(hidden, bc.t()), scaling).to(base.scalar_type());
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto& input = saved[0];
        const auto& hidden = saved[1];
        const auto& ac = saved[2];
        const auto& bc = saved[3];
        const double scaling = ctx->saved_data["scaling"].toDouble();
        const auto g = grads[0].to(input.scalar_type()).reshape({-1, bc.size(0)});  // [N, out]
        const auto gradB = torch::matmul(g.t(), hidden.reshape({-1, ac.size(0)})).mul_(scaling);
        const auto gradHidden = torch::matmul(g, bc).mul_(scaling);               // [N, r]
        const auto gradA = torch::matmul(gradHidden.t(), input.reshape({-1, ac.size(1)}));
        torch::Tensor gradInput;
        if (ctx->needs_input_grad(0)) gradInput = torch::matmul(gradHidden, ac).view(input.sizes());
        return {gradInput, grads[0], gradA.to(torch::kFloat32), gradB.to(torch::kFloat32), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor LoraAdapterImpl::forward(const torch::Tensor& x, const torch::Tensor& baseOutput) {
    const auto input = (is_training() && dropout_ > 0) ? torch::dropout(x, dropout_, true) : x;
    // On float32 activations (the CPU) the two paths are the same arithmetic.
    if (autocast_ && input.scalar_type() != a_.scalar_type())
        return LoraSumAutocast::apply(input, baseOutput, a_, b_, scaling_);
    return LoraSum::apply(input, baseOutput, a_, b_, scaling_);
}

torch::Tensor LoraAdapterImpl::deltaWeight() const {
    return torch::matmul(b_, a_) * scaling_;
}

torch::Tensor LoraAdapterImpl::mergeInto(const torch::Tensor& denseWeight) const {
    if (denseWeight.dim() != 2 || denseWeight.size(0) != out_ || denseWeight.size(1) != in_)
        throw Error("cannot merge a " + std::to_string(out_) + "x" + std::to_string(in_) +
                        " adapter into a weight of another shape",
                    {}, "weight");
    torch::NoGradGuard noGrad;
    const auto delta = deltaWeight().to(denseWeight.device());
    return (denseWeight.to(torch::kFloat32) + delta).to(denseWeight.scalar_type());
}

}  // namespace ts
