// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// UTF-8, Unicode normalization and the GPT-2 byte-to-unicode table used by byte-level BPE.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ts::text {

// Length in bytes of the UTF-8 sequence starting with byte `lead` (1 for invalid lead bytes, so a
// scan always advances).
size_t utf8SequenceLength(unsigned char lead);
// Splits into UTF-8 characters (invalid bytes become one-byte pieces).
std::vector<std::string_view> utf8Chars(std::string_view s);
void appendCodepoint(std::string& out, uint32_t cp);
// Replaces invalid UTF-8 sequences by U+FFFD, like Rust's String::from_utf8_lossy.
std::string utf8Lossy(std::string_view bytes);
bool isValidUtf8(std::string_view bytes);

enum class NormalForm { NFC, NFD, NFKC, NFKD };
// Throws ts::Error on invalid UTF-8 input.
std::string normalize(std::string_view s, NormalForm form);
std::string toLower(std::string_view s);

// GPT-2's bytes_to_unicode(): every byte maps to one printable code point, encoded as UTF-8.
const std::array<std::string, 256>& byteToUnicode();
// Maps every byte of `s` through byteToUnicode().
std::string byteLevelEncode(std::string_view s);
// Inverse for one token string; false when some character is not in the table.
bool byteLevelDecode(std::string_view token, std::string& outBytes);

std::string replaceAll(std::string_view s, std::string_view from, std::string_view to);

}  // namespace ts::text
