// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tokenizers embedded in GGUF metadata (tokenizer.ggml.*), described without any GGUF or torch
// types so it can be filled from any reader.
#include "engine/tokenizer/tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ts {

struct GgufTokenizerSpec {
    std::string model;  // tokenizer.ggml.model: "gpt2" (byte-level BPE) or "llama" (sentencepiece)
    std::string pre;    // tokenizer.ggml.pre: names the pre-tokenizer regexes for "gpt2"
    std::vector<std::string> tokens;
    std::vector<float> scores;        // "llama": piece scores (merge priority)
    std::vector<int32_t> tokenTypes;  // 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte
    std::vector<std::string> merges;  // "gpt2": "left right", in rank order
    int32_t bosId = -1, eosId = -1, unkId = -1, padId = -1;
    bool addBos = false, addEos = false;
    bool addSpacePrefix = true;  // "llama": sentencepiece's add_dummy_prefix
    std::string chatTemplate;
    std::string origin;  // file name for errors
};

// Throws ts::Error naming spec.origin and the GGUF key for an unsupported model or pre-tokenizer,
// or inconsistent arrays (tokens/scores/types of different lengths, ids out of range).
std::unique_ptr<Tokenizer> tokenizerFromGgufSpec(const GgufTokenizerSpec& spec);

// The pre-tokenizer regexes llama.cpp applies, one after the other, for a tokenizer.ggml.pre
// name; empty when the name is unknown.
std::vector<std::string> ggufPreTokenizerRegexes(const std::string& pre);

// A sentencepiece ModelProto (BPE) holding the spec's pieces, scores and types.
std::string serializeSentencePieceProto(const GgufTokenizerSpec& spec);

// Reads tokenizer.ggml.* and tokenizer.chat_template from a GGUF file. Throws ts::Error naming
// the file and key for a missing or malformed tokenizer.
GgufTokenizerSpec readGgufTokenizerSpec(const std::string& path);
// False in builds without engine/formats' GGUF reader (readGgufTokenizerSpec then throws).
bool ggufTokenizerReaderAvailable();

}  // namespace ts
