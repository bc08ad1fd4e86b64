// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/model/causal_lm.h"

#include "engine/core/error.h"
#include "engine/core/torch_compat.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace ts {

namespace {

std::string shapeString(c10::IntArrayRef sizes) {
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < sizes.size(); ++i) out << (i ? ", " : "") << sizes[i];
    out << "]";
    return out.str();
}

torch::Tensor rotateHalf(const torch::Tensor& x) {
    const auto half = x.size(-1) / 2;
    auto x1 = x.slice(-1, 0, half);
    auto x2 = x.slice(-1, half);
    return torch::cat({-x2, x1}, -1);
}

torch::Tensor llama3ScaledFrequencies(const torch::Tensor& invFreq, const RopeScaling& s) {
    const double oldContext = double(s.originalMaxPositionEmbeddings);
    const double lowFreqWavelen = oldContext / s.lowFreqFactor;
    const double highFreqWavelen = oldContext / s.highFreqFactor;
    auto wavelen = 2.0 * M_PI / invFreq;
    auto scaled = torch::where(wavelen > lowFreqWavelen, invFreq / s.factor, invFreq);
    auto smooth = (oldContext / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    auto smoothed = (1 - smooth) * scaled / s.factor + smooth * scaled;
    auto isMedium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
    return torch::where(isMedium, smoothed, scaled);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

RMSNorm::RMSNorm(std::int64_t size, double eps, const torch::TensorOptions& options) : eps_(eps) {
    weight_ = register_parameter("weight", torch::empty({size}, options), false);
}

torch::Tensor RMSNorm::forward(const torch::Tensor& input) {
    // As transformers: normalise in fp32, cast back, then scale.
    const auto inputDtype = input.scalar_type();
    auto h = input.to(torch::kFloat);
    h = h * torch::rsqrt(h.pow(2).mean(-1, /*keepdim=*/true) + eps_);
    return weight_ * h.to(inputDtype);
}

RotaryEmbedding::RotaryEmbedding(const ModelConfig& config) {
    const auto dim = config.headDim;
    auto exponents = torch::arange(0, dim, 2, torch::kLong).to(torch::kFloat) / double(dim);
    invFreq_ = 1.0 / torch::pow(config.ropeTheta, exponents);
    switch (config.ropeScaling.type) {
    case RopeScaling::Type::None: break;
    case RopeScaling::Type::Linear: invFreq_ = invFreq_ / config.ropeScaling.factor; break;
    case RopeScaling::Type::Llama3: invFreq_ = llama3ScaledFrequencies(invFreq_, config.ropeScaling); break;
    }
}

std::pair<torch::Tensor, torch::Tensor> RotaryEmbedding::cosSin(const torch::Tensor& positionIds,
                                                                torch::ScalarType dtype) const {
    // Angles in fp32 whatever the compute dtype (bf16 positions would collide past 256).
    auto invFreq = invFreq_.to(positionIds.device());
    auto freqs = positionIds.to(torch::kFloat).unsqueeze(-1) * invFreq;  // [b, s, d/2]
    auto angles = torch::cat({freqs, freqs}, -1);
    return {angles.cos().to(dtype), angles.sin().to(dtype)};
}

torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
    auto c = cos.unsqueeze(1);
    auto s = sin.unsqueeze(1);
    return x * c + rotateHalf(x) * s;
}

// ---------------------------------------------------------------------------------------------

Attention::Attention(const ModelConfig& c, const torch::TensorOptions& options)
    : numHeads_(c.numAttentionHeads), numKeyValueHeads_(c.numKeyValueHeads), headDim_(c.headDim) {
    const auto qOut = c.numAttentionHeads * c.headDim;
    const auto kvOut = c.numKeyValueHeads * c.headDim;
    q_proj = register_module("q_proj", std::shared_ptr<Projection>(std::make_shared<DenseProjection>(
                                           c.hiddenSize, qOut, c.attentionBias, options)));
    k_proj = register_module("k_proj", std::shared_ptr<Projection>(std::make_shared<DenseProjection>(
                                           c.hiddenSize, kvOut, c.attentionBias, options)));
    v_proj = register_module("v_proj", std::shared_ptr<Projection>(std::make_shared<DenseProjection>(
                                           c.hiddenSize, kvOut, c.attentionBias, options)));
    o_proj = register_module("o_proj", std::shared_ptr<Projection>(std::make_shared<DenseProjection>(
                                           qOut, c.hiddenSize, c.outputProjectionBias, options)));
}

torch::Tensor Attention::forward(const torch::Tensor& hidden, const torch::Tensor& cos,
                                 const torch::Tensor& sin, const torch::Tensor& mask,
                                 torch::Tensor* cacheKey, torch::Tensor* cacheValue) {
    const auto batch = hidden.size(0);
    const auto seq = hidden.size(1);
    auto q = q_proj->forward(hidden).view({batch, seq, numHeads_, headDim_}).transpose(1, 2);
    auto k = k_proj->forward(hidden).view({batch, seq, numKeyValueHeads_, headDim_}).transpose(1, 2);
    auto v = v_proj->forward(hidden).view({batch, seq, numKeyValueHeads_, headDim_}).transpose(1, 2);
    q = applyRotary(q, cos, sin);
    k = applyRotary(k, cos, sin);
    if (cacheKey && cacheValue) {
        if (cacheKey->defined()) {
            k = torch::cat({*cacheKey, k}, 2);
            v = torch::cat({*cacheValue, v}, 2);
        }
        *cacheKey = k;
        *cacheValue = v;
    }
    const auto groups = numHeads_ / numKeyValueHeads_;
    if (groups > 1) {
        // Grouped-query attention: key/value head j serves query heads j*groups .. +groups-1.
        const auto total = k.size(2);
        k = k.unsqueeze(2).expand({batch, numKeyValueHeads_, groups, total, headDim_})
                .reshape({batch, numHeads_, total, headDim_});
        v = v.unsqueeze(2).expand({batch, numKeyValueHeads_, groups, total, headDim_})
                .reshape({batch, numHeads_, total, headDim_});
    }
    // Without an explicit mask a multi-token query is a fresh causal prefill; a single token
    // attends to everything before it.
    const bool isCausal = !mask.defined() && seq > 1;
    auto out = compat::scaledDotProductAttention(
        q, k, v, mask.defined() ? std::optional<torch::Tensor>(mask) : std::nullopt, isCausal);
    out = out.transpose(1, 2).reshape({batch, seq, numHeads_ * headDim_});
    return o_proj->forward(out);
}

std::shared_ptr<Projection>* Attention::projectionSlot(const std::string& name) {
    if (name == "q_proj") return &q_proj;
    if (name == "k_proj") return &k_proj;
    if (name == "v_proj") return &v_proj;
    if (name == "o_proj") return &o_proj;
    return nullptr;
}

MLP::MLP(const ModelConfig& c, const torch::TensorOptions& options) {
    const auto h = c.hiddenSize, i = c.intermediateSize;
    gate_proj = register_module("gate_proj", std::shared_ptr<Projection>(
                                                 std::make_shared<DenseProjection>(h, i, c.mlpBias, options)));
    up_proj = register_module("up_proj", std::shared_ptr<Projection>(
                                             std::make_shared<DenseProjection>(h, i, c.mlpBias, options)));
    down_proj = register_module("down_proj", std::shared_ptr<Projection>(
                                                 std::make_shared<DenseProjection>(i, h, c.mlpBias, options)));
}

torch::Tensor MLP::forward(const torch::Tensor& hidden) {
    return down_proj->forward(torch::silu(gate_proj->forward(hidden)) * up_proj->forward(hidden));
}

std::shared_ptr<Projection>* MLP::projectionSlot(const std::string& name) {
    if (name == "gate_proj") return &gate_proj;
    if (name == "up_proj") return &up_proj;
    if (name == "down_proj") return &down_proj;
    return nullptr;
}

DecoderLayer::DecoderLayer(const ModelConfig& c, const torch::TensorOptions& options) {
    input_layernorm = register_module("input_layernorm",
                                      std::make_shared<RMSNorm>(c.hiddenSize, c.rmsNormEps, options));
    self_attn = register_module("self_attn", std::make_shared<Attention>(c, options));
    post_attention_layernorm = register_module(
        "post_attention_layernorm", std::make_shared<RMSNorm>(c.hiddenSize, c.rmsNormEps, options));
    mlp = register_module("mlp", std::make_shared<MLP>(c, options));
}

torch::Tensor DecoderLayer::forward(const torch::Tensor& hidden, const torch::Tensor& cos,
                                    const torch::Tensor& sin, const torch::Tensor& mask,
                                    torch::Tensor* cacheKey, torch::Tensor* cacheValue) {
    auto h = hidden + self_attn->forward(input_layernorm->forward(hidden), cos, sin, mask, cacheKey,
                                         cacheValue);
    return h + mlp->forward(post_attention_layernorm->forward(h));
}

TokenEmbedding::TokenEmbedding(std::int64_t vocabSize, std::int64_t hiddenSize,
                               const torch::TensorOptions& options) {
    weight = register_parameter("weight", torch::empty({vocabSize, hiddenSize}, options), false);
}

DecoderStack::DecoderStack(const ModelConfig& c, const torch::TensorOptions& options) {
    embed_tokens = register_module("embed_tokens",
                                   std::make_shared<TokenEmbedding>(c.vocabSize, c.hiddenSize, options));
    auto list = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < c.numHiddenLayers; ++i) {
        layers.push_back(std::make_shared<DecoderLayer>(c, options));
        list->push_back(layers.back());
    }
    norm = register_module("norm", std::make_shared<RMSNorm>(c.hiddenSize, c.rmsNormEps, options));
}

