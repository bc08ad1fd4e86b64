// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/formats/gguf_llama.h"

#include "engine/core/error.h"
#include "engine/formats/dequant.h"

#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ts {

namespace {

bool isQwen2(const std::string& arch) { return arch == "qwen2"; }

std::string architectureOf(const GgufFile& file) {
    const auto arch = file.getString("general.architecture");
    if (arch != "llama" && arch != "qwen2")
        throw Error("architecture \"" + arch + "\" is not supported (supported: llama, qwen2)",
                    file.path(), "general.architecture");
    return arch;
}

// GGUF keeps eps and rope_theta as float32; HF configs hold the decimal they were written as.
// The shortest decimal that reads back as the same float32 is that number (1e-5f -> 1e-05, not
// 9.99999974738e-06).
double shortestDecimal(double value) {
    const auto single = static_cast<float>(value);
    if (static_cast<double>(single) != value) return value;  // a float64 value: keep it
    char text[32];
    for (int digits = 1; digits <= 9; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtof(text, nullptr) == single) return std::strtod(text, nullptr);
    }
    return value;
}

std::int64_t positive(const GgufFile& file, const std::string& key, std::int64_t value) {
    if (value <= 0) throw Error("must be positive, found " + std::to_string(value), file.path(), key);
    return value;
}

// Per-layer tensors: GGUF suffix after "blk.N." -> HF suffix after "model.layers.N.".
struct LayerTensorName {
    const char* gguf;
    const char* hf;
    RowOrder llamaRowOrder;  // qwen2 is never permuted
};
const LayerTensorName kLayerTensors[] = {
    {"attn_norm.weight", "input_layernorm.weight", RowOrder::AsStored},
    {"attn_q.weight", "self_attn.q_proj.weight", RowOrder::UnpermuteQuery},
    {"attn_q.bias", "self_attn.q_proj.bias", RowOrder::UnpermuteQuery},
    {"attn_k.weight", "self_attn.k_proj.weight", RowOrder::UnpermuteKey},
    {"attn_k.bias", "self_attn.k_proj.bias", RowOrder::UnpermuteKey},
    {"attn_v.weight", "self_attn.v_proj.weight", RowOrder::AsStored},
    {"attn_v.bias", "self_attn.v_proj.bias", RowOrder::AsStored},
    {"attn_output.weight", "self_attn.o_proj.weight", RowOrder::AsStored},
    {"ffn_norm.weight", "post_attention_layernorm.weight", RowOrder::AsStored},
    {"ffn_gate.weight", "mlp.gate_proj.weight", RowOrder::AsStored},
    {"ffn_up.weight", "mlp.up_proj.weight", RowOrder::AsStored},
    {"ffn_down.weight", "mlp.down_proj.weight", RowOrder::AsStored},
};

const std::pair<const char*, const char*> kGlobalTensors[] = {
    {"token_embd.weight", "model.embed_tokens.weight"},
    {"output_norm.weight", "model.norm.weight"},
    {"output.weight", "lm_head.weight"},
};

}  // namespace

