// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Merge-rank BPE (the "BPE" model of HF tokenizer.json): a pre-token is split into characters
// (or <0xXX> byte tokens when a character is not in the vocabulary and byte_fallback is on), then
// the adjacent pair with the lowest merge rank is merged until no pair has a rank. Results are
// cached per pre-token, because natural text repeats the same words over and over.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ts {

struct BpeConfig {
    std::unordered_map<std::string, int32_t> vocab;
    std::vector<std::pair<std::string, std::string>> merges;  // in rank order
    std::string unkToken;  // empty: unknown characters are dropped (HF does the same)
    bool byteFallback = false;
    bool fuseUnk = false;
    bool ignoreMerges = false;  // a pre-token found whole in the vocabulary is one token
    std::string origin;        // file name for errors
};

class BpeModel {
public:
    // Throws ts::Error naming the origin and the field ("model.merges") when a merge refers to
    // a token missing from the vocabulary or its result is not in the vocabulary.
    explicit BpeModel(BpeConfig config);

    // Appends the ids of one pre-token.
    void encodeWord(std::string_view word, std::vector<int32_t>& out) const;

    const std::unordered_map<std::string, int32_t>& vocab() const { return vocab_; }
    const std::vector<std::string>& idToToken() const { return idToToken_; }
    int32_t unkId() const { return unkId_; }
    bool byteFallback() const { return byteFallback_; }

private:
    struct MergeResult {
        int32_t rank;
        int32_t merged;
    };
    static uint64_t pairKey(int32_t a, int32_t b) {
        return (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
    }
    void mergeWord(std::string_view word, std::vector<int32_t>& out) const;

    std::unordered_map<std::string, int32_t> vocab_;
    std::vector<std::string> idToToken_;
    std::unordered_map<uint64_t, MergeResult> merges_;
    int32_t unkId_ = -1;
    int32_t byteIds_[256];
    bool byteFallback_ = false;
    bool fuseUnk_ = false;
    bool ignoreMerges_ = false;

    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace ts
