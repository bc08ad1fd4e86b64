// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the tokenizer out of a GGUF file's metadata.
#include "engine/tokenizer/gguf_tokenizer.h"

#include "engine/core/error.h"

namespace ts {

GgufTokenizerSpec readGgufTokenizerSpec(const std::string& path) {
    throw Error("reading GGUF files is not available in this build", path);
}

}  // namespace ts
