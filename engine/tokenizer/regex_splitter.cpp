// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tokenizer/regex_splitter.h"

#include "engine/core/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace ts {

struct RegexSplitter::Impl {
    pcre2_code* code = nullptr;
    bool jit = false;
    ~Impl() {
        if (code) pcre2_code_free(code);
    }
};

RegexSplitter::RegexSplitter(const std::string& pattern, const std::string& origin,
                             const std::string& field)
    : impl_(std::make_unique<Impl>()), pattern_(pattern) {
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    // PCRE2_UCP makes \s, \w and \d Unicode-aware, as in the Rust regex crate that HF uses.
    impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &errorCode,
                                &errorOffset, nullptr);
    if (!impl_->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof message);
        throw Error("invalid regex at offset " + std::to_string(errorOffset) + ": " +
                        reinterpret_cast<const char*>(message) + " in /" + pattern + "/",
                    origin, field);
    }
    impl_->jit = pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE) == 0;
}

RegexSplitter::~RegexSplitter() = default;
RegexSplitter::RegexSplitter(RegexSplitter&&) noexcept = default;
RegexSplitter& RegexSplitter::operator=(RegexSplitter&&) noexcept = default;

std::vector<std::pair<size_t, size_t>> RegexSplitter::findAll(std::string_view text) const {
    std::vector<std::pair<size_t, size_t>> matches;
    // Match data is per call, so one compiled pattern serves many threads.
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> data(
        pcre2_match_data_create_from_pattern(impl_->code, nullptr), &pcre2_match_data_free);
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    size_t offset = 0;
    while (offset <= text.size()) {
        // Callers pass valid UTF-8 (encode() repairs its input first and every split lands on a
        // character boundary). Without the flag the interpreter would re-validate the whole
        // subject on each call, which is quadratic over a long text.
        int rc = impl_->jit ? pcre2_jit_match(impl_->code, subject, text.size(), offset, 0,
                                              data.get(), nullptr)
                            : pcre2_match(impl_->code, subject, text.size(), offset,
                                          PCRE2_NO_UTF_CHECK, data.get(), nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(rc, message, sizeof message);
            throw Error(std::string("regex match failed: ") +
                        reinterpret_cast<const char*>(message));
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
        size_t begin = ov[0], end = ov[1];
        if (end > begin) {
            matches.emplace_back(begin, end);
            offset = end;
        } else {
            // Empty match: step one character forward.
            if (offset >= text.size()) break;
            size_t step = 1;
            while (offset + step < text.size() &&
                   (static_cast<unsigned char>(text[offset + step]) & 0xC0) == 0x80)
                ++step;
            offset += step;
        }
    }
    return matches;
}

}  // namespace ts
