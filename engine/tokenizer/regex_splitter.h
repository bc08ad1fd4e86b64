// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A compiled PCRE2 pattern (UTF + Unicode properties, JIT when available) that lists matches.
// Tokenizer pre-tokenizers use it for their split regexes (\p{L}, \p{N}, lookahead, (?i:...)).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ts {

class RegexSplitter {
public:
    // Throws ts::Error naming `origin` and `field` when the pattern does not compile.
    RegexSplitter(const std::string& pattern, const std::string& origin, const std::string& field);
    ~RegexSplitter();
    RegexSplitter(RegexSplitter&&) noexcept;
    RegexSplitter& operator=(RegexSplitter&&) noexcept;

    // Byte ranges [begin, end) of successive non-overlapping, non-empty matches. `text` must be
    // valid UTF-8.
    std::vector<std::pair<size_t, size_t>> findAll(std::string_view text) const;

    const std::string& pattern() const { return pattern_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string pattern_;
};

}  // namespace ts
