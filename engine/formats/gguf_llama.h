// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GGUF files of the llama architecture (Llama, Mistral, SmolLM2 ...) and of qwen2, seen as a
// Hugging Face checkpoint: an HF config.json-style object and weights under HF names, in HF
// orientation, as float32.
//
// llama.cpp's convert_hf_to_gguf.py reorders the rows of the llama Q and K projections per head
// (HF's "rotate half" rotary layout -> interleaved pairs). The weights served here are reordered
// back, so they equal the HF checkpoint's. qwen2 is converted without that reordering.
#include "engine/formats/gguf.h"
#include "engine/formats/weight_source.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ts {

// The HF config for a llama or qwen2 GGUF: architectures, model_type, hidden_size,
// intermediate_size, num_hidden_layers, num_attention_heads, num_key_value_heads, head_dim,
// rms_norm_eps, rope_theta, vocab_size, max_position_embeddings, tie_word_embeddings,
// bos_token_id / eos_token_id (when present), hidden_act, attention_bias.
// Throws ts::Error naming the file and key for another architecture or a missing required key.
nlohmann::json hfConfigFromGguf(const GgufFile& file);

// How a GGUF tensor becomes an HF tensor.
enum class RowOrder { AsStored, UnpermuteQuery, UnpermuteKey };
struct GgufHfTensor {
    std::string hfName;    // "model.layers.0.self_attn.q_proj.weight"
    std::string ggufName;  // "blk.0.attn_q.weight"
    RowOrder rowOrder = RowOrder::AsStored;
};
// The mapping for every tensor of the file that has an HF counterpart, in file order. Tensors
// with no HF counterpart (rope_freqs.weight: HF computes it from the config) are left out; any
// other unknown tensor name is an error, so a file of a different layout is not half-loaded.
std::vector<GgufHfTensor> hfTensorMap(const GgufFile& file);

// Reorders the rows of a Q (heads = num_attention_heads) or K (heads = num_key_value_heads)
// projection from llama.cpp's layout back to HF's. Works on weights [rows, cols] and biases [rows].
at::Tensor unpermuteRotaryRows(const at::Tensor& stored, std::int64_t heads);
// For HF row r of such a tensor, the row of the stored tensor it comes from.
std::int64_t storedRowOfHfRow(std::int64_t hfRow, std::int64_t rows, std::int64_t heads);

// A GGUF file as a WeightSource: tensors are dequantized on request (float32, HF names, HF order).
class GgufLlamaWeights : public WeightSource {
public:
    static std::unique_ptr<GgufLlamaWeights> open(const std::string& path);
    explicit GgufLlamaWeights(GgufFile file);

    std::vector<std::string> names() const override;
    bool has(const std::string& name) const override;
    at::Tensor tensor(const std::string& name) const override;

    const GgufFile& file() const { return file_; }
    const nlohmann::json& config() const { return config_; }

    // The stored (possibly quantized) bytes of an HF-named tensor, copied, with Q/K rows already
    // in HF order (a quantized row is a whole number of blocks, so rows move as byte ranges).
    // `shape` is the HF shape; each of its rows is bytes.size() / shape[0] bytes of `type`.
    struct RawTensor {
        GgmlType type = GgmlType::F32;
        std::vector<std::int64_t> shape;
        std::vector<std::uint8_t> bytes;
    };
    RawTensor raw(const std::string& name) const;

private:
    const GgufHfTensor& entry(const std::string& name) const;
    std::int64_t headsFor(RowOrder order) const;

    GgufFile file_;
    nlohmann::json config_;
    std::vector<GgufHfTensor> map_;
    std::map<std::string, std::size_t> byHfName_;
};

// Every HF-named weight of the file, dequantized to float32.
std::map<std::string, at::Tensor> hfWeightsFromGguf(const GgufFile& file);

}  // namespace ts