nlohmann::json hfConfigFromGguf(const GgufFile& file) {
    const auto arch = architectureOf(file);
    const auto key = [&](const char* suffix) { return arch + "." + suffix; };

    const auto hidden = positive(file, key("embedding_length"), file.getInt(key("embedding_length")));
    const auto heads =
        positive(file, key("attention.head_count"), file.getInt(key("attention.head_count")));
    const auto kvHeads = positive(file, key("attention.head_count_kv"),
                                  file.getInt(key("attention.head_count_kv"), heads));
    if (heads % kvHeads != 0)
        throw Error(std::to_string(heads) + " attention heads are not a multiple of " +
                        std::to_string(kvHeads) + " key/value heads",
                    file.path(), key("attention.head_count_kv"));
    const auto headDim = positive(file, key("attention.key_length"),
                                  file.getInt(key("attention.key_length"), hidden / heads));

    // vocab_size is optional in GGUF; the token list or the embedding matrix says it too.
    std::int64_t vocab = 0;
    if (file.has(key("vocab_size"))) vocab = file.getInt(key("vocab_size"));
    else if (file.has("tokenizer.ggml.tokens"))
        vocab = static_cast<std::int64_t>(file.value("tokenizer.ggml.tokens").items.size());
    else if (file.hasTensor("token_embd.weight") && file.tensor("token_embd.weight").dims.size() == 2)
        vocab = static_cast<std::int64_t>(file.tensor("token_embd.weight").dims[1]);
    positive(file, key("vocab_size"), vocab);

    nlohmann::json config = {
        {"architectures",
         nlohmann::json::array({isQwen2(arch) ? "Qwen2ForCausalLM" : "LlamaForCausalLM"})},
        {"model_type", arch},
        {"hidden_size", hidden},
        {"intermediate_size", positive(file, key("feed_forward_length"),
                                       file.getInt(key("feed_forward_length")))},
        {"num_hidden_layers", positive(file, key("block_count"), file.getInt(key("block_count")))},
        {"num_attention_heads", heads},
        {"num_key_value_heads", kvHeads},
        {"head_dim", headDim},
        {"rms_norm_eps", shortestDecimal(file.getFloat(key("attention.layer_norm_rms_epsilon")))},
        // Both HF configs default to 10000 when the checkpoint does not say.
        {"rope_theta", shortestDecimal(file.getFloat(key("rope.freq_base"), 10000.0))},
        {"vocab_size", vocab},
        // HF's LlamaConfig default when the file does not record its context length.
        {"max_position_embeddings", file.getInt(key("context_length"), 2048)},
        {"tie_word_embeddings", !file.hasTensor("output.weight")},
        {"hidden_act", "silu"},
        {"attention_bias", isQwen2(arch)},
    };
    if (file.has("tokenizer.ggml.bos_token_id"))
        config["bos_token_id"] = file.getInt("tokenizer.ggml.bos_token_id");
    if (file.has("tokenizer.ggml.eos_token_id"))
        config["eos_token_id"] = file.getInt("tokenizer.ggml.eos_token_id");
    const auto scaling = file.getString(key("rope.scaling.type"), "none");
    if (scaling != "none") {
        nlohmann::json ropeScaling = {{"type", scaling}, {"rope_type", scaling},
                                      {"factor", file.getFloat(key("rope.scaling.factor"))}};
        if (file.has(key("rope.scaling.original_context_length")))
            ropeScaling["original_max_position_embeddings"] =
                file.getInt(key("rope.scaling.original_context_length"));
        config["rope_scaling"] = ropeScaling;
    }
    return config;
}

std::vector<GgufHfTensor> hfTensorMap(const GgufFile& file) {
    const auto arch = architectureOf(file);
    const auto layers = file.getInt(arch + ".block_count");
    std::vector<GgufHfTensor> out;
    for (const auto& t : file.tensors()) {
        const auto& name = t.name;
        if (name == "rope_freqs.weight") continue;
        bool mapped = false;
        for (const auto& [gguf, hf] : kGlobalTensors) {
            if (name == gguf) {
                out.push_back({hf, name, RowOrder::AsStored});
                mapped = true;
            }
        }
        if (!mapped && name.compare(0, 4, "blk.") == 0) {
            const auto dot = name.find('.', 4);
            const auto layerText = name.substr(4, dot == std::string::npos ? 0 : dot - 4);
            const bool numeric = !layerText.empty() && layerText.size() < 10 &&
                                 layerText.find_first_not_of("0123456789") == std::string::npos;
            if (numeric && std::stoll(layerText) < layers) {
                const auto suffix = name.substr(dot + 1);
                for (const auto& lt : kLayerTensors) {
                    if (suffix != lt.gguf) continue;
                    out.push_back({"model.layers." + layerText + "." + lt.hf, name,
                                   isQwen2(arch) ? RowOrder::AsStored : lt.llamaRowOrder});
                    mapped = true;
                }
            }
        }
        if (!mapped)
            throw Error("tensor has no Hugging Face " + arch + " counterpart", file.path(), name);
    }
    return out;
}

std::int64_t storedRowOfHfRow(std::int64_t hfRow, std::int64_t rows, std::int64_t heads) {
    // llama.cpp stores head h's rows as interleaved pairs (a, b): stored row h*D + 2a + b holds
    // HF row h*D + b*D/2 + a, D being the head dimension.
    const std::int64_t headDim = rows / heads, half = headDim / 2;
    const std::int64_t head = hfRow / headDim, within = hfRow % headDim;
    return head * headDim + 2 * (within % half) + within / half;
}

