// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The length of a training line in the tokens training makes of it (the forms of sft_data.h,
// rendered with the model's chat template and encoded as loadSftData / loadPreferenceData do),
// before truncation to max_seq_len. The dataset browser shows it as an example's length, so the
// "too long" filter speaks of the sequences training will see. Free of torch and of the
// tokenizer's message types, so Qt code can include it.
#include <cstdint>
#include <memory>
#include <string>

namespace ts {

class ChatTemplate;
class Tokenizer;

class TrainingLengthCounter {
public:
    // Keeps a reference to `tokenizer`, which must outlive the counter.
    explicit TrainingLengthCounter(const Tokenizer& tokenizer);
    ~TrainingLengthCounter();
    TrainingLengthCounter(const TrainingLengthCounter&) = delete;
    TrainingLengthCounter& operator=(const TrainingLengthCounter&) = delete;

    // Tokens of one JSON line; a preference line counts its longer reply (prompt + chosen or
    // prompt + rejected). Throws ts::Error naming the field for a line it cannot read.
    std::int64_t count(const std::string& jsonLine) const;

private:
    const Tokenizer& tokenizer_;
    std::unique_ptr<ChatTemplate> template_;
};

}  // namespace ts
