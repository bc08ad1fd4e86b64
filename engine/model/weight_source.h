// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a model's weights come from, by Hugging Face tensor name ("model.embed_tokens.weight").
// A safetensors folder, a GGUF file and an in-memory map all present this one interface, so
// CausalLM::loadWeights does not care about file formats.
#include <torch/torch.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace ts {

class WeightSource {
public:
    virtual ~WeightSource() = default;
    // The file or folder the weights come from; errors name it.
    virtual std::string describe() const = 0;
    virtual bool contains(const std::string& name) const = 0;
    // The tensor (any float dtype, on the CPU). Throws ts::Error when absent or unreadable.
    virtual torch::Tensor tensor(const std::string& name) const = 0;
    virtual std::vector<std::string> tensorNames() const = 0;
};

// Weights held in memory, e.g. randomly initialised ones for tests or converted ones.
class TensorMapWeightSource : public WeightSource {
public:
    explicit TensorMapWeightSource(std::unordered_map<std::string, torch::Tensor> tensors,
                                   std::string description = "in-memory weights")
        : tensors_(std::move(tensors)), description_(std::move(description)) {}

    std::string describe() const override { return description_; }
    bool contains(const std::string& name) const override { return tensors_.count(name) != 0; }
    torch::Tensor tensor(const std::string& name) const override;
    std::vector<std::string> tensorNames() const override;
    std::unordered_map<std::string, torch::Tensor>& tensors() { return tensors_; }

private:
    std::unordered_map<std::string, torch::Tensor> tensors_;
    std::string description_;
};

}  // namespace ts
