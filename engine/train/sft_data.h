// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Training data from JSONL: each line one example, turned into token ids and labels through the
// model's chat template, so only the assistant's reply is trained on (completion-only loss).
//
// Accepted line forms (other keys such as "meta" are ignored):
//   {"messages": [{"role": "system"|"user"|"assistant", "content": "..."}, ...]}
//   {"prompt": "...", "completion": "..."}            -> user / assistant turns
//   {"text": "...", "label": "..."}                   -> user / assistant turns (classification)
//   DPO: {"prompt": "..." or [messages], "chosen": "...", "rejected": "..."}
#include "engine/train/batching.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ts {

class Tokenizer;

struct DataIssue {
    std::int64_t line = 0;  // 1-based line in the file
    std::string reason;
};

struct SftData {
    std::vector<TokenizedExample> examples;
    std::vector<DataIssue> skipped;  // lines not used, with the reason
    std::string templateWarning;     // non-empty when the chat template was not recognized
};

// One preference pair: both sequences share the prompt; labels cover the reply only.
struct PreferencePair {
    TokenizedExample chosen;
    TokenizedExample rejected;
};

struct PreferenceData {
    std::vector<PreferencePair> pairs;
    std::vector<DataIssue> skipped;
    std::string templateWarning;
};

// Throws ts::Error (naming the file) when the file cannot be read or holds no usable line;
// a bad line is skipped and listed with its number and reason.
SftData loadSftData(const std::string& path, const Tokenizer& tokenizer, std::int64_t maxSeqLen);
PreferenceData loadPreferenceData(const std::string& path, const Tokenizer& tokenizer,
                                  std::int64_t maxSeqLen);

}  // namespace ts
