// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A sentencepiece model (tokenizer.model, or one built from a GGUF vocabulary) as a ts::Tokenizer.
// Control pieces written in the text (<s>, </s>, ...) are split out first and become their ids,
// as HF's LlamaTokenizer does; the rest goes to sentencepiece.
#include "engine/tokenizer/spm_library.h"
#include "engine/tokenizer/tokenizer.h"

#include <memory>
#include <string>

namespace ts {

struct SentencePieceOptions {
    bool addBos = true;   // encode(AddSpecial::Yes) prepends BOS (Llama/Mistral convention)
    bool addEos = false;  // ... and appends EOS
};

std::unique_ptr<Tokenizer> makeSentencePieceTokenizer(SentencePieceModel model,
                                                      SentencePieceOptions options,
                                                      const std::string& origin);
// Loads a tokenizer.model file. Throws ts::Error naming the file.
std::unique_ptr<Tokenizer> loadSentencePieceTokenizer(const std::string& path);

// For tokenizer_config.json's add_bos_token/add_eos_token: changes a sentencepiece tokenizer's
// options; returns false (and does nothing) for other kinds of tokenizer.
bool setSentencePieceOptions(Tokenizer& tokenizer, SentencePieceOptions options);

}  // namespace ts
