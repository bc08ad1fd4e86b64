// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Attaching LoRA adapters to a loaded model, and moving them in and out of PEFT's format:
// adapter folders that `PeftModel.from_pretrained` loads unchanged, and merged models that
// transformers' `AutoModelForCausalLM.from_pretrained` loads.
#include "engine/model/causal_lm.h"
#include "engine/train/lora.h"
#include "engine/train/nf4.h"

#include <string>
#include <vector>

namespace ts {

enum class BaseQuantization { None, Nf4 };

struct AttachOptions {
    LoraConfig lora;
    BaseQuantization quant = BaseQuantization::None;
    DoubleQuant doubleQuant = DoubleQuant::On;
};

// Freezes every base parameter, optionally quantizes the targeted projections' bases to NF4 (the
// untargeted ones too, when quantizing: QLoRA keeps the whole frozen base in 4 bit), and wraps the
// targeted ones in LoraProjection. The LoRA parameters are created on the model's device in fp32.
// Returns the trainable parameters in a fixed order (layer, module, A then B).
std::vector<torch::Tensor> attachLora(CausalLM& model, const AttachOptions& options);

// Names of the projections carrying an adapter, in layer order.
std::vector<std::string> loraProjectionNames(CausalLM& model);
void setAdaptersEnabled(CausalLM& model, bool enabled);

// Writes adapter_config.json and adapter_model.safetensors into `folder` (created; files appear
// atomically). baseModel is recorded as base_model_name_or_path.
void saveAdapter(CausalLM& model, const LoraConfig& config, const std::string& baseModel,
                 const std::string& folder);

// Reads a PEFT LoRA adapter folder (ours or one PEFT wrote) and attaches it to `model`, which must
// not carry adapters yet. Throws ts::Error naming the file and tensor on any mismatch. `compute`:
// the adapter path's arithmetic; float32 by default, as PEFT runs a loaded adapter.
LoraConfig loadAdapter(CausalLM& model, const std::string& folder,
                       LoraConfig::Compute compute = LoraConfig::Compute::Float32);

// Copies the adapter weights saved in `folder` into the adapters already attached (resume).
void loadAdapterWeightsInto(CausalLM& model, const std::string& folder);

// Writes a full model with every adapter merged into its base: config.json and
// model.safetensors in `folder`, weights in `dtype` (float32, float16 or bfloat16), loadable by
// transformers. Quantized bases are dequantized first (so a QLoRA-trained adapter merges too).
void saveMergedModel(CausalLM& model, const std::string& folder, torch::ScalarType dtype);

}  // namespace ts
