// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The stages of an HF tokenizer.json pipeline, built from their JSON: normalizers, pre-tokenizers,
// decoders and post-processors. Only the parts the BPE models we support use are implemented;
// anything else is rejected with a ts::Error naming the file and the JSON field.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ts::hf {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual void apply(std::string& text) const = 0;
};

// One piece of text on its way to the model. `first` marks the piece that starts the whole
// input (Metaspace's prepend_scheme "first" only prefixes that one).
struct PreToken {
    std::string text;
    bool first = false;
};

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    virtual void apply(std::vector<PreToken>& pieces) const = 0;
};

class Decoder {
public:
    virtual ~Decoder() = default;
    virtual std::vector<std::string> apply(std::vector<std::string> tokens) const = 0;
};

// Adds special tokens around one sequence (single-sequence templates only).
class PostProcessor {
public:
    virtual ~PostProcessor() = default;
    virtual std::vector<int32_t> apply(const std::vector<int32_t>& ids) const = 0;
    // The ids it adds in front / at the end (for reporting BOS/EOS).
    virtual std::vector<int32_t> prefixIds() const { return {}; }
    virtual std::vector<int32_t> suffixIds() const { return {}; }
};

// `field` is the JSON path used in error messages, e.g. "normalizer" or "pre_tokenizer".
// A null JSON value yields nullptr (no stage).
std::unique_ptr<Normalizer> makeNormalizer(const nlohmann::json& j, const std::string& origin,
                                           const std::string& field);
std::unique_ptr<PreTokenizer> makePreTokenizer(const nlohmann::json& j, const std::string& origin,
                                               const std::string& field);
std::unique_ptr<Decoder> makeDecoder(const nlohmann::json& j, const std::string& origin,
                                     const std::string& field);
std::unique_ptr<PostProcessor> makePostProcessor(const nlohmann::json& j,
                                                 const std::string& origin,
                                                 const std::string& field);

// The regex GPT-2's ByteLevel pre-tokenizer uses when use_regex is true.
extern const char* const kGpt2Regex;

}  // namespace ts::hf
