// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/text_utils.h"

#include "engine/core/error.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <unordered_map>

namespace ts::text {

size_t utf8SequenceLength(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

std::vector<std::string_view> utf8Chars(std::string_view s) {
    std::vector<std::string_view> out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        size_t n = utf8SequenceLength(static_cast<unsigned char>(s[i]));
        if (i + n > s.size()) n = 1;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

void appendCodepoint(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

std::string utf8Lossy(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    size_t i = 0;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
    while (i < bytes.size()) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(p + i, utf8proc_ssize_t(bytes.size() - i), &cp);
        if (n <= 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            // Like from_utf8_lossy: skip the maximal prefix of a valid sequence as one error.
            size_t want = utf8SequenceLength(p[i]);
            size_t skip = 1;
            while (skip < want && i + skip < bytes.size() && (p[i + skip] & 0xC0) == 0x80) ++skip;
            i += (want > 1 && skip < want) ? skip : 1;
            continue;
        }
        out.append(bytes.data() + i, size_t(n));
        i += size_t(n);
    }
    return out;
}

bool isValidUtf8(std::string_view bytes) {
    size_t i = 0;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
    while (i < bytes.size()) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(p + i, utf8proc_ssize_t(bytes.size() - i), &cp);
        if (n <= 0) return false;
        i += size_t(n);
    }
    return true;
}

std::string normalize(std::string_view s, NormalForm form) {
    bool ascii = true;
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) { ascii = false; break; }
    if (ascii) return std::string(s);  // ASCII is invariant under every normal form
    int options = UTF8PROC_STABLE;
    switch (form) {
    case NormalForm::NFC: options |= UTF8PROC_COMPOSE; break;
    case NormalForm::NFD: options |= UTF8PROC_DECOMPOSE; break;
    case NormalForm::NFKC: options |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
    case NormalForm::NFKD: options |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
    }
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                          utf8proc_ssize_t(s.size()), &out, utf8proc_option_t(options));
    if (n < 0) throw Error(std::string("cannot normalize text: ") + utf8proc_errmsg(n));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), size_t(n));
}

std::string toLower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    while (i < s.size()) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(p + i, utf8proc_ssize_t(s.size() - i), &cp);
        if (n <= 0) { out += s[i]; ++i; continue; }
        appendCodepoint(out, uint32_t(utf8proc_tolower(cp)));
        i += size_t(n);
    }
    return out;
}

const std::array<std::string, 256>& byteToUnicode() {
    static const std::array<std::string, 256> table = [] {
        std::array<std::string, 256> t;
        auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        };
        int next = 0;
        for (int b = 0; b < 256; ++b) {
            uint32_t cp = printable(b) ? uint32_t(b) : uint32_t(256 + next++);
            appendCodepoint(t[size_t(b)], cp);
        }
        return t;
    }();
    return table;
}

std::string byteLevelEncode(std::string_view s) {
    const auto& table = byteToUnicode();
    std::string out;
    out.reserve(s.size() * 2);
    for (char c : s) out += table[static_cast<unsigned char>(c)];
    return out;
}

bool byteLevelDecode(std::string_view token, std::string& outBytes) {
    static const std::unordered_map<std::string, unsigned char> inverse = [] {
        std::unordered_map<std::string, unsigned char> m;
        const auto& t = byteToUnicode();
        for (int b = 0; b < 256; ++b) m.emplace(t[size_t(b)], static_cast<unsigned char>(b));
        return m;
    }();
    std::string bytes;
    bytes.reserve(token.size());
    for (auto ch : utf8Chars(token)) {
        auto it = inverse.find(std::string(ch));
        if (it == inverse.end()) return false;
        bytes += char(it->second);
    }
    outBytes += bytes;
    return true;
}

std::string replaceAll(std::string_view s, std::string_view from, std::string_view to) {
    if (from.empty()) return std::string(s);
    std::string out;
    out.reserve(s.size());
    size_t pos = 0;
    while (true) {
        size_t hit = s.find(from, pos);
        if (hit == std::string_view::npos) break;
        out.append(s.substr(pos, hit - pos));
        out.append(to);
        pos = hit + from.size();
    }
    out.append(s.substr(pos));
    return out;
}

}  // namespace ts::text
