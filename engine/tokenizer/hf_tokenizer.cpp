// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/hf_tokenizer.h"

#include "engine/core/error.h"
#include "engine/tokenizer/added_tokens.h"
#include "engine/tokenizer/bpe_model.h"
#include "engine/tokenizer/hf_components.h"
#include "engine/tokenizer/text_utils.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <unordered_map>

namespace ts {

using nlohmann::json;

namespace {

class HfBpeTokenizer : public Tokenizer {
public:
    HfBpeTokenizer(std::unique_ptr<BpeModel> model, std::vector<AddedToken> added,
                   std::unique_ptr<hf::Normalizer> normalizer,
                   std::unique_ptr<hf::PreTokenizer> preTokenizer,
                   std::unique_ptr<hf::PostProcessor> postProcessor,
                   std::unique_ptr<hf::Decoder> decoder)
        : model_(std::move(model)), normalizer_(std::move(normalizer)),
          preTokenizer_(std::move(preTokenizer)), postProcessor_(std::move(postProcessor)),
          decoder_(std::move(decoder)) {
        vocabSize_ = int32_t(model_->idToToken().size());
        std::vector<AddedToken> raw, normalized;
        for (const auto& t : added) {
            vocabSize_ = std::max(vocabSize_, t.id + 1);
            addedById_[t.id] = t;
            addedByContent_[t.content] = t.id;
            (t.normalized && normalizer_ ? normalized : raw).push_back(t);
        }
        rawMatcher_ = AddedTokenMatcher(std::move(raw));
        normalizedMatcher_ = AddedTokenMatcher(std::move(normalized));
    }

    std::vector<int32_t> encode(const std::string& input, AddSpecial addSpecial) const override {
        // PCRE2's JIT matcher requires valid UTF-8; HF only ever sees valid strings.
        const std::string lossy = text::isValidUtf8(input) ? std::string() : text::utf8Lossy(input);
        const std::string_view text = lossy.empty() ? std::string_view(input) : lossy;
        std::vector<int32_t> ids;
        ids.reserve(text.size() / 3 + 4);
        bool first = true;  // the piece that starts the input (Metaspace "first")
        for (const auto& segment : rawMatcher_.split(text)) {
            if (segment.id >= 0) {
                ids.push_back(segment.id);
                first = false;
                continue;
            }
            std::string normalized(segment.text);
            if (normalizer_) normalizer_->apply(normalized);
            for (const auto& inner : normalizedMatcher_.split(normalized)) {
                if (inner.id >= 0) {
                    ids.push_back(inner.id);
                } else {
                    encodeNormalized(inner.text, first, ids);
                }
                first = false;
            }
        }
        if (addSpecial == AddSpecial::Yes && postProcessor_) return postProcessor_->apply(ids);
        return ids;
    }

    std::string decode(const std::vector<int32_t>& ids, SkipSpecial skipSpecial) const override {
        std::vector<std::string> tokens;
        tokens.reserve(ids.size());
        for (int32_t id : ids) {
            auto added = addedById_.find(id);
            if (added != addedById_.end()) {
                if (skipSpecial == SkipSpecial::Yes && added->second.special) continue;
                tokens.push_back(added->second.content);
                continue;
            }
            if (id < 0 || id >= int32_t(model_->idToToken().size()) ||
                model_->idToToken()[size_t(id)].empty())
                throw Error("token id " + std::to_string(id) + " is not in the vocabulary (size " +
                                std::to_string(vocabSize_) + ")",
                            origin());
            tokens.push_back(model_->idToToken()[size_t(id)]);
        }
        if (!decoder_) {
            // HF joins tokens with spaces when the tokenizer has no decoder.
            std::string out;
            for (size_t i = 0; i < tokens.size(); ++i) out += (i ? " " : "") + tokens[i];
            return out;
        }
        std::string out;
        for (const auto& t : decoder_->apply(std::move(tokens))) out += t;
        return out;
    }

