// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Builds a CausalLM from a Hugging Face folder (config.json + model.safetensors or a sharded
// model.safetensors.index.json) or from a .gguf file (config and weights converted to HF names).
#include "engine/model/causal_lm.h"

#include <memory>
#include <string>

namespace ts {

// The config alone (config.json of a folder, or derived from GGUF metadata).
ModelConfig loadModelConfigFrom(const std::string& path);

// dtype defaults to bf16 on CUDA, fp32 on the CPU. Throws ts::Error naming the file and the
// field or tensor on any problem.
std::shared_ptr<CausalLM> loadCausalLM(const std::string& path, const torch::Device& device,
                                       std::optional<torch::ScalarType> dtype = std::nullopt);

// Throws unless every id the tokenizer can produce has a row in the model's embedding.
void checkTokenizerFitsModel(std::int64_t tokenizerVocabSize, const ModelConfig& config,
                             const std::string& path);

}  // namespace ts
