// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/added_tokens.h"

#include <algorithm>

namespace ts {

namespace {
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool isWordByte(char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
           (u >= 'A' && u <= 'Z') || u == '_';
}
}  // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens) : tokens_(std::move(tokens)) {
    tokens_.erase(std::remove_if(tokens_.begin(), tokens_.end(),
                                 [](const AddedToken& t) { return t.content.empty(); }),
                  tokens_.end());
    for (uint32_t i = 0; i < tokens_.size(); ++i)
        byFirstByte_[static_cast<unsigned char>(tokens_[i].content[0])].push_back(i);
    for (auto& list : byFirstByte_)
        std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
            return tokens_[a].content.size() > tokens_[b].content.size();
        });
}

std::vector<AddedTokenMatcher::Segment> AddedTokenMatcher::split(std::string_view text) const {
    std::vector<Segment> out;
    if (tokens_.empty()) {
        if (!text.empty()) out.push_back({text, -1});
        return out;
    }
    size_t plainStart = 0;  // start of the pending plain-text segment
    size_t i = 0;
    while (i < text.size()) {
        const auto& candidates = byFirstByte_[static_cast<unsigned char>(text[i])];
        const AddedToken* hit = nullptr;
        for (uint32_t index : candidates) {
            const auto& t = tokens_[index];
            if (text.compare(i, t.content.size(), t.content) != 0) continue;
            if (t.singleWord) {
                size_t end = i + t.content.size();
                bool leftOk = i == 0 || !isWordByte(text[i - 1]);
                bool rightOk = end >= text.size() || !isWordByte(text[end]);
                if (!leftOk || !rightOk) continue;
            }
            hit = &t;
            break;
        }
        if (!hit) {
            ++i;
            continue;
        }
        size_t begin = i, end = i + hit->content.size();
        if (hit->lstrip)
            while (begin > plainStart && isSpace(text[begin - 1])) --begin;
        if (hit->rstrip)
            while (end < text.size() && isSpace(text[end])) ++end;
        if (begin > plainStart) out.push_back({text.substr(plainStart, begin - plainStart), -1});
        out.push_back({text.substr(begin, end - begin), hit->id});
        plainStart = i = end;
    }
    if (plainStart < text.size()) out.push_back({text.substr(plainStart), -1});
    return out;
}

}  // namespace ts