    int32_t vocabSize() const override { return vocabSize_; }

    std::optional<int32_t> tokenToId(const std::string& token) const override {
        auto added = addedByContent_.find(token);
        if (added != addedByContent_.end()) return added->second;
        auto it = model_->vocab().find(token);
        if (it != model_->vocab().end()) return it->second;
        return std::nullopt;
    }

    std::string idToToken(int32_t id) const override {
        auto added = addedById_.find(id);
        if (added != addedById_.end()) return added->second.content;
        if (id < 0 || id >= int32_t(model_->idToToken().size())) return {};
        return model_->idToToken()[size_t(id)];
    }

    bool isSpecial(int32_t id) const override {
        auto added = addedById_.find(id);
        return added != addedById_.end() && added->second.special;
    }

    std::string kind() const override {
        return model_->byteFallback() ? "bpe with byte fallback (tokenizer.json)"
                                      : "byte-level bpe (tokenizer.json)";
    }

    const hf::PostProcessor* postProcessor() const { return postProcessor_.get(); }

private:
    void encodeNormalized(std::string_view text, bool first, std::vector<int32_t>& ids) const {
        if (text.empty()) return;
        std::vector<hf::PreToken> pieces{{std::string(text), first}};
        if (preTokenizer_) preTokenizer_->apply(pieces);
        for (const auto& p : pieces) model_->encodeWord(p.text, ids);
    }

    std::unique_ptr<BpeModel> model_;
    std::unique_ptr<hf::Normalizer> normalizer_;
    std::unique_ptr<hf::PreTokenizer> preTokenizer_;
    std::unique_ptr<hf::PostProcessor> postProcessor_;
    std::unique_ptr<hf::Decoder> decoder_;
    AddedTokenMatcher rawMatcher_, normalizedMatcher_;
    std::unordered_map<int32_t, AddedToken> addedById_;
    std::unordered_map<std::string, int32_t> addedByContent_;
    int32_t vocabSize_ = 0;
};

std::vector<std::pair<std::string, std::string>> parseMerges(const json& merges,
                                                             const std::string& origin) {
    if (!merges.is_array()) throw Error("'merges' must be an array", origin, "model.merges");
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(merges.size());
    for (size_t i = 0; i < merges.size(); ++i) {
        const auto& m = merges[i];
        const std::string where = "model.merges[" + std::to_string(i) + "]";
        if (m.is_string()) {
            const std::string s = m.get<std::string>();
            // Tokens never contain a plain space in byte-level or "▁" vocabularies, so the first
            // space separates the pair (HF splits the same way).
            auto space = s.find(' ');
            if (space == std::string::npos || space == 0 || space + 1 >= s.size())
                throw Error("merge '" + s + "' is not of the form 'left right'", origin, where);
            out.emplace_back(s.substr(0, space), s.substr(space + 1));
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            out.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
        } else {
            throw Error("a merge must be \"a b\" or [\"a\", \"b\"]", origin, where);
        }
    }
    return out;
}

std::unique_ptr<Tokenizer> build(const json& doc, const std::string& origin) {
    if (!doc.is_object()) throw Error("the document is not a JSON object", origin);
    if (!doc.contains("model") || !doc["model"].is_object())
        throw Error("missing 'model' object", origin, "model");
    const json& model = doc["model"];
    const std::string type = model.value("type", std::string("BPE"));
    if (type != "BPE")
        throw Error("unsupported model type '" + type + "' (only BPE is supported)", origin,
                    "model.type");
    if (!model.contains("vocab") || !model["vocab"].is_object())
        throw Error("'vocab' must be an object of token -> id", origin, "model.vocab");
    for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        if (model.contains(affix) && model[affix].is_string() && !model[affix].get<std::string>().empty())
            throw Error(std::string("non-empty ") + affix + " is not supported", origin,
                        std::string("model.") + affix);
    }

