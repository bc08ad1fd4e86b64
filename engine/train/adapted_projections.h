// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two Projection implementations training swaps into a loaded model:
//   Nf4Projection  — the frozen base weight stored as NF4 (QLoRA), dequantized per forward;
//   LoraProjection — any base Projection plus a trainable low-rank adapter.
#include "engine/model/projection.h"
#include "engine/train/lora.h"
#include "engine/train/nf4.h"

#include <memory>

namespace ts {

class Nf4Projection : public Projection {
public:
    // Quantizes `dense` (its weight and bias are taken over; the dense weight can be freed).
    Nf4Projection(const Projection& dense, DoubleQuant doubleQuant);
    torch::Tensor forward(const torch::Tensor& input) override;
    torch::Tensor denseWeight() const override;  // dequantized, float32
    std::optional<torch::Tensor> bias() const override;
    const Nf4Tensor& quantized() const { return q_; }
    std::int64_t storedBytes() const;

private:
    Nf4Tensor q_;
    torch::Tensor bias_;
};

class LoraProjection : public Projection {
public:
    LoraProjection(std::shared_ptr<Projection> base, const LoraConfig& config);
    torch::Tensor forward(const torch::Tensor& input) override;
    // The merged weight: base + scaling * B @ A (float32).
    torch::Tensor denseWeight() const override;
    std::optional<torch::Tensor> bias() const override { return base_->bias(); }

    // Off: the projection acts as its base alone (the DPO reference model).
    void setAdapterEnabled(bool enabled) { enabled_ = enabled; }
    bool adapterEnabled() const { return enabled_; }
    const std::shared_ptr<Projection>& base() const { return base_; }
    LoraAdapter& adapter() { return adapter_; }

private:
    std::shared_ptr<Projection> base_;
    LoraAdapter adapter_{nullptr};
    bool enabled_ = true;
};

}  // namespace ts