// ---------------------------------------------------------------------------------------------

CausalLM::CausalLM(ModelConfig config, const torch::TensorOptions& options)
    : config_(std::move(config)), options_(options), rotary_(config_) {
    model = register_module("model", std::make_shared<DecoderStack>(config_, options_));
    if (!config_.tieWordEmbeddings)
        lm_head = register_module("lm_head", std::shared_ptr<Projection>(std::make_shared<DenseProjection>(
                                                 config_.hiddenSize, config_.vocabSize, false, options_)));
}

void CausalLM::loadWeights(const WeightSource& source, const std::string& sourceName) {
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters(/*recurse=*/true)) {
        const std::string& name = item.key();
        auto& param = item.value();
        if (!source.has(name))
            throw Error("missing weight tensor (expected shape " + shapeString(param.sizes()) + ")",
                        sourceName, name);
        auto tensor = source.tensor(name);
        if (tensor.sizes() != param.sizes())
            throw Error("weight has shape " + shapeString(tensor.sizes()) + ", expected " +
                            shapeString(param.sizes()) + " from config.json",
                        sourceName, name);
        if (!tensor.is_floating_point())
            throw Error(std::string("weight has non-float dtype ") + c10::toString(tensor.scalar_type()),
                        sourceName, name);
        param.copy_(tensor);
    }
}

