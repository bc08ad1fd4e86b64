// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HF tokenizers' tokenizer.json with a BPE model: byte-level (GPT-2, Qwen2, Llama 3, SmolLM2) and
// sentencepiece-style with byte fallback (Llama 2). Pipeline, as in HF: added tokens are split out
// of the raw text, the rest is normalized, pre-tokenized, run through merge-rank BPE and
// post-processed; decoding runs the decoder chain.
#include "engine/tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>

namespace ts {

// Throws ts::Error naming the file (and JSON field) for a missing file, invalid JSON, an
// unsupported model/normalizer/pre-tokenizer/decoder type or merges that do not match the vocab.
std::unique_ptr<Tokenizer> loadHfTokenizerJson(const std::string& path);
// Same from an already parsed document; `origin` names it in errors.
std::unique_ptr<Tokenizer> hfTokenizerFromJson(const nlohmann::json& doc, const std::string& origin);

}  // namespace ts
