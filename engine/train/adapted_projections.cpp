// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/train/adapted_projections.h"

namespace ts {

namespace {

// y = x W^T + b with W dequantized on the fly in forward AND in backward, so autograd keeps only
// the 4-bit weight, never the full-precision copy (as bitsandbytes' MatMul4Bit). The frozen
// weight gets no gradient; only the input does.
struct Nf4Linear : public torch::autograd::Function<Nf4Linear> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor input,
                                 std::int64_t quantAddress) {
        const auto* q = reinterpret_cast<const Nf4Tensor*>(quantAddress);
        ctx->saved_data["q"] = quantAddress;
        ctx->saved_data["dtype"] = static_cast<std::int64_t>(input.scalar_type());
        return torch::matmul(input, dequantizeNf4(*q, input.scalar_type()).t());
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto* q = reinterpret_cast<const Nf4Tensor*>(ctx->saved_data["q"].toInt());
        const auto dtype = static_cast<torch::ScalarType>(ctx->saved_data["dtype"].toInt());
        auto weight = dequantizeNf4(*q, dtype);
        return {torch::matmul(grads[0].to(dtype), weight), torch::Tensor()};
    }
};

}  // namespace

Nf4Projection::Nf4Projection(const Projection& dense, DoubleQuant doubleQuant)
    : Projection(dense.inFeatures(), dense.outFeatures()) {
    torch::NoGradGuard noGrad;
    auto weight = dense.denseWeight();
    q_ = quantizeNf4(weight, doubleQuant);
    if (auto b = dense.bias()) {
        bias_ = b->detach().clone();
        register_buffer("bias", bias_);
    }
}

torch::Tensor Nf4Projection::forward(const torch::Tensor& input) {
    // Dequantize in the activation dtype: bf16 on CUDA, float32 on the CPU. The full-precision
    // weight lives only for this matmul.
    auto out = Nf4Linear::apply(input, reinterpret_cast<std::int64_t>(&q_));
    return bias_.defined() ? out + bias_.to(input.scalar_type()) : out;
}

torch::Tensor Nf4Projection::denseWeight() const { return dequantizeNf4(q_, torch::kFloat); }

std::optional<torch::Tensor> Nf4Projection::bias() const {
    if (!bias_.defined()) return std::nullopt;
    return bias_;
}

std::int64_t Nf4Projection::storedBytes() const {
    std::int64_t bytes = q_.packed.numel() * q_.packed.element_size();
    bytes += q_.absmax.numel() * q_.absmax.element_size();
    return bytes;
}

LoraProjection::LoraProjection(std::shared_ptr<Projection> base, const LoraConfig& config)
    : Projection(base->inFeatures(), base->outFeatures()), base_(std::move(base)) {
    adapter_ = register_module("lora", LoraAdapter(inFeatures(), outFeatures(), config));
}

torch::Tensor LoraProjection::forward(const torch::Tensor& input) {
    auto baseOut = base_->forward(input);
    return enabled_ ? adapter_->forward(input, baseOut) : baseOut;
}

torch::Tensor LoraProjection::denseWeight() const {
    torch::NoGradGuard noGrad;
    auto base = base_->denseWeight().to(torch::kFloat);
    return adapter_->mergeInto(base);
}

}  // namespace ts
