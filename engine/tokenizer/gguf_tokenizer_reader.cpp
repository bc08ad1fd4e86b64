// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the tokenizer out of a GGUF file's metadata (tokenizer.ggml.*, tokenizer.chat_template).
#include "engine/tokenizer/gguf_tokenizer.h"

#include "engine/core/error.h"

// The GGUF reader lives in engine/formats; builds without it report GGUF files as unsupported.
#if __has_include("engine/formats/gguf.h")
#include "engine/formats/gguf.h"
#define TS_HAVE_GGUF_READER 1
#else
#define TS_HAVE_GGUF_READER 0
#endif

namespace ts {

bool ggufTokenizerReaderAvailable() { return TS_HAVE_GGUF_READER != 0; }

#if TS_HAVE_GGUF_READER
GgufTokenizerSpec readGgufTokenizerSpec(const std::string& path) {
    const GgufFile file = GgufFile::open(path);
    if (!file.has("tokenizer.ggml.model"))
        throw Error("the file has no embedded tokenizer", path, "tokenizer.ggml.model");
    GgufTokenizerSpec spec;
    spec.origin = path;
    spec.model = file.getString("tokenizer.ggml.model");
    spec.pre = file.getString("tokenizer.ggml.pre", "default");
    spec.tokens = file.getStringArray("tokenizer.ggml.tokens");
    if (file.has("tokenizer.ggml.scores")) spec.scores = file.getFloatArray("tokenizer.ggml.scores");
    if (file.has("tokenizer.ggml.token_type"))
        for (auto type : file.getIntArray("tokenizer.ggml.token_type")) spec.tokenTypes.push_back(int32_t(type));
    if (file.has("tokenizer.ggml.merges")) spec.merges = file.getStringArray("tokenizer.ggml.merges");
    auto id = [&](const char* key) -> int32_t {
        const std::int64_t v = file.getInt(key, -1);
        if (v < -1 || v >= std::int64_t(spec.tokens.size()))
            throw Error("token id " + std::to_string(v) + " out of range", path, key);
        return int32_t(v);
    };
    spec.bosId = id("tokenizer.ggml.bos_token_id");
    spec.eosId = id("tokenizer.ggml.eos_token_id");
    spec.unkId = id("tokenizer.ggml.unknown_token_id");
    spec.padId = id("tokenizer.ggml.padding_token_id");
    // llama.cpp's defaults: sentencepiece vocabularies add BOS, byte-level ones do not.
    spec.addBos = file.getBool("tokenizer.ggml.add_bos_token", spec.model == "llama");
    spec.addEos = file.getBool("tokenizer.ggml.add_eos_token", false);
    spec.addSpacePrefix = file.getBool("tokenizer.ggml.add_space_prefix", true);
    spec.chatTemplate = file.getString("tokenizer.chat_template", "");
    return spec;
}
#else
GgufTokenizerSpec readGgufTokenizerSpec(const std::string& path) {
    throw Error("this build has no GGUF reader (engine/formats/gguf.h)", path);
}
#endif

}  // namespace ts
