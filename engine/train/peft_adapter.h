// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// PEFT-compatible LoRA adapter folders: adapter_config.json as PEFT writes it for a LoRA on a
// causal LM, and PEFT's tensor names in adapter_model.safetensors
// (base_model.model.model.layers.<i>.self_attn.q_proj.lora_A.weight, ...mlp.down_proj...).
// An adapter saved here loads with PeftModel.from_pretrained, and one trained with PEFT (plain
// LoRA on the seven projections) loads here.
#include "engine/train/lora.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace ts {

constexpr const char* kAdapterConfigFileName = "adapter_config.json";
constexpr const char* kAdapterWeightsFileName = "adapter_model.safetensors";

struct PeftLoraConfig {
    LoraConfig lora;
    std::string baseModelNameOrPath;  // written as null when empty
    bool inferenceMode = true;        // PEFT saves true; it only matters to PEFT at load time
};

// The adapter_config.json document (the keys every PEFT release since 0.10 reads, sorted as
// PEFT's save_pretrained sorts them).
nlohmann::json adapterConfigJson(const PeftLoraConfig& config);
// Reads a PEFT adapter_config.json. Accepts every key PEFT writes; refuses a peft_type other
// than LORA and LoRA variants this engine does not implement (DoRA, biases, regex targets,
// per-layer rank/alpha patterns, modules_to_save, ...) with a ts::Error naming the key.
PeftLoraConfig parseAdapterConfig(const nlohmann::json& doc, const std::string& file = {});
PeftLoraConfig readAdapterConfigFile(const std::string& path);
// Writes adapter_config.json into `folder` (temp file + rename: never half written).
void writeAdapterConfigFile(const PeftLoraConfig& config, const std::string& folder);

enum class LoraMatrix { A, B };

// Where one LoRA tensor sits in the model.
struct LoraSlot {
    int64_t layer = 0;
    std::string module;  // q_proj ... down_proj
    bool operator<(const LoraSlot& o) const {
        return layer != o.layer ? layer < o.layer : module < o.module;
    }
    bool operator==(const LoraSlot& o) const { return layer == o.layer && module == o.module; }
};

struct PeftTensorName {
    LoraSlot slot;
    LoraMatrix matrix = LoraMatrix::A;
};

// "base_model.model.model.layers.3.mlp.up_proj.lora_B.weight" <-> {3, up_proj, B}.
std::string peftTensorName(const LoraSlot& slot, LoraMatrix matrix);
PeftTensorName parsePeftTensorName(const std::string& name, const std::string& file = {});

// One adapter's two matrices: A [r, in], B [out, r].
using LoraWeights = std::pair<torch::Tensor, torch::Tensor>;

// Name -> tensor map for the safetensors writer (tensors made contiguous, float32 on CPU).
std::map<std::string, torch::Tensor> toPeftTensorMap(const std::map<LoraSlot, LoraWeights>& weights);
// The reverse, checked against the config: every name parses, every slot has both A and B,
// shapes are [r, in] / [out, r] with the config's r, and every module is one of its targets.
std::map<LoraSlot, LoraWeights> fromPeftTensorMap(const std::map<std::string, torch::Tensor>& tensors,
                                                  const LoraConfig& config,
                                                  const std::string& file = {});

}  // namespace ts
