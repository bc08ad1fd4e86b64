// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one abstraction every linear layer of the decoder goes through (q/k/v/o, gate/up/down,
// lm_head). The model owns its projections by name ("model.layers.3.self_attn.q_proj") and
// lets callers swap any of them: a quantized base (NF4) replaces DenseProjection, and a LoRA
// wrapper holds a base Projection plus trainable low-rank factors. Everything else in the
// model stays the same.
#include <torch/torch.h>

#include <cstdint>
#include <optional>

namespace ts {

class Projection : public torch::nn::Module {
public:
    Projection(std::int64_t inFeatures, std::int64_t outFeatures)
        : inFeatures_(inFeatures), outFeatures_(outFeatures) {}
    // input [..., inFeatures] -> [..., outFeatures].
    virtual torch::Tensor forward(const torch::Tensor& input) = 0;
    // The effective weight [out, in] in full precision (dequantized / merged); for checks,
    // merging and export. May be expensive.
    virtual torch::Tensor denseWeight() const = 0;
    virtual std::optional<torch::Tensor> bias() const = 0;

    std::int64_t inFeatures() const { return inFeatures_; }
    std::int64_t outFeatures() const { return outFeatures_; }

private:
    std::int64_t inFeatures_;
    std::int64_t outFeatures_;
};

// A frozen dense weight [out, in] and an optional bias [out], registered as parameters named
// "weight" and "bias" (so the module tree's parameter names are the Hugging Face tensor names)
// with requires_grad off.
class DenseProjection : public Projection {
public:
    DenseProjection(std::int64_t inFeatures, std::int64_t outFeatures, bool withBias,
                    const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& input) override;
    torch::Tensor denseWeight() const override { return weight_; }
    std::optional<torch::Tensor> bias() const override;

    torch::Tensor& weight() { return weight_; }

private:
    torch::Tensor weight_;
    torch::Tensor bias_;  // undefined when the layer has no bias
};

}  // namespace ts
