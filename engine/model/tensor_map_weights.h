// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Weights held in memory (randomly initialised ones for tests, converted ones), presented as a
// WeightSource like a safetensors folder or a GGUF file.
#include "engine/formats/weight_source.h"

#include <torch/torch.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace ts {

class TensorMapWeightSource : public WeightSource {
public:
    explicit TensorMapWeightSource(std::unordered_map<std::string, torch::Tensor> tensors,
                                   std::string description = "in-memory weights")
        : tensors_(std::move(tensors)), description_(std::move(description)) {}

    std::vector<std::string> names() const override;
    bool has(const std::string& name) const override { return tensors_.count(name) != 0; }
    at::Tensor tensor(const std::string& name) const override;

    std::unordered_map<std::string, torch::Tensor>& tensors() { return tensors_; }

private:
    std::unordered_map<std::string, torch::Tensor> tensors_;
    std::string description_;
};

}  // namespace ts
