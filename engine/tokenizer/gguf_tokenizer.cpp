// SPDX-License-Identifier: GPL-3.0-or-later
// GGUF vocabularies become the same tokenizers as their HF/sentencepiece originals:
// - "gpt2": a tokenizer.json document is assembled (BPE vocab + merges, control/user-defined tokens
//   as added tokens, llama.cpp's pre-tokenizer regexes as Split steps, ByteLevel mapping) and
//   handed to the tokenizer.json loader, so both paths share one BPE implementation.
// - "llama": the pieces, scores and types are serialized into a sentencepiece ModelProto and
//   loaded through the sentencepiece bridge. GGUF "llama" vocabularies are converted from
//   sentencepiece models, so running the real sentencepiece BPE on them reproduces the original
//   tokenizer exactly (normalization, dummy prefix, byte fallback, score-ordered merges) instead of
//   a re-implementation that has to chase its corner cases.
#include "engine/tokenizer/gguf_tokenizer.h"

#include "engine/core/error.h"
#include "engine/tokenizer/hf_components.h"
#include "engine/tokenizer/hf_tokenizer.h"
#include "engine/tokenizer/spm_library.h"
#include "engine/tokenizer/spm_tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace ts {

namespace {

constexpr int32_t kTypeNormal = 1;
constexpr int32_t kTypeUnknown = 2;
constexpr int32_t kTypeControl = 3;
constexpr int32_t kTypeUserDefined = 4;
constexpr int32_t kTypeByte = 6;

// llama.cpp's pre-tokenizer regexes (llama-vocab.cpp), by tokenizer.ggml.pre.
const char* const kLlama3Regex =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kQwen2Regex =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kGpt2RegexNoTail =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))";

void checkId(int32_t id, size_t n, const std::string& origin, const char* key) {
    if (id < -1 || id >= int32_t(n))
        throw Error("token id " + std::to_string(id) + " out of range (vocabulary of " +
                        std::to_string(n) + ")",
                    origin, key);
}

std::unique_ptr<Tokenizer> gpt2FromSpec(const GgufTokenizerSpec& spec) {
    using nlohmann::json;
    const auto regexes = ggufPreTokenizerRegexes(spec.pre);
    if (regexes.empty())
        throw Error("unsupported pre-tokenizer '" + spec.pre + "'", spec.origin, "tokenizer.ggml.pre");

    json vocab = json::object();
    json added = json::array();
    for (size_t id = 0; id < spec.tokens.size(); ++id) {
        const int32_t type = spec.tokenTypes.empty() ? kTypeNormal : spec.tokenTypes[id];
        if (type == kTypeControl || type == kTypeUserDefined) {
            added.push_back({{"id", id}, {"content", spec.tokens[id]}, {"special", type == kTypeControl},
                             {"normalized", false}, {"lstrip", false}, {"rstrip", false},
                             {"single_word", false}});
        }
        // First id wins for duplicate strings, as in llama.cpp's token_to_id map.
        if (!vocab.contains(spec.tokens[id])) vocab[spec.tokens[id]] = id;
    }
    json pretokenizers = json::array();
    for (const auto& r : regexes)
        pretokenizers.push_back(
            {{"type", "Split"}, {"pattern", {{"Regex", r}}}, {"behavior", "Isolated"}, {"invert", false}});
    pretokenizers.push_back({{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}});

    json single = json::array();
    json specials = json::object();
    auto addSpecial = [&](int32_t id) {
        const std::string& name = spec.tokens[size_t(id)];
        single.push_back({{"SpecialToken", {{"id", name}, {"type_id", 0}}}});
        specials[name] = {{"id", name}, {"ids", {id}}, {"tokens", {name}}};
    };
    if (spec.addBos && spec.bosId >= 0) addSpecial(spec.bosId);
    single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
    if (spec.addEos && spec.eosId >= 0) addSpecial(spec.eosId);

    // llama.cpp sets ignore_merges for Llama 3 vocabularies, matching their tokenizer.json.
    const bool ignoreMerges = spec.pre == "llama-bpe" || spec.pre == "llama3";
    json doc = {
        {"model",
         {{"type", "BPE"}, {"vocab", std::move(vocab)}, {"merges", spec.merges},
          {"byte_fallback", false}, {"ignore_merges", ignoreMerges}}},
        {"added_tokens", std::move(added)},
        {"normalizer", nullptr},
        {"pre_tokenizer", {{"type", "Sequence"}, {"pretokenizers", std::move(pretokenizers)}}},
        {"post_processor",
         {{"type", "TemplateProcessing"}, {"single", std::move(single)}, {"special_tokens", std::move(specials)}}},
        {"decoder", {{"type", "ByteLevel"}}},
    };
    try {
        return hfTokenizerFromJson(doc, spec.origin);
    } catch (const Error& e) {
        // Name the GGUF keys rather than the synthetic JSON fields.
        std::string field = e.field().rfind("model.merges", 0) == 0 ? "tokenizer.ggml.merges"
                                                                     : "tokenizer.ggml.tokens";
        throw Error(e.message() + " (" + e.field() + ")", spec.origin, field);
    }
}

// Protocol-buffer wire format, just enough for sentencepiece's ModelProto.
class ProtoWriter {
public:
    void varint(uint32_t field, uint64_t value) {
        key(field, 0);
        raw(value);
    }
    void int32(uint32_t field, int32_t value) { varint(field, uint64_t(int64_t(value))); }
    void boolean(uint32_t field, bool value) { varint(field, value ? 1 : 0); }
    void fixed32(uint32_t field, float value) {
        key(field, 5);
        uint32_t bits;
        std::memcpy(&bits, &value, 4);
        for (int i = 0; i < 4; ++i) out_ += char((bits >> (8 * i)) & 0xFF);
    }
    void bytes(uint32_t field, const std::string& value) {
        key(field, 2);
        raw(value.size());
        out_ += value;
    }
    const std::string& str() const { return out_; }

private:
    void key(uint32_t field, uint32_t wireType) { raw((uint64_t(field) << 3) | wireType); }
    void raw(uint64_t v) {
        while (v >= 0x80) {
            out_ += char((v & 0x7F) | 0x80);
            v >>= 7;
        }
        out_ += char(v);
    }
    std::string out_;
};

