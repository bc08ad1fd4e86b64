// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A Llama-family decoder-only language model (Llama 2/3, Mistral, Qwen2, SmolLM) in libtorch,
// numerically following Hugging Face transformers' modeling_llama / modeling_qwen2.
//
// The module tree mirrors the Hugging Face one, so named_parameters() yields exactly the
// checkpoint names ("model.layers.0.self_attn.q_proj.weight"). All linear layers are
// ts::Projection objects reachable and replaceable by name (see projection.h).
//
// Threading: a CausalLM is not thread-safe; use it from one thread (the engine thread).
#include "engine/model/model_config.h"
#include "engine/model/projection.h"
#include "engine/formats/weight_source.h"
#include "engine/model/tensor_map_weights.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ts {

class RMSNorm : public torch::nn::Module {
public:
    RMSNorm(std::int64_t size, double eps, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& input);

private:
    torch::Tensor weight_;
    double eps_;
};

// Rotary position embedding as in transformers: inv_freq (optionally llama3- or linearly
// scaled), cos/sin of position * inv_freq duplicated over both halves, rotate_half.
class RotaryEmbedding {
public:
    explicit RotaryEmbedding(const ModelConfig& config);
    // positionIds [b, s] -> cos, sin [b, s, headDim] in `dtype` on positionIds' device.
    std::pair<torch::Tensor, torch::Tensor> cosSin(const torch::Tensor& positionIds,
                                                   torch::ScalarType dtype) const;
    const torch::Tensor& inverseFrequencies() const { return invFreq_; }  // fp32, CPU

private:
    torch::Tensor invFreq_;
};

// x [b, h, s, d] rotated by cos/sin [b, s, d].
torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

// Keys and values of the tokens seen so far, per layer: [batch, kvHeads, length, headDim].
struct KVCache {
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;
    std::int64_t length() const { return keys.empty() || !keys[0].defined() ? 0 : keys[0].size(2); }
    void clear() { keys.clear(); values.clear(); }
};

class Attention : public torch::nn::Module {
public:
    Attention(const ModelConfig& config, const torch::TensorOptions& options);
    // hidden [b, s, hidden]; mask additive [b, 1, s, past+s] or undefined (plain causal);
    // cacheKey/cacheValue: this layer's cache slots (updated), or null.
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& cos,
                          const torch::Tensor& sin, const torch::Tensor& mask,
                          torch::Tensor* cacheKey, torch::Tensor* cacheValue);
    std::shared_ptr<Projection>* projectionSlot(const std::string& shortName);

    std::shared_ptr<Projection> q_proj, k_proj, v_proj, o_proj;

private:
    std::int64_t numHeads_, numKeyValueHeads_, headDim_;
};

class MLP : public torch::nn::Module {
public:
    MLP(const ModelConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& hidden);  // down(silu(gate(x)) * up(x))
    std::shared_ptr<Projection>* projectionSlot(const std::string& shortName);

    std::shared_ptr<Projection> gate_proj, up_proj, down_proj;
};

class DecoderLayer : public torch::nn::Module {
public:
    DecoderLayer(const ModelConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& cos,
                          const torch::Tensor& sin, const torch::Tensor& mask,
                          torch::Tensor* cacheKey, torch::Tensor* cacheValue);

    std::shared_ptr<RMSNorm> input_layernorm, post_attention_layernorm;
    std::shared_ptr<Attention> self_attn;
    std::shared_ptr<MLP> mlp;
};

class TokenEmbedding : public torch::nn::Module {
public:
    TokenEmbedding(std::int64_t vocabSize, std::int64_t hiddenSize,
                   const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& ids) { return torch::embedding(weight, ids); }
    torch::Tensor weight;  // [vocab, hidden]
};

// "model": embeddings, the decoder layers and the final norm.
class DecoderStack : public torch::nn::Module {
public:
    DecoderStack(const ModelConfig& config, const torch::TensorOptions& options);

    std::shared_ptr<TokenEmbedding> embed_tokens;
    std::vector<std::shared_ptr<DecoderLayer>> layers;  // also registered as "layers.N"
    std::shared_ptr<RMSNorm> norm;
};

enum class LogitsFor { AllPositions, LastPosition };

class CausalLM : public torch::nn::Module {
public:
    // Allocates (uninitialised) weights of the config's shapes on options' device/dtype.
    CausalLM(ModelConfig config, const torch::TensorOptions& options);

    // Copies every weight from `source` (converted to this model's dtype/device). Throws
    // ts::Error naming `sourceName` (the file or folder) and the tensor for a missing or
    // mis-shaped weight. A tied model takes its output matrix from the embedding (any
    // lm_head.weight in the source is ignored).
    void loadWeights(const WeightSource& source, const std::string& sourceName);

    // inputIds [b, s] (int64). attentionMask [b, past + s] (1 = real token, 0 = padding), as
    // in transformers; undefined = all real. positionIds [b, s]; undefined = derived from the
    // mask (left padding gets positions starting at 0 at the first real token) or
    // past..past+s-1. cache: appended to when given. Returns fp32 logits [b, s, vocab]
    // (or [b, 1, vocab] with LogitsFor::LastPosition).
    torch::Tensor forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask = {},
                          const torch::Tensor& positionIds = {}, KVCache* cache = nullptr,
                          LogitsFor logitsFor = LogitsFor::AllPositions);

    // The final hidden states [b, s, hidden] (after the final norm), same arguments.
    torch::Tensor hiddenStates(const torch::Tensor& inputIds, const torch::Tensor& attentionMask = {},
                               const torch::Tensor& positionIds = {}, KVCache* cache = nullptr);
    torch::Tensor logitsFromHidden(const torch::Tensor& hidden);

    const ModelConfig& config() const { return config_; }
    torch::Device device() const { return options_.device(); }
    torch::ScalarType dtype() const { return options_.dtype().toScalarType(); }
    const RotaryEmbedding& rotary() const { return rotary_; }

    // Every replaceable projection by full name, in layer order:
    // "model.layers.N.self_attn.{q,k,v,o}_proj", "model.layers.N.mlp.{gate,up,down}_proj"
    // (lm_head is not listed: it is absent for tied embeddings).
    std::vector<std::string> projectionNames() const;
    std::shared_ptr<Projection> projection(const std::string& fullName);
    // Swaps in another implementation (e.g. NF4 base, LoRA wrapper); shapes must match.
    void replaceProjection(const std::string& fullName, std::shared_ptr<Projection> replacement);

    std::shared_ptr<DecoderStack> model;
    std::shared_ptr<Projection> lm_head;  // null when the embeddings are tied

private:
    std::shared_ptr<Projection>* projectionSlot(const std::string& fullName,
                                                torch::nn::Module** owner, std::string* shortName);
    torch::Tensor buildAttentionMask(const torch::Tensor& attentionMask, std::int64_t queryLength,
                                     std::int64_t pastLength, torch::ScalarType dtype) const;

    ModelConfig config_;
    torch::TensorOptions options_;
    RotaryEmbedding rotary_;
};

// Weights of the config's shapes drawn from N(0, stddev) (norm weights around 1), keyed by
// Hugging Face name; deterministic for a seed. For tests and benchmarks.
std::unordered_map<std::string, torch::Tensor> randomWeights(const ModelConfig& config,
                                                             std::uint64_t seed,
                                                             double stddev = 0.02);

}  // namespace ts
