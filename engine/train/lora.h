// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LoRA (low-rank adaptation) for one linear layer, independent of any model: the model's
// projections (q/k/v/o/gate/up/down) hold one LoraAdapter each and add its output to the base
// (dense or NF4) projection's output. Semantics follow PEFT's LoraLayer: A [r, in] initialised
// with kaiming_uniform_(a=sqrt(5)), B [out, r] zeros, dropout on the input of the LoRA branch
// only, scaling alpha/r (or alpha/sqrt(r) with rsLoRA).
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <string>
#include <vector>

namespace ts {

// The projection names LoRA may target, in the order PEFT users list them.
const std::vector<std::string>& loraTargetModuleNames();
// True for the attention projections (self_attn.*), false for the MLP ones (mlp.*).
bool isAttentionProjection(const std::string& module);

struct LoraConfig {
    int64_t r = 16;
    double alpha = 32.0;
    double dropout = 0.05;
    std::vector<std::string> targets = {"q_proj", "k_proj", "v_proj", "o_proj",
                                        "gate_proj", "up_proj", "down_proj"};
    bool rsLora = false;
    // Float32 (the default): the adapter path computed in float32 whatever the activations are,
    // PEFT's own arithmetic (it casts x to the adapter weights' dtype). Autocast: computed in the
    // activations' dtype (bf16 on CUDA) from float32 master weights, as PEFT runs under the
    // Hugging Face Trainer's bf16 autocast. On the H200 the two train at the same speed within
    // 1% (docs/benchmarks.md); on the CPU, where activations are float32, they are the same
    // arithmetic. Recipe key lora.compute.
    enum class Compute { Float32, Autocast };
    Compute compute = Compute::Float32;

    // alpha / r, or alpha / sqrt(r) with rsLoRA (Kalajdzievski 2023: keeps the update's scale
    // stable as r grows).
    double scaling() const;
    bool isTargeted(const std::string& module) const;
    // Throws ts::Error naming the field (fieldPrefix + "r", ...) and the allowed range.
    void validate(const std::string& file = {}, const std::string& fieldPrefix = "lora.") const;
};

constexpr int64_t kMaxLoraRank = 1024;

// One adapter. Parameters are float32 whatever the compute dtype; forward() runs the adapter
// path in float32 or, with Compute::Autocast, in the dtype of x (bf16 activations give bf16
// matmuls), and the gradients reach the float32 parameters either way.
class LoraAdapterImpl : public torch::nn::Module {
public:
    LoraAdapterImpl(int64_t inFeatures, int64_t outFeatures, const LoraConfig& config);

    // baseOutput + dropout(x) @ A^T @ B^T * scaling, the adapter path and the sum in float32
    // (or in x's dtype with Compute::Autocast), returned in baseOutput's dtype. x: [..., in], baseOutput: [..., out]. Dropout is active
    // only in training mode (Module::train()).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& baseOutput);

    // scaling * B @ A as float32 [out, in]: what merging adds to the dense weight.
    torch::Tensor deltaWeight() const;
    // denseWeight [out, in] + deltaWeight(), returned in denseWeight's dtype (the sum is
    // formed in float32). The caller dequantizes an NF4 weight first.
    torch::Tensor mergeInto(const torch::Tensor& denseWeight) const;

    torch::Tensor& loraA() { return a_; }  // [r, in], float32
    torch::Tensor& loraB() { return b_; }  // [out, r], float32
    double scaling() const { return scaling_; }
    int64_t inFeatures() const { return in_; }
    int64_t outFeatures() const { return out_; }

private:
    int64_t in_, out_;
    double scaling_, dropout_;
    bool autocast_ = false;
    torch::Tensor a_, b_;
};
TORCH_MODULE(LoraAdapter);

}  // namespace ts