std::unique_ptr<Tokenizer> llamaFromSpec(const GgufTokenizerSpec& spec) {
    if (spec.scores.size() != spec.tokens.size())
        throw Error("tokenizer.ggml.scores has " + std::to_string(spec.scores.size()) +
                        " entries for " + std::to_string(spec.tokens.size()) + " tokens",
                    spec.origin, "tokenizer.ggml.scores");
    auto model = SentencePieceModel::fromBytes(serializeSentencePieceProto(spec), spec.origin);
    SentencePieceOptions options;
    options.addBos = spec.addBos;
    options.addEos = spec.addEos;
    return makeSentencePieceTokenizer(std::move(model), options, spec.origin);
}

}  // namespace

std::vector<std::string> ggufPreTokenizerRegexes(const std::string& pre) {
    if (pre.empty() || pre == "default")
        return {R"([\p{P}\$\+<=>\^~\|]+)", kGpt2RegexNoTail, R"(\p{N}+)", "[0-9][0-9][0-9]"};
    if (pre == "llama-bpe" || pre == "llama3") return {kLlama3Regex};
    if (pre == "qwen2" || pre == "stablelm2" || pre == "deepseek-r1-qwen") return {kQwen2Regex};
    if (pre == "gpt-2" || pre == "gpt2" || pre == "mpt" || pre == "olmo" || pre == "jais")
        return {hf::kGpt2Regex};
    if (pre == "smollm" || pre == "starcoder" || pre == "refact" || pre == "command-r" ||
        pre == "codeshell" || pre == "exaone" || pre == "minerva-7b")
        return {R"(\p{N})", hf::kGpt2Regex};
    return {};
}

std::string serializeSentencePieceProto(const GgufTokenizerSpec& spec) {
    ProtoWriter proto;
    bool hasBytes = false;
    for (size_t id = 0; id < spec.tokens.size(); ++id) {
        int32_t type = spec.tokenTypes.empty() ? kTypeNormal : spec.tokenTypes[id];
        if (int32_t(id) == spec.unkId) type = kTypeUnknown;
        if (type == kTypeByte) hasBytes = true;
        if (type < kTypeNormal || type > kTypeByte) type = kTypeNormal;
        ProtoWriter piece;
        piece.bytes(1, spec.tokens[id]);
        piece.fixed32(2, id < spec.scores.size() ? spec.scores[id] : 0.0f);
        piece.varint(3, uint64_t(type));
        proto.bytes(1, piece.str());  // ModelProto.pieces
    }
    ProtoWriter trainer;  // TrainerSpec
    trainer.varint(3, 2);  // model_type = BPE
    trainer.int32(4, int32_t(spec.tokens.size()));
    trainer.boolean(35, hasBytes);  // byte_fallback
    trainer.int32(40, spec.unkId);
    trainer.int32(41, spec.bosId);
    trainer.int32(42, spec.eosId);
    trainer.int32(43, spec.padId);
    proto.bytes(2, trainer.str());
    ProtoWriter normalizer;  // NormalizerSpec: Llama's, i.e. no Unicode normalization
    normalizer.bytes(1, "identity");
    normalizer.boolean(3, spec.addSpacePrefix);  // add_dummy_prefix
    normalizer.boolean(4, false);                // remove_extra_whitespaces
    normalizer.boolean(5, true);                 // escape_whitespaces
    proto.bytes(3, normalizer.str());
    return proto.str();
}

std::unique_ptr<Tokenizer> tokenizerFromGgufSpec(const GgufTokenizerSpec& spec) {
    const size_t n = spec.tokens.size();
    if (n == 0) throw Error("the vocabulary is empty", spec.origin, "tokenizer.ggml.tokens");
    if (!spec.tokenTypes.empty() && spec.tokenTypes.size() != n)
        throw Error("tokenizer.ggml.token_type has " + std::to_string(spec.tokenTypes.size()) +
                        " entries for " + std::to_string(n) + " tokens",
                    spec.origin, "tokenizer.ggml.token_type");
    checkId(spec.bosId, n, spec.origin, "tokenizer.ggml.bos_token_id");
    checkId(spec.eosId, n, spec.origin, "tokenizer.ggml.eos_token_id");
    checkId(spec.unkId, n, spec.origin, "tokenizer.ggml.unknown_token_id");
    checkId(spec.padId, n, spec.origin, "tokenizer.ggml.padding_token_id");

    std::unique_ptr<Tokenizer> tokenizer;
    if (spec.model == "gpt2")
        tokenizer = gpt2FromSpec(spec);
    else if (spec.model == "llama")
        tokenizer = llamaFromSpec(spec);
    else
        throw Error("unsupported tokenizer model '" + spec.model + "' (gpt2 and llama are supported)",
                    spec.origin, "tokenizer.ggml.model");

    SpecialTokens special;
    special.bos = spec.bosId;
    special.eos = spec.eosId;
    special.pad = spec.padId;
    special.unk = spec.unkId;
    tokenizer->setSpecialTokens(special);
    tokenizer->deriveStopIds();
    tokenizer->setChatTemplate(spec.chatTemplate);
    tokenizer->setOrigin(spec.origin);
    return tokenizer;
}

}  // namespace ts