torch::Tensor CausalLM::buildAttentionMask(const torch::Tensor& attentionMask,
                                           std::int64_t queryLength, std::int64_t pastLength,
                                           torch::ScalarType dtype) const {
    const auto total = pastLength + queryLength;
    if (!attentionMask.defined() && (queryLength == 1 || pastLength == 0))
        return {};  // handled by the attention's plain causal / attend-all paths
    auto device = options_.device();
    // allowed[i][j]: query i (absolute position past+i) may see key j.
    auto queryPos = torch::arange(pastLength, total, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto keyPos = torch::arange(0, total, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto allowed = keyPos.unsqueeze(0) <= queryPos.unsqueeze(1);  // [s, t]
    allowed = allowed.unsqueeze(0).unsqueeze(0);                  // [1, 1, s, t]
    if (attentionMask.defined()) {
        if (attentionMask.dim() != 2 || attentionMask.size(1) != total)
            throw Error("attention mask has shape " + shapeString(attentionMask.sizes()) +
                        ", expected [batch, " + std::to_string(total) + "] (past + new tokens)");
        auto keep = attentionMask.to(device).to(torch::kBool).unsqueeze(1).unsqueeze(1);  // [b,1,1,t]
        allowed = allowed.logical_and(keep);
    }
    // A large finite negative rather than -inf: rows of padding queries see no key at all and
    // would turn into NaN with -inf.
    auto zeros = torch::zeros({}, torch::TensorOptions().dtype(dtype).device(device));
    auto blocked = torch::full({}, std::numeric_limits<float>::lowest(),
                               torch::TensorOptions().dtype(torch::kFloat).device(device));
    if (dtype == torch::kBFloat16 || dtype == torch::kHalf)
        blocked = torch::full({}, dtype == torch::kHalf ? -65504.0 : -3.38e38,
                              torch::TensorOptions().dtype(torch::kFloat).device(device));
    return torch::where(allowed, zeros, blocked.to(dtype));
}

torch::Tensor CausalLM::hiddenStates(const torch::Tensor& inputIds, const torch::Tensor& attentionMask,
                                     const torch::Tensor& positionIds, KVCache* cache) {
    if (inputIds.dim() != 2) throw Error("input ids must be [batch, sequence], got " + shapeString(inputIds.sizes()));
    const auto batch = inputIds.size(0);
    const auto seq = inputIds.size(1);
    const auto past = cache ? cache->length() : 0;
    auto ids = inputIds.to(options_.device(), torch::kLong);
    {
        // An id outside the embedding would read out of bounds (or abort in CUDA).
        auto minId = ids.numel() ? ids.min().item<std::int64_t>() : 0;
        auto maxId = ids.numel() ? ids.max().item<std::int64_t>() : 0;
        if (minId < 0 || maxId >= config_.vocabSize)
            throw Error("token id " + std::to_string(minId < 0 ? minId : maxId) +
                        " is outside the model's vocabulary of " + std::to_string(config_.vocabSize));
    }
    torch::Tensor positions = positionIds;
    if (!positions.defined()) {
        if (attentionMask.defined()) {
            // As transformers' generate(): count real tokens, so left padding does not shift
            // the positions of the prompt; padding slots get a dummy position.
            auto mask = attentionMask.to(options_.device(), torch::kLong);
            auto all = mask.cumsum(-1) - 1;
            all.masked_fill_(mask == 0, 1);
            positions = all.slice(1, past, past + seq);
        } else {
            positions = torch::arange(past, past + seq, torch::TensorOptions().dtype(torch::kLong).device(options_.device()))
                            .unsqueeze(0)
                            .expand({batch, seq});
        }
    }
    positions = positions.to(options_.device());
    auto hidden = model->embed_tokens->forward(ids);
    auto [cos, sin] = rotary_.cosSin(positions, hidden.scalar_type());
    auto mask = buildAttentionMask(attentionMask, seq, past, hidden.scalar_type());
    if (cache && cache->keys.size() != model->layers.size()) {
        cache->keys.assign(model->layers.size(), torch::Tensor());
        cache->values.assign(model->layers.size(), torch::Tensor());
    }
    for (size_t i = 0; i < model->layers.size(); ++i) {
        hidden = model->layers[i]->forward(hidden, cos, sin, mask, cache ? &cache->keys[i] : nullptr,
                                           cache ? &cache->values[i] : nullptr);
    }
    return model->norm->forward(hidden);
}

torch::Tensor CausalLM::logitsFromHidden(const torch::Tensor& hidden) {
    auto logits = lm_head ? lm_head->forward(hidden)
                          : torch::nn::functional::linear(hidden, model->embed_tokens->weight);
    return logits.to(torch::kFloat);
}

torch::Tensor CausalLM::forward(const torch::Tensor& inputIds, const torch::Tensor& attentionMask,
                                const torch::Tensor& positionIds, KVCache* cache, LogitsFor logitsFor) {
    auto hidden = hiddenStates(inputIds, attentionMask, positionIds, cache);
    if (logitsFor == LogitsFor::LastPosition) hidden = hidden.slice(1, hidden.size(1) - 1);
    return logitsFromHidden(hidden);
}

std::vector<std::string> CausalLM::projectionNames() const {
    std::vector<std::string> names;
    for (size_t i = 0; i < model->layers.size(); ++i) {
        const auto prefix = "model.layers." + std::to_string(i) + ".";
        for (const char* p : {"q_proj", "k_proj", "v_proj", "o_proj"}) names.push_back(prefix + "self_attn." + p);
        for (const char* p : {"gate_proj", "up_proj", "down_proj"}) names.push_back(prefix + "mlp." + p);
    }
    return names;
}

std::shared_ptr<Projection>* CausalLM::projectionSlot(const std::string& fullName,
                                                      torch::nn::Module** owner,
                                                      std::string* shortName) {
    if (fullName == "lm_head" && lm_head) {
        *owner = this;
        *shortName = "lm_head";
        return &lm_head;
    }
    const std::string prefix = "model.layers.";
    if (fullName.rfind(prefix, 0) != 0) return nullptr;
    const auto dot = fullName.find('.', prefix.size());
    if (dot == std::string::npos) return nullptr;
    const auto indexText = fullName.substr(prefix.size(), dot - prefix.size());
    if (indexText.empty() || indexText.find_first_not_of("0123456789") != std::string::npos ||
        indexText.size() > 6)
        return nullptr;
    const auto index = std::stoul(indexText);
    if (index >= model->layers.size()) return nullptr;
    auto& layer = *model->layers[index];
    const auto rest = fullName.substr(dot + 1);
    if (rest.rfind("self_attn.", 0) == 0) {
        *owner = layer.self_attn.get();
        *shortName = rest.substr(10);
        return layer.self_attn->projectionSlot(*shortName);
    }
    if (rest.rfind("mlp.", 0) == 0) {
        *owner = layer.mlp.get();
        *shortName = rest.substr(4);
        return layer.mlp->projectionSlot(*shortName);
    }
    return nullptr;
}

std::shared_ptr<Projection> CausalLM::projection(const std::string& fullName) {
    torch::nn::Module* owner = nullptr;
    std::string shortName;
    auto* slot = projectionSlot(fullName, &owner, &shortName);
    if (!slot) throw Error("no projection named '" + fullName + "' in this model");
    return *slot;
}

void CausalLM::replaceProjection(const std::string& fullName, std::shared_ptr<Projection> replacement) {
    torch::nn::Module* owner = nullptr;
    std::string shortName;
    auto* slot = projectionSlot(fullName, &owner, &shortName);
    if (!slot) throw Error("no projection named '" + fullName + "' in this model");
    if (!replacement) throw Error("replacement for '" + fullName + "' is null");
    if (replacement->inFeatures() != (*slot)->inFeatures() ||
        replacement->outFeatures() != (*slot)->outFeatures())
        throw Error("replacement for '" + fullName + "' maps " + std::to_string(replacement->inFeatures()) +
                    " -> " + std::to_string(replacement->outFeatures()) + " features, expected " +
                    std::to_string((*slot)->inFeatures()) + " -> " + std::to_string((*slot)->outFeatures()));
    owner->replace_module(shortName, replacement);
    *slot = std::move(replacement);
}

// ---------------------------------------------------------------------------------------------

std::unordered_map<std::string, torch::Tensor> randomWeights(const ModelConfig& config,
                                                             std::uint64_t seed, double stddev) {
    // The names and shapes are the model's own; build a throwaway CPU instance to list them.
    CausalLM shapes(config, torch::TensorOptions().dtype(torch::kFloat));
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    std::unordered_map<std::string, torch::Tensor> weights;
    for (const auto& item : shapes.named_parameters(true)) {
        const auto& name = item.key();
        auto noise = torch::randn(item.value().sizes(), generator, torch::TensorOptions().dtype(torch::kFloat));
        const bool isNorm = name.find("norm.weight") != std::string::npos;
        weights[name] = isNorm ? 1.0 + 0.1 * noise : noise * stddev;
    }
    return weights;
}

torch::Tensor TensorMapWeightSource::tensor(const std::string& name) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end()) throw Error("missing weight tensor", description_, name);
    return it->second;
}

std::vector<std::string> TensorMapWeightSource::names() const {
    std::vector<std::string> names;
    for (const auto& [name, _] : tensors_) names.push_back(name);
    return names;
}

}  // namespace ts