at::Tensor unpermuteRotaryRows(const at::Tensor& stored, std::int64_t heads) {
    const auto rows = stored.size(0);
    if (heads <= 0 || rows % (2 * heads) != 0)
        throw Error(std::to_string(rows) + " rows do not split into " + std::to_string(heads) +
                    " heads of an even dimension");
    std::vector<std::int64_t> split = {heads, rows / heads / 2, 2};
    for (std::int64_t d = 1; d < stored.dim(); ++d) split.push_back(stored.size(d));
    return stored.reshape(split).transpose(1, 2).reshape(stored.sizes()).contiguous();
}

// ---- GgufLlamaWeights ---------------------------------------------------------------------------

std::unique_ptr<GgufLlamaWeights> GgufLlamaWeights::open(const std::string& path) {
    return std::make_unique<GgufLlamaWeights>(GgufFile::open(path));
}

GgufLlamaWeights::GgufLlamaWeights(GgufFile file)
    : file_(std::move(file)), config_(hfConfigFromGguf(file_)), map_(hfTensorMap(file_)) {
    for (std::size_t i = 0; i < map_.size(); ++i) byHfName_[map_[i].hfName] = i;
}

std::vector<std::string> GgufLlamaWeights::names() const {
    std::vector<std::string> out;
    out.reserve(map_.size());
    for (const auto& e : map_) out.push_back(e.hfName);
    return out;
}

bool GgufLlamaWeights::has(const std::string& name) const { return byHfName_.count(name) != 0; }

const GgufHfTensor& GgufLlamaWeights::entry(const std::string& name) const {
    auto it = byHfName_.find(name);
    if (it == byHfName_.end()) throw Error("no such tensor", file_.path(), name);
    return map_[it->second];
}

std::int64_t GgufLlamaWeights::headsFor(RowOrder order) const {
    return order == RowOrder::UnpermuteKey ? config_["num_key_value_heads"].get<std::int64_t>()
                                           : config_["num_attention_heads"].get<std::int64_t>();
}

at::Tensor GgufLlamaWeights::tensor(const std::string& name) const {
    const auto& e = entry(name);
    auto t = dequantize(file_, file_.tensor(e.ggufName));
    if (e.rowOrder == RowOrder::AsStored) return t;
    try {
        return unpermuteRotaryRows(t, headsFor(e.rowOrder));
    } catch (const Error& err) {
        throw Error(err.message(), file_.path(), e.ggufName);
    }
}

GgufLlamaWeights::RawTensor GgufLlamaWeights::raw(const std::string& name) const {
    const auto& e = entry(name);
    const auto& info = file_.tensor(e.ggufName);
    RawTensor out;
    out.type = info.type;
    out.shape = info.torchShape();
    const std::uint8_t* src = file_.tensorData(info);
    if (e.rowOrder == RowOrder::AsStored || out.shape.empty()) {
        out.bytes.assign(src, src + info.byteSize);
        return out;
    }
    const auto rows = out.shape[0];
    const auto heads = headsFor(e.rowOrder);
    if (rows % (2 * heads) != 0 || info.byteSize % static_cast<std::uint64_t>(rows) != 0 ||
        (out.shape.size() == 1 && ggmlTypeTraits(static_cast<std::uint32_t>(info.type))->blockElements != 1))
        throw Error("rows cannot be reordered as whole blocks", file_.path(), e.ggufName);
    const auto rowBytes = info.byteSize / static_cast<std::uint64_t>(rows);
    out.bytes.resize(info.byteSize);
    for (std::int64_t r = 0; r < rows; ++r)
        std::memcpy(out.bytes.data() + r * rowBytes,
                    src + storedRowOfHfRow(r, rows, heads) * rowBytes, rowBytes);
    return out;
}

std::map<std::string, at::Tensor> hfWeightsFromGguf(const GgufFile& file) {
    GgufLlamaWeights weights(file);
    std::map<std::string, at::Tensor> out;
    for (const auto& name : weights.names()) out.emplace(name, weights.tensor(name));
    return out;
}

}  // namespace ts
