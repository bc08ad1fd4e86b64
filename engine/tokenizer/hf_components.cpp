// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/hf_components.h"

#include "engine/core/error.h"
#include "engine/tokenizer/regex_splitter.h"
#include "engine/tokenizer/text_utils.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <utility>

namespace ts::hf {

using nlohmann::json;

const char* const kGpt2Regex =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

namespace {

std::string typeOf(const json& j, const std::string& origin, const std::string& field) {
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
        throw Error("expected an object with a string 'type'", origin, field);
    return j["type"].get<std::string>();
}

std::string stringField(const json& j, const char* key, const std::string& origin,
                        const std::string& field, std::optional<std::string> fallback = {}) {
    if (!j.contains(key) || j[key].is_null()) {
        if (fallback) return *fallback;
        throw Error(std::string("missing string '") + key + "'", origin, field);
    }
    if (!j[key].is_string())
        throw Error(std::string("'") + key + "' must be a string", origin, field + "." + key);
    return j[key].get<std::string>();
}

bool boolField(const json& j, const char* key, bool fallback, const std::string& origin,
               const std::string& field) {
    if (!j.contains(key) || j[key].is_null()) return fallback;
    if (!j[key].is_boolean())
        throw Error(std::string("'") + key + "' must be a boolean", origin, field + "." + key);
    return j[key].get<bool>();
}

const json& arrayField(const json& j, const char* key, const std::string& origin,
                       const std::string& field) {
    if (!j.contains(key) || !j[key].is_array())
        throw Error(std::string("missing array '") + key + "'", origin, field);
    return j[key];
}

// A {"String": "..."} or {"Regex": "..."} pattern as a regex (literal strings are escaped).
std::string patternAsRegex(const json& pattern, const std::string& origin,
                           const std::string& field) {
    if (pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string())
        return pattern["Regex"].get<std::string>();
    if (pattern.is_object() && pattern.contains("String") && pattern["String"].is_string()) {
        std::string literal = pattern["String"].get<std::string>();
        return "\\Q" + text::replaceAll(literal, "\\E", "\\E\\\\E\\Q") + "\\E";
    }
    throw Error("pattern must be {\"String\": ...} or {\"Regex\": ...}", origin, field);
}

// ---- normalizers ------------------------------------------------------------------------------

class UnicodeNormalizer : public Normalizer {
public:
    explicit UnicodeNormalizer(text::NormalForm form) : form_(form) {}
    void apply(std::string& s) const override { s = text::normalize(s, form_); }

private:
    text::NormalForm form_;
};

class LowercaseNormalizer : public Normalizer {
public:
    void apply(std::string& s) const override { s = text::toLower(s); }
};

class PrependNormalizer : public Normalizer {
public:
    explicit PrependNormalizer(std::string prefix) : prefix_(std::move(prefix)) {}
    void apply(std::string& s) const override {
        if (!s.empty()) s.insert(0, prefix_);
    }

private:
    std::string prefix_;
};

class ReplaceNormalizer : public Normalizer {
public:
    ReplaceNormalizer(const json& pattern, std::string content, const std::string& origin,
                      const std::string& field)
        : content_(std::move(content)) {
        if (pattern.contains("String") && pattern["String"].is_string())
            literal_ = pattern["String"].get<std::string>();
        else
            regex_.emplace(patternAsRegex(pattern, origin, field + ".pattern"), origin,
                           field + ".pattern");
    }
    void apply(std::string& s) const override {
        if (!regex_) {
            s = text::replaceAll(s, literal_, content_);
            return;
        }
        std::string out;
        size_t pos = 0;
        for (auto [b, e] : regex_->findAll(s)) {
            out.append(s, pos, b - pos);
            out += content_;
            pos = e;
        }
        out.append(s, pos, std::string::npos);
        s = std::move(out);
    }

private:
    std::string literal_;
    std::optional<RegexSplitter> regex_;
    std::string content_;
};

class StripNormalizer : public Normalizer {
public:
    StripNormalizer(bool left, bool right) : left_(left), right_(right) {}
    void apply(std::string& s) const override {
        auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
        size_t b = 0, e = s.size();
        if (left_)
            while (b < e && isSpace(s[b])) ++b;
        if (right_)
            while (e > b && isSpace(s[e - 1])) --e;
        s = s.substr(b, e - b);
    }

private:
    bool left_, right_;
};

class NormalizerSequence : public Normalizer {
public:
    explicit NormalizerSequence(std::vector<std::unique_ptr<Normalizer>> parts)
        : parts_(std::move(parts)) {}
    void apply(std::string& s) const override {
        for (const auto& p : parts_) p->apply(s);
    }

private:
    std::vector<std::unique_ptr<Normalizer>> parts_;
};

// ---- pre-tokenizers ---------------------------------------------------------------------------

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

SplitBehavior parseBehavior(const std::string& name, const std::string& origin,
                            const std::string& field) {
    if (name == "Removed") return SplitBehavior::Removed;
    if (name == "Isolated") return SplitBehavior::Isolated;
    if (name == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (name == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (name == "Contiguous") return SplitBehavior::Contiguous;
    throw Error("unknown split behavior '" + name + "'", origin, field);
}

// Splits `piece` at the given matches the way HF's NormalizedString::split does.
void splitByMatches(const PreToken& piece, const std::vector<std::pair<size_t, size_t>>& matches,
                    SplitBehavior behavior, bool invert, std::vector<PreToken>& out) {
    struct Segment {
        size_t begin, end;
        bool match;
    };
    std::vector<Segment> segments;
    size_t pos = 0;
    for (auto [b, e] : matches) {
        if (b > pos) segments.push_back({pos, b, false});
        segments.push_back({b, e, true});
        pos = e;
    }
    if (pos < piece.text.size()) segments.push_back({pos, piece.text.size(), false});
    if (invert)
        for (auto& s : segments) s.match = !s.match;

    std::vector<Segment> merged;
    bool previousMatch = false;
    switch (behavior) {
    case SplitBehavior::Removed:
        for (const auto& s : segments)
            if (!s.match) merged.push_back(s);
        break;
    case SplitBehavior::Isolated:
        merged = segments;
        break;
    case SplitBehavior::MergedWithPrevious:
        for (const auto& s : segments) {
            if (s.match && !previousMatch && !merged.empty())
                merged.back().end = s.end;
            else
                merged.push_back(s);
            previousMatch = s.match;
        }
        break;
    case SplitBehavior::MergedWithNext:
        for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
            if (it->match && !previousMatch && !merged.empty())
                merged.back().begin = it->begin;
            else
                merged.push_back(*it);
            previousMatch = it->match;
        }
        std::reverse(merged.begin(), merged.end());
        break;
    case SplitBehavior::Contiguous:
        for (const auto& s : segments) {
            if (s.match && previousMatch && !merged.empty())
                merged.back().end = s.end;
            else
                merged.push_back(s);
            previousMatch = s.match;
        }
        break;
    }
    bool first = piece.first;
    for (const auto& s : merged) {
        if (s.end <= s.begin) continue;
        out.push_back({piece.text.substr(s.begin, s.end - s.begin), first && s.begin == 0});
    }
}

class SplitPreTokenizer : public PreTokenizer {
public:
    SplitPreTokenizer(const std::string& regex, SplitBehavior behavior, bool invert,
                      const std::string& origin, const std::string& field)
        : regex_(regex, origin, field), behavior_(behavior), invert_(invert) {}
    void apply(std::vector<PreToken>& pieces) const override {
        std::vector<PreToken> out;
        out.reserve(pieces.size() * 4);
        for (const auto& p : pieces) splitByMatches(p, regex_.findAll(p.text), behavior_, invert_, out);
        pieces = std::move(out);
    }

private:
    RegexSplitter regex_;
    SplitBehavior behavior_;
    bool invert_;
};

class ByteLevelPreTokenizer : public PreTokenizer {
public:
    ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex, const std::string& origin,
                          const std::string& field)
        : addPrefixSpace_(addPrefixSpace) {
        if (useRegex) regex_.emplace(kGpt2Regex, origin, field);
    }
    void apply(std::vector<PreToken>& pieces) const override {
        std::vector<PreToken> split;
        split.reserve(pieces.size() * 4);
        for (auto& p : pieces) {
            if (addPrefixSpace_ && (p.text.empty() || p.text[0] != ' ')) p.text.insert(0, " ");
            if (regex_)
                splitByMatches(p, regex_->findAll(p.text), SplitBehavior::Isolated, false, split);
            else
                split.push_back(std::move(p));
        }
        for (auto& p : split) p.text = text::byteLevelEncode(p.text);
        pieces = std::move(split);
    }

private:
    bool addPrefixSpace_;
    std::optional<RegexSplitter> regex_;
};

class MetaspacePreTokenizer : public PreTokenizer {
public:
    enum class Prepend { Always, First, Never };
    MetaspacePreTokenizer(std::string replacement, Prepend prepend, bool split)
        : replacement_(std::move(replacement)), prepend_(prepend), split_(split) {}
    void apply(std::vector<PreToken>& pieces) const override {
        std::vector<PreToken> out;
        for (auto& p : pieces) {
            p.text = text::replaceAll(p.text, " ", replacement_);
            bool wantPrefix = prepend_ == Prepend::Always || (prepend_ == Prepend::First && p.first);
            if (wantPrefix && p.text.compare(0, replacement_.size(), replacement_) != 0)
                p.text.insert(0, replacement_);
            if (!split_) {
                out.push_back(std::move(p));
                continue;
            }
            std::vector<std::pair<size_t, size_t>> matches;
            for (size_t at = p.text.find(replacement_); at != std::string::npos;
                 at = p.text.find(replacement_, at + replacement_.size()))
                matches.emplace_back(at, at + replacement_.size());
            splitByMatches(p, matches, SplitBehavior::MergedWithNext, false, out);
        }
        pieces = std::move(out);
    }

private:
    std::string replacement_;
    Prepend prepend_;
    bool split_;
};

class PreTokenizerSequence : public PreTokenizer {
public:
    explicit PreTokenizerSequence(std::vector<std::unique_ptr<PreTokenizer>> parts)
        : parts_(std::move(parts)) {}
    void apply(std::vector<PreToken>& pieces) const override {
        for (const auto& p : parts_) p->apply(pieces);
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> parts_;
};

// ---- decoders ---------------------------------------------------------------------------------

class ByteLevelDecoder : public Decoder {
public:
    std::vector<std::string> apply(std::vector<std::string> tokens) const override {
        std::string bytes;
        for (const auto& t : tokens)
            if (!text::byteLevelDecode(t, bytes)) bytes += t;  // not byte-mapped: keep as is
        return {text::utf8Lossy(bytes)};
    }
};

class ReplaceDecoder : public Decoder {
public:
    ReplaceDecoder(std::string from, std::string to) : from_(std::move(from)), to_(std::move(to)) {}
    std::vector<std::string> apply(std::vector<std::string> tokens) const override {
        for (auto& t : tokens) t = text::replaceAll(t, from_, to_);
        return tokens;
    }

private:
    std::string from_, to_;
};

class ByteFallbackDecoder : public Decoder {
public:
    std::vector<std::string> apply(std::vector<std::string> tokens) const override {
        std::vector<std::string> out;
        std::string pending;
        size_t pendingCount = 0;
        auto flush = [&] {
            if (pendingCount == 0) return;
            if (text::isValidUtf8(pending)) {
                out.push_back(pending);
            } else {
                for (size_t i = 0; i < pendingCount; ++i) out.emplace_back("\xEF\xBF\xBD");
            }
            pending.clear();
            pendingCount = 0;
        };
        for (auto& t : tokens) {
            int byte = parseByteToken(t);
            if (byte >= 0) {
                pending += char(byte);
                ++pendingCount;
            } else {
                flush();
                out.push_back(std::move(t));
            }
        }
        flush();
        return out;
    }

private:
    static int parseByteToken(const std::string& t) {
        if (t.size() != 6 || t.compare(0, 3, "<0x") != 0 || t[5] != '>') return -1;
        auto hex = [](char c) {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return -1;
        };
        int hi = hex(t[3]), lo = hex(t[4]);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }
};

class FuseDecoder : public Decoder {
public:
    std::vector<std::string> apply(std::vector<std::string> tokens) const override {
        std::string all;
        for (const auto& t : tokens) all += t;
        return {all};
    }
};

class StripDecoder : public Decoder {
public:
    StripDecoder(std::string content, size_t start, size_t stop)
        : content_(std::move(content)), start_(start), stop_(stop) {}
    std::vector<std::string> apply(std::vector<std::string> tokens) const override {
        for (auto& t : tokens) {
            auto chars = text::utf8Chars(t);
            size_t b = 0, e = chars.size();
            while (b < start_ && b < e && chars[b] == content_) ++b;
            size_t stripped = 0;
            while (stripped < stop_ && e > b && chars[e - 1] == content_) { --e; ++stripped; }
            std::string kept;
            for (size_t i = b; i < e; ++i) kept += chars[i];
            t = std::move(kept);
        }
        return tokens;
    }

private:
    std::string content_;
    size_t start_, stop_;
};

class MetaspaceDecoder : public Decoder {
public:
    MetaspaceDecoder(std::string replacement, bool stripFirstToken)
        : replacement_(std::move(replacement)), stripFirstToken_(stripFirstToken) {}
    std::vector<std::string> apply(std::vector<std::string> tokens) const override {
        // As in HF: the first token loses every replacement character (not only a leading one)
        // when a prefix was prepended; elsewhere each becomes a space.
        for (size_t i = 0; i < tokens.size(); ++i)
            tokens[i] = text::replaceAll(tokens[i], replacement_,
                                         i == 0 && stripFirstToken_ ? "" : " ");
        return tokens;
    }

private:
    std::string replacement_;
    bool stripFirstToken_;
};

class DecoderSequence : public Decoder {
public:
    explicit DecoderSequence(std::vector<std::unique_ptr<Decoder>> parts)
        : parts_(std::move(parts)) {}
    std::vector<std::string> apply(std::vector<std::string> tokens) const override {
        for (const auto& p : parts_) tokens = p->apply(std::move(tokens));
        return tokens;
    }

private:
    std::vector<std::unique_ptr<Decoder>> parts_;
};

// ---- post-processors --------------------------------------------------------------------------

class TemplatePostProcessor : public PostProcessor {
public:
    // Each item is either the sequence (empty optional) or the ids of a special token.
    explicit TemplatePostProcessor(std::vector<std::optional<std::vector<int32_t>>> items)
        : items_(std::move(items)) {}
    std::vector<int32_t> apply(const std::vector<int32_t>& ids) const override {
        std::vector<int32_t> out;
        out.reserve(ids.size() + 4);
        for (const auto& item : items_) {
            if (item)
                out.insert(out.end(), item->begin(), item->end());
            else
                out.insert(out.end(), ids.begin(), ids.end());
        }
        return out;
    }
    std::vector<int32_t> prefixIds() const override {
        std::vector<int32_t> out;
        for (const auto& item : items_) {
            if (!item) break;
            out.insert(out.end(), item->begin(), item->end());
        }
        return out;
    }
    std::vector<int32_t> suffixIds() const override {
        std::vector<int32_t> out;
        bool afterSequence = false;
        for (const auto& item : items_) {
            if (!item) { afterSequence = true; continue; }
            if (afterSequence) out.insert(out.end(), item->begin(), item->end());
        }
        return out;
    }

private:
    std::vector<std::optional<std::vector<int32_t>>> items_;
};

class IdentityPostProcessor : public PostProcessor {
public:
    std::vector<int32_t> apply(const std::vector<int32_t>& ids) const override { return ids; }
};

class PostProcessorSequence : public PostProcessor {
public:
    explicit PostProcessorSequence(std::vector<std::unique_ptr<PostProcessor>> parts)
        : parts_(std::move(parts)) {}
    std::vector<int32_t> apply(const std::vector<int32_t>& ids) const override {
        std::vector<int32_t> out = ids;
        for (const auto& p : parts_) out = p->apply(out);
        return out;
    }
    std::vector<int32_t> prefixIds() const override {
        std::vector<int32_t> out;
        for (const auto& p : parts_) {
            auto more = p->prefixIds();
            out.insert(out.begin(), more.begin(), more.end());
        }
        return out;
    }
    std::vector<int32_t> suffixIds() const override {
        std::vector<int32_t> out;
        for (const auto& p : parts_) {
            auto more = p->suffixIds();
            out.insert(out.end(), more.begin(), more.end());
        }
        return out;
    }

private:
    std::vector<std::unique_ptr<PostProcessor>> parts_;
};

int32_t idOfPair(const json& pair, const std::string& origin, const std::string& field) {
    // Bert/Roberta processors store ["[CLS]", 101].
    if (!pair.is_array() || pair.size() != 2 || !pair[1].is_number_integer())
        throw Error("expected [token, id]", origin, field);
    return pair[1].get<int32_t>();
}

}  // namespace

std::unique_ptr<Normalizer> makeNormalizer(const json& j, const std::string& origin,
                                           const std::string& field) {
    if (j.is_null()) return nullptr;
    const std::string type = typeOf(j, origin, field);
    if (type == "NFC") return std::make_unique<UnicodeNormalizer>(text::NormalForm::NFC);
    if (type == "NFD") return std::make_unique<UnicodeNormalizer>(text::NormalForm::NFD);
    if (type == "NFKC") return std::make_unique<UnicodeNormalizer>(text::NormalForm::NFKC);
    if (type == "NFKD") return std::make_unique<UnicodeNormalizer>(text::NormalForm::NFKD);
    if (type == "Lowercase") return std::make_unique<LowercaseNormalizer>();
    if (type == "Prepend")
        return std::make_unique<PrependNormalizer>(stringField(j, "prepend", origin, field));
    if (type == "Replace") {
        if (!j.contains("pattern")) throw Error("missing 'pattern'", origin, field);
        return std::make_unique<ReplaceNormalizer>(j["pattern"], stringField(j, "content", origin, field),
                                                   origin, field);
    }
    if (type == "Strip")
        return std::make_unique<StripNormalizer>(boolField(j, "strip_left", true, origin, field),
                                                 boolField(j, "strip_right", true, origin, field));
    if (type == "Sequence") {
        const auto& list = arrayField(j, "normalizers", origin, field);
        std::vector<std::unique_ptr<Normalizer>> parts;
        for (size_t i = 0; i < list.size(); ++i) {
            auto part = makeNormalizer(list[i], origin, field + ".normalizers[" + std::to_string(i) + "]");
            if (part) parts.push_back(std::move(part));
        }
        return std::make_unique<NormalizerSequence>(std::move(parts));
    }
    throw Error("unsupported normalizer type '" + type + "'", origin, field + ".type");
}

std::unique_ptr<PreTokenizer> makePreTokenizer(const json& j, const std::string& origin,
                                               const std::string& field) {
    if (j.is_null()) return nullptr;
    const std::string type = typeOf(j, origin, field);
    if (type == "Split") {
        if (!j.contains("pattern")) throw Error("missing 'pattern'", origin, field);
        return std::make_unique<SplitPreTokenizer>(
            patternAsRegex(j["pattern"], origin, field + ".pattern"),
            parseBehavior(stringField(j, "behavior", origin, field), origin, field + ".behavior"),
            boolField(j, "invert", false, origin, field), origin, field + ".pattern");
    }
    if (type == "ByteLevel")
        return std::make_unique<ByteLevelPreTokenizer>(
            boolField(j, "add_prefix_space", true, origin, field),
            boolField(j, "use_regex", true, origin, field), origin, field);
    if (type == "Metaspace") {
        std::string scheme = stringField(j, "prepend_scheme", origin, field,
                                         boolField(j, "add_prefix_space", true, origin, field)
                                             ? std::string("always")
                                             : std::string("never"));
        MetaspacePreTokenizer::Prepend prepend;
        if (scheme == "always") prepend = MetaspacePreTokenizer::Prepend::Always;
        else if (scheme == "first") prepend = MetaspacePreTokenizer::Prepend::First;
        else if (scheme == "never") prepend = MetaspacePreTokenizer::Prepend::Never;
        else throw Error("unknown prepend_scheme '" + scheme + "'", origin, field + ".prepend_scheme");
        return std::make_unique<MetaspacePreTokenizer>(
            stringField(j, "replacement", origin, field, std::string("\xE2\x96\x81")), prepend,
            boolField(j, "split", true, origin, field));
    }
    if (type == "Digits") {
        bool individual = boolField(j, "individual_digits", false, origin, field);
        return std::make_unique<SplitPreTokenizer>(
            individual ? "\\p{N}" : "\\p{N}+",
            individual ? SplitBehavior::Isolated : SplitBehavior::Contiguous, false, origin, field);
    }
    if (type == "WhitespaceSplit")
        return std::make_unique<SplitPreTokenizer>("\\s+", SplitBehavior::Removed, false, origin, field);
    if (type == "Whitespace")
        return std::make_unique<SplitPreTokenizer>("\\w+|[^\\w\\s]+", SplitBehavior::Removed, true,
                                                   origin, field);
    if (type == "Sequence") {
        const auto& list = arrayField(j, "pretokenizers", origin, field);
        std::vector<std::unique_ptr<PreTokenizer>> parts;
        for (size_t i = 0; i < list.size(); ++i) {
            auto part = makePreTokenizer(list[i], origin,
                                         field + ".pretokenizers[" + std::to_string(i) + "]");
            if (part) parts.push_back(std::move(part));
        }
        return std::make_unique<PreTokenizerSequence>(std::move(parts));
    }
    throw Error("unsupported pre-tokenizer type '" + type + "'", origin, field + ".type");
}

std::unique_ptr<Decoder> makeDecoder(const json& j, const std::string& origin,
                                     const std::string& field) {
    if (j.is_null()) return nullptr;
    const std::string type = typeOf(j, origin, field);
    if (type == "ByteLevel") return std::make_unique<ByteLevelDecoder>();
    if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
    if (type == "Fuse") return std::make_unique<FuseDecoder>();
    if (type == "Replace") {
        if (!j.contains("pattern") || !j["pattern"].is_object() || !j["pattern"].contains("String"))
            throw Error("only {\"String\": ...} patterns are supported", origin, field + ".pattern");
        return std::make_unique<ReplaceDecoder>(stringField(j["pattern"], "String", origin, field),
                                                stringField(j, "content", origin, field));
    }
    if (type == "Strip") {
        auto count = [&](const char* key) -> size_t {
            if (!j.contains(key) || !j[key].is_number_unsigned()) return 0;
            return j[key].get<size_t>();
        };
        return std::make_unique<StripDecoder>(stringField(j, "content", origin, field), count("start"),
                                              count("stop"));
    }
    if (type == "Metaspace") {
        std::string scheme = stringField(j, "prepend_scheme", origin, field,
                                         boolField(j, "add_prefix_space", true, origin, field)
                                             ? std::string("always")
                                             : std::string("never"));
        return std::make_unique<MetaspaceDecoder>(
            stringField(j, "replacement", origin, field, std::string("\xE2\x96\x81")), scheme != "never");
    }
    if (type == "Sequence") {
        const auto& list = arrayField(j, "decoders", origin, field);
        std::vector<std::unique_ptr<Decoder>> parts;
        for (size_t i = 0; i < list.size(); ++i) {
            auto part = makeDecoder(list[i], origin, field + ".decoders[" + std::to_string(i) + "]");
            if (part) parts.push_back(std::move(part));
        }
        return std::make_unique<DecoderSequence>(std::move(parts));
    }
    throw Error("unsupported decoder type '" + type + "'", origin, field + ".type");
}

std::unique_ptr<PostProcessor> makePostProcessor(const json& j, const std::string& origin,
                                                 const std::string& field) {
    if (j.is_null()) return nullptr;
    const std::string type = typeOf(j, origin, field);
    if (type == "ByteLevel") return std::make_unique<IdentityPostProcessor>();
    if (type == "TemplateProcessing") {
        const auto& single = arrayField(j, "single", origin, field);
        const json specials = j.value("special_tokens", json::object());
        std::vector<std::optional<std::vector<int32_t>>> items;
        for (size_t i = 0; i < single.size(); ++i) {
            const std::string where = field + ".single[" + std::to_string(i) + "]";
            const auto& item = single[i];
            if (item.contains("Sequence")) {
                items.emplace_back(std::nullopt);
                continue;
            }
            if (!item.contains("SpecialToken") || !item["SpecialToken"].contains("id"))
                throw Error("expected Sequence or SpecialToken", origin, where);
            const std::string name = item["SpecialToken"]["id"].get<std::string>();
            if (!specials.contains(name) || !specials[name].contains("ids") ||
                !specials[name]["ids"].is_array())
                throw Error("special token '" + name + "' is not in special_tokens", origin, where);
            items.emplace_back(specials[name]["ids"].get<std::vector<int32_t>>());
        }
        return std::make_unique<TemplatePostProcessor>(std::move(items));
    }
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        int32_t cls = idOfPair(j.value("cls", json()), origin, field + ".cls");
        int32_t sep = idOfPair(j.value("sep", json()), origin, field + ".sep");
        return std::make_unique<TemplatePostProcessor>(
            std::vector<std::optional<std::vector<int32_t>>>{std::vector<int32_t>{cls}, std::nullopt,
                                                             std::vector<int32_t>{sep}});
    }
    if (type == "Sequence") {
        const auto& list = arrayField(j, "processors", origin, field);
        std::vector<std::unique_ptr<PostProcessor>> parts;
        for (size_t i = 0; i < list.size(); ++i) {
            auto part = makePostProcessor(list[i], origin,
                                          field + ".processors[" + std::to_string(i) + "]");
            if (part) parts.push_back(std::move(part));
        }
        return std::make_unique<PostProcessorSequence>(std::move(parts));
    }
    throw Error("unsupported post-processor type '" + type + "'", origin, field + ".type");
}

}  // namespace ts::hf
