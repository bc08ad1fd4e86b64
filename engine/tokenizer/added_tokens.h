// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Added tokens (<|im_start|>, <s>, <think>, ...) are found in the text before the model sees it,
// leftmost-longest like HF's AddedVocabulary, with its lstrip/rstrip/single_word options.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ts {

struct AddedToken {
    std::string content;
    int32_t id = -1;
    bool special = false;
    bool lstrip = false;      // the match swallows whitespace on its left
    bool rstrip = false;      // ... and on its right
    bool singleWord = false;  // only matches when not inside a word
    bool normalized = false;  // matched against normalized text instead of raw text
};

class AddedTokenMatcher {
public:
    AddedTokenMatcher() = default;
    explicit AddedTokenMatcher(std::vector<AddedToken> tokens);

    struct Segment {
        std::string_view text;  // for a token: the matched text (incl. stripped whitespace)
        int32_t id = -1;        // -1: plain text for the model
    };
    // Splits `text` into plain-text and token segments, in order. Segments view into `text`.
    std::vector<Segment> split(std::string_view text) const;
    bool empty() const { return tokens_.empty(); }

private:
    std::vector<AddedToken> tokens_;
    // Indices into tokens_ by first byte, longest content first.
    std::vector<std::vector<uint32_t>> byFirstByte_ = std::vector<std::vector<uint32_t>>(256);
};

}  // namespace ts
