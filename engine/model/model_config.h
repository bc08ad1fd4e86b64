// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shape of a Llama-family decoder, read from a Hugging Face config.json. Torch-free.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ts {

enum class ModelArchitecture { Llama, Mistral, Qwen2 };

// Rotary-embedding frequency scaling. "default" and "linear" are the classic ones; "llama3" is
// the piecewise scaling of Llama 3.1+ (see RotaryEmbedding).
struct RopeScaling {
    enum class Type { None, Linear, Llama3 };
    Type type = Type::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    std::int64_t originalMaxPositionEmbeddings = 8192;
};

struct ModelConfig {
    ModelArchitecture architecture = ModelArchitecture::Llama;
    std::string architectureName;  // as written in config.json, e.g. "LlamaForCausalLM"
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0;
    std::int64_t numHiddenLayers = 0;
    std::int64_t numAttentionHeads = 0;
    std::int64_t numKeyValueHeads = 0;  // < numAttentionHeads: grouped-query attention
    std::int64_t headDim = 0;           // defaults to hiddenSize / numAttentionHeads
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    RopeScaling ropeScaling;
    std::int64_t vocabSize = 0;
    bool tieWordEmbeddings = false;
    bool attentionBias = false;  // q/k/v (and for Llama also o) projections carry a bias
    bool outputProjectionBias = false;  // o_proj bias (Llama's attention_bias covers o too)
    bool mlpBias = false;
    std::int64_t maxPositionEmbeddings = 2048;
    std::vector<std::int64_t> bosTokenIds;
    std::vector<std::int64_t> eosTokenIds;
    std::string torchDtype;  // "float32", "bfloat16", ... ("" when absent)

    std::int64_t queryGroupSize() const { return numAttentionHeads / numKeyValueHeads; }
};

// Parses and validates a config.json document. `sourceName` is the file named in errors.
// Throws ts::Error (naming sourceName and the field) for an unsupported architecture, a
// missing required field, a field of the wrong type, or inconsistent sizes.
ModelConfig parseModelConfig(const nlohmann::json& config,
                             const std::string& sourceName = "config.json");

// Reads path (a config.json file) and parses it.
ModelConfig loadModelConfig(const std::string& path);

// The config as an HF-style JSON object (round-trips through parseModelConfig).
nlohmann::json modelConfigToJson(const ModelConfig& config);

}  // namespace ts
