// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/bpe_model.h"

#include "engine/core/error.h"
#include "engine/tokenizer/text_utils.h"

#include <cstdio>
#include <queue>

namespace ts {

namespace {
// Bounded so a long run over varied text cannot grow memory without limit.
constexpr size_t kCacheCapacity = 200000;
// Pre-tokens longer than this are not cached (rare, and they would crowd the cache).
constexpr size_t kMaxCachedWordBytes = 256;
}  // namespace

BpeModel::BpeModel(BpeConfig config)
    : vocab_(std::move(config.vocab)), byteFallback_(config.byteFallback),
      fuseUnk_(config.fuseUnk), ignoreMerges_(config.ignoreMerges) {
    int32_t maxId = -1;
    for (const auto& [token, id] : vocab_) {
        if (id < 0) throw Error("negative id for token '" + token + "'", config.origin, "model.vocab");
        maxId = std::max(maxId, id);
    }
    idToToken_.assign(size_t(maxId + 1), std::string());
    for (const auto& [token, id] : vocab_) idToToken_[size_t(id)] = token;

    if (!config.unkToken.empty()) {
        auto it = vocab_.find(config.unkToken);
        if (it == vocab_.end())
            throw Error("unk_token '" + config.unkToken + "' is not in the vocabulary",
                        config.origin, "model.unk_token");
        unkId_ = it->second;
    }
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        auto it = vocab_.find(name);
        byteIds_[b] = it == vocab_.end() ? -1 : it->second;
    }

    merges_.reserve(config.merges.size());
    for (size_t rank = 0; rank < config.merges.size(); ++rank) {
        const auto& [left, right] = config.merges[rank];
        auto l = vocab_.find(left);
        auto r = vocab_.find(right);
        auto m = vocab_.find(left + right);
        const std::string where = "model.merges[" + std::to_string(rank) + "]";
        if (l == vocab_.end())
            throw Error("merge '" + left + " " + right + "': '" + left + "' is not in the vocabulary",
                        config.origin, where);
        if (r == vocab_.end())
            throw Error("merge '" + left + " " + right + "': '" + right + "' is not in the vocabulary",
                        config.origin, where);
        if (m == vocab_.end())
            throw Error("merge '" + left + " " + right + "': result '" + left + right +
                            "' is not in the vocabulary",
                        config.origin, where);
        // The first occurrence of a pair wins, as in HF.
        merges_.emplace(pairKey(l->second, r->second), MergeResult{int32_t(rank), m->second});
    }
}

void BpeModel::encodeWord(std::string_view word, std::vector<int32_t>& out) const {
    if (word.empty()) return;
    if (ignoreMerges_) {
        auto it = vocab_.find(std::string(word));
        if (it != vocab_.end()) {
            out.push_back(it->second);
            return;
        }
    }
    const bool cacheable = word.size() <= kMaxCachedWordBytes;
    std::string key;
    if (cacheable) {
        key.assign(word);
        std::lock_guard<std::mutex> lock(cacheMutex_);
        auto it = cache_.find(key);
        if (it != cache_.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<int32_t> ids;
    mergeWord(word, ids);
    out.insert(out.end(), ids.begin(), ids.end());
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        if (cache_.size() >= kCacheCapacity) cache_.clear();
        cache_.emplace(std::move(key), std::move(ids));
    }
}

void BpeModel::mergeWord(std::string_view word, std::vector<int32_t>& out) const {
    // Symbols form a doubly linked list over a vector; a min-heap holds candidate pairs ordered by
    // (rank, position), the order HF applies merges in. Stale heap entries are skipped.
    struct Symbol {
        int32_t id;
        int32_t prev;
        int32_t next;
        bool alive;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    bool lastWasUnk = false;
    auto push = [&](int32_t id) {
        int32_t index = int32_t(symbols.size());
        symbols.push_back({id, index - 1, index + 1, true});
    };
    for (auto ch : text::utf8Chars(word)) {
        auto it = vocab_.find(std::string(ch));
        if (it != vocab_.end()) {
            push(it->second);
            lastWasUnk = false;
            continue;
        }
        if (byteFallback_) {
            bool allBytes = true;
            for (char c : ch)
                if (byteIds_[static_cast<unsigned char>(c)] < 0) allBytes = false;
            if (allBytes) {
                for (char c : ch) push(byteIds_[static_cast<unsigned char>(c)]);
                lastWasUnk = false;
                continue;
            }
        }
        if (unkId_ >= 0) {
            if (!(fuseUnk_ && lastWasUnk)) push(unkId_);
            lastWasUnk = true;
        }
    }
    if (symbols.empty()) return;
    symbols.back().next = -1;

    struct Candidate {
        int32_t rank;
        int32_t pos;
        int32_t merged;
        int32_t rightId;
        bool operator>(const Candidate& o) const {
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> heap;
    auto consider = [&](int32_t left) {
        if (left < 0) return;
        int32_t right = symbols[size_t(left)].next;
        if (right < 0) return;
        auto it = merges_.find(pairKey(symbols[size_t(left)].id, symbols[size_t(right)].id));
        if (it != merges_.end())
            heap.push({it->second.rank, left, it->second.merged, symbols[size_t(right)].id});
    };
    for (int32_t i = 0; i + 1 < int32_t(symbols.size()); ++i) consider(i);

    while (!heap.empty()) {
        Candidate c = heap.top();
        heap.pop();
        Symbol& left = symbols[size_t(c.pos)];
        if (!left.alive || left.next < 0) continue;
        Symbol& right = symbols[size_t(left.next)];
        // Stale when either side changed since the candidate was pushed.
        auto it = merges_.find(pairKey(left.id, right.id));
        if (it == merges_.end() || it->second.rank != c.rank || right.id != c.rightId) continue;
        left.id = c.merged;
        right.alive = false;
        left.next = right.next;
        if (right.next >= 0) symbols[size_t(right.next)].prev = c.pos;
        consider(left.prev);
        consider(c.pos);
    }
    for (int32_t i = 0; i >= 0 && i < int32_t(symbols.size()); i = symbols[size_t(i)].next)
        out.push_back(symbols[size_t(i)].id);
}

}  // namespace ts
