// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The few libtorch APIs that differ between Debian's libtorch 1.13 (CPU builds) and the 2.x
// releases used on CUDA machines. Everything else in the engine calls plain libtorch; only this
// header branches on TORCH_VERSION_MAJOR.
#include <torch/torch.h>
#include <torch/version.h>
#include <ATen/autocast_mode.h>

#include <optional>

namespace ts::compat {

// softmax(q k^T / sqrt(d) + mask) v over the last two dims. q: [b, h, s, d], k/v: [b, h, t, d].
// attnMask (optional) is additive (0 = keep, very negative = drop) and broadcasts to
// [b, h, s, t]; isCausal applies a top-left aligned causal mask instead (requires s == t).
inline torch::Tensor scaledDotProductAttention(const torch::Tensor& query, const torch::Tensor& key,
                                               const torch::Tensor& value,
                                               const std::optional<torch::Tensor>& attnMask,
                                               bool isCausal) {
    c10::optional<at::Tensor> mask;
    if (attnMask) mask = *attnMask;
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(query, key, value, mask, /*dropout_p=*/0.0, isCausal);
#else
    // 1.13 has only the private op; it returns (output, attention weights).
    return std::get<0>(at::_scaled_dot_product_attention(query, key, value, mask, /*dropout_p=*/0.0,
                                                         /*need_attn_weights=*/false, isCausal));
#endif
}

// Enables autocast to `dtype` on `device` for the guard's lifetime and restores the previous
// state afterwards. 1.13 has per-backend setters and no RAII guard; 2.x takes a device type.
class AutocastGuard {
public:
    AutocastGuard(torch::DeviceType device, torch::ScalarType dtype) : device_(device) {
#if TORCH_VERSION_MAJOR >= 2
        previousEnabled_ = at::autocast::is_autocast_enabled(device);
        previousDtype_ = at::autocast::get_autocast_dtype(device);
        at::autocast::set_autocast_enabled(device, true);
        at::autocast::set_autocast_dtype(device, dtype);
#else
        if (device == torch::kCUDA) {
            previousEnabled_ = at::autocast::is_enabled();
            previousDtype_ = at::autocast::get_autocast_gpu_dtype();
            at::autocast::set_enabled(true);
            at::autocast::set_autocast_gpu_dtype(dtype);
        } else {
            previousEnabled_ = at::autocast::is_cpu_enabled();
            previousDtype_ = at::autocast::get_autocast_cpu_dtype();
            at::autocast::set_cpu_enabled(true);
            at::autocast::set_autocast_cpu_dtype(dtype);
        }
#endif
        at::autocast::increment_nesting();
    }
    ~AutocastGuard() {
        // Leaving the outermost autocast region drops the cached casts of weights.
        if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
#if TORCH_VERSION_MAJOR >= 2
        at::autocast::set_autocast_enabled(device_, previousEnabled_);
        at::autocast::set_autocast_dtype(device_, previousDtype_);
#else
        if (device_ == torch::kCUDA) {
            at::autocast::set_enabled(previousEnabled_);
            at::autocast::set_autocast_gpu_dtype(previousDtype_);
        } else {
            at::autocast::set_cpu_enabled(previousEnabled_);
            at::autocast::set_autocast_cpu_dtype(previousDtype_);
        }
#endif
    }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    torch::DeviceType device_;
    bool previousEnabled_ = false;
    torch::ScalarType previousDtype_ = torch::kFloat;
};

// The compute dtype the engine uses on a device: bf16 on CUDA, fp32 on the CPU (bf16 matmul on
// CPU is fast through oneDNN but its rounding makes logits drift from the fp32 reference).
inline torch::ScalarType defaultComputeDtype(const torch::Device& device) {
    return device.is_cuda() ? torch::kBFloat16 : torch::kFloat;
}

}  // namespace ts::compat