    BpeConfig config;
    config.origin = origin;
    config.vocab.reserve(model["vocab"].size());
    for (const auto& [token, id] : model["vocab"].items()) {
        if (!id.is_number_integer())
            throw Error("id of token '" + token + "' is not an integer", origin, "model.vocab");
        config.vocab.emplace(token, id.get<int32_t>());
    }
    config.merges = parseMerges(model.value("merges", json::array()), origin);
    if (model.contains("unk_token") && model["unk_token"].is_string())
        config.unkToken = model["unk_token"].get<std::string>();
    config.byteFallback = model.value("byte_fallback", false);
    config.fuseUnk = model.value("fuse_unk", false);
    config.ignoreMerges = model.value("ignore_merges", false);
    auto bpe = std::make_unique<BpeModel>(std::move(config));

    std::vector<AddedToken> added;
    if (doc.contains("added_tokens") && !doc["added_tokens"].is_null()) {
        const json& list = doc["added_tokens"];
        if (!list.is_array()) throw Error("'added_tokens' must be an array", origin, "added_tokens");
        for (size_t i = 0; i < list.size(); ++i) {
            const json& t = list[i];
            const std::string where = "added_tokens[" + std::to_string(i) + "]";
            if (!t.is_object() || !t.contains("id") || !t["id"].is_number_integer() ||
                !t.contains("content") || !t["content"].is_string())
                throw Error("an added token needs an integer 'id' and a string 'content'", origin, where);
            AddedToken a;
            a.id = t["id"].get<int32_t>();
            if (a.id < 0) throw Error("negative id", origin, where + ".id");
            a.content = t["content"].get<std::string>();
            a.special = t.value("special", false);
            a.lstrip = t.value("lstrip", false);
            a.rstrip = t.value("rstrip", false);
            a.singleWord = t.value("single_word", false);
            a.normalized = t.value("normalized", !a.special);
            added.push_back(std::move(a));
        }
    }
    auto tokenizer = std::make_unique<HfBpeTokenizer>(
        std::move(bpe), std::move(added),
        hf::makeNormalizer(doc.value("normalizer", json()), origin, "normalizer"),
        hf::makePreTokenizer(doc.value("pre_tokenizer", json()), origin, "pre_tokenizer"),
        hf::makePostProcessor(doc.value("post_processor", json()), origin, "post_processor"),
        hf::makeDecoder(doc.value("decoder", json()), origin, "decoder"));
    tokenizer->setOrigin(origin);

    // BOS/EOS as the post-processor adds them; tokenizer_config.json may refine these later.
    SpecialTokens special;
    if (const auto* post = tokenizer->postProcessor()) {
        auto prefix = post->prefixIds();
        auto suffix = post->suffixIds();
        if (!prefix.empty()) special.bos = prefix.front();
        if (!suffix.empty()) special.eos = suffix.back();
    }
    if (auto unk = model.find("unk_token"); unk != model.end() && unk->is_string())
        special.unk = tokenizer->tokenToId(unk->get<std::string>()).value_or(-1);
    tokenizer->setSpecialTokens(special);
    return tokenizer;
}

}  // namespace

std::unique_ptr<Tokenizer> hfTokenizerFromJson(const json& doc, const std::string& origin) {
    try {
        return build(doc, origin);
    } catch (const json::exception& e) {
        // A value of an unexpected JSON type somewhere in the pipeline description.
        throw Error(std::string("malformed tokenizer description: ") + e.what(), origin);
    }
}

std::unique_ptr<Tokenizer> loadHfTokenizerJson(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open tokenizer file", path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    json doc;
    try {
        doc = json::parse(buffer.str());
    } catch (const json::parse_error& e) {
        throw Error(std::string("invalid JSON: ") + e.what(), path, "", -1);
    }
    return hfTokenizerFromJson(doc, path);
}

}  // namespace ts
