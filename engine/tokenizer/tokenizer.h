// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine's tokenizer interface and the factory that picks an implementation from a path.
// Torch-free. Implementations: HF tokenizer.json (BPE, byte-level or byte-fallback), sentencepiece
// tokenizer.model (through the dlopen bridge) and tokenizers embedded in GGUF files.
//
// Thread safety: encode/decode are const and may be called from several threads at once.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ts {

enum class AddSpecial { No, Yes };   // add BOS/EOS as the tokenizer's post-processor says
enum class SkipSpecial { No, Yes };  // drop special tokens (BOS, <|im_end|>, ...) when decoding

// The special ids and chat template a tokenizer carries; -1 where the tokenizer has none.
struct SpecialTokens {
    int32_t bos = -1;
    int32_t eos = -1;
    int32_t pad = -1;
    int32_t unk = -1;
    std::vector<int32_t> stop;  // ids that end generation: eos plus end-of-turn tokens
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    virtual std::vector<int32_t> encode(const std::string& text, AddSpecial addSpecial) const = 0;
    // Throws ts::Error for an id outside [0, vocabSize()).
    virtual std::string decode(const std::vector<int32_t>& ids, SkipSpecial skipSpecial) const = 0;

    // One past the largest id the tokenizer can produce (model vocabulary plus added tokens).
    virtual int32_t vocabSize() const = 0;
    virtual std::optional<int32_t> tokenToId(const std::string& token) const = 0;
    // The token's own string form ("Ġhello", "▁the", "<|im_end|>"); empty for an unknown id.
    virtual std::string idToToken(int32_t id) const = 0;
    virtual bool isSpecial(int32_t id) const = 0;
    // Short description of the implementation, for logs: "bpe (tokenizer.json)", ...
    virtual std::string kind() const = 0;

    int32_t bosId() const { return special_.bos; }
    int32_t eosId() const { return special_.eos; }
    int32_t padId() const { return special_.pad; }
    int32_t unkId() const { return special_.unk; }
    const std::vector<int32_t>& stopIds() const { return special_.stop; }
    bool isStop(int32_t id) const;

    // The jinja chat template the model ships (tokenizer_config.json or GGUF), or empty.
    const std::string& chatTemplate() const { return chatTemplate_; }
    // Where the tokenizer came from (for error messages).
    const std::string& origin() const { return origin_; }

    // Used by the loaders; callers normally do not need these.
    void setSpecialTokens(SpecialTokens special) { special_ = std::move(special); }
    void setChatTemplate(std::string jinja) { chatTemplate_ = std::move(jinja); }
    void setOrigin(std::string origin) { origin_ = std::move(origin); }
    // Fills stop ids from eos and the well-known end-of-turn tokens present in the vocabulary.
    void deriveStopIds();

private:
    SpecialTokens special_;
    std::string chatTemplate_;
    std::string origin_;
};

// path: a tokenizer.json, a tokenizer.model, a model folder (tokenizer.json preferred, then
// tokenizer.model; tokenizer_config.json supplies bos/eos/pad and chat_template when present) or
// a .gguf file. Throws ts::Error naming the file (and field) on any problem.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& path);

}  // namespace ts
