// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/spm_tokenizer.h"

#include "engine/core/error.h"
#include "engine/tokenizer/added_tokens.h"

namespace ts {

namespace {

class SentencePieceTokenizer : public Tokenizer {
public:
    SentencePieceTokenizer(SentencePieceModel model, SentencePieceOptions options)
        : model_(std::move(model)), options_(options) {
        std::vector<AddedToken> controls;
        const int n = model_.vocabSize();
        for (int32_t id = 0; id < n; ++id) {
            if (!model_.isControl(id)) continue;
            AddedToken t;
            t.id = id;
            t.content = model_.idToPiece(id);
            t.special = true;
            controls.push_back(std::move(t));
        }
        controls_ = AddedTokenMatcher(std::move(controls));
        SpecialTokens special;
        special.bos = model_.bosId();
        special.eos = model_.eosId();
        special.pad = model_.padId();
        special.unk = model_.unkId();
        setSpecialTokens(special);
    }

    std::vector<int32_t> encode(const std::string& text, AddSpecial addSpecial) const override {
        std::vector<int32_t> ids;
        if (addSpecial == AddSpecial::Yes && options_.addBos && bosId() >= 0) ids.push_back(bosId());
        for (const auto& segment : controls_.split(text)) {
            if (segment.id >= 0) {
                ids.push_back(segment.id);
                continue;
            }
            auto part = model_.encode(std::string(segment.text));
            ids.insert(ids.end(), part.begin(), part.end());
        }
        if (addSpecial == AddSpecial::Yes && options_.addEos && eosId() >= 0) ids.push_back(eosId());
        return ids;
    }

    std::string decode(const std::vector<int32_t>& ids, SkipSpecial skipSpecial) const override {
        std::string out;
        std::vector<int32_t> run;
        auto flush = [&] {
            if (run.empty()) return;
            out += model_.decode(run);
            run.clear();
        };
        const int32_t n = vocabSize();
        for (int32_t id : ids) {
            if (id < 0 || id >= n)
                throw Error("token id " + std::to_string(id) + " is not in the vocabulary (size " +
                                std::to_string(n) + ")",
                            origin());
            if (model_.isControl(id)) {
                flush();
                if (skipSpecial == SkipSpecial::No) out += model_.idToPiece(id);
                continue;
            }
            run.push_back(id);
        }
        flush();
        return out;
    }

    int32_t vocabSize() const override { return model_.vocabSize(); }
    std::optional<int32_t> tokenToId(const std::string& token) const override {
        int32_t id = model_.pieceToId(token);
        // sentencepiece answers unk for unknown pieces; only the unk piece itself maps to unk.
        if (id == model_.unkId() && token != model_.idToPiece(id)) return std::nullopt;
        return id;
    }
    std::string idToToken(int32_t id) const override {
        if (id < 0 || id >= vocabSize()) return {};
        return model_.idToPiece(id);
    }
    bool isSpecial(int32_t id) const override {
        return id >= 0 && id < vocabSize() && (model_.isControl(id) || id == model_.unkId());
    }
    std::string kind() const override { return "sentencepiece"; }

    void setOptions(SentencePieceOptions options) { options_ = options; }

private:
    SentencePieceModel model_;
    SentencePieceOptions options_;
    AddedTokenMatcher controls_;
};

}  // namespace

std::unique_ptr<Tokenizer> makeSentencePieceTokenizer(SentencePieceModel model,
                                                      SentencePieceOptions options,
                                                      const std::string& origin) {
    auto t = std::make_unique<SentencePieceTokenizer>(std::move(model), options);
    t->setOrigin(origin);
    t->deriveStopIds();
    return t;
}

std::unique_ptr<Tokenizer> loadSentencePieceTokenizer(const std::string& path) {
    return makeSentencePieceTokenizer(SentencePieceModel::fromFile(path), SentencePieceOptions{}, path);
}

bool setSentencePieceOptions(Tokenizer& tokenizer, SentencePieceOptions options) {
    auto* spm = dynamic_cast<SentencePieceTokenizer*>(&tokenizer);
    if (!spm) return false;
    spm->setOptions(options);
    return true;
}

}  // namespace ts
