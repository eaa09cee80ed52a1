// Strict UTF-8 for core: one decoder for search tokens, import encoding detection and the checks
// on spot-check draw parties. Strict means: no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fieldcheck::detail {

// Length of the valid UTF-8 sequence at s[i] (1..4), or 0 if there is none; `cp` gets the code
// point when valid.
size_t utf8SequenceLength(const uint8_t* s, size_t n, size_t i, char32_t* cp = nullptr);

// Offset of the first byte that is not valid UTF-8, or std::string::npos.
size_t firstInvalidUtf8(const uint8_t* s, size_t n);
bool isValidUtf8(std::string_view s);

// Decodes the code point at s[i] and advances `i`; an invalid byte decodes as U+FFFD and advances
// by one, so that any input can be walked.
char32_t decodeUtf8(std::string_view s, size_t& i);
void appendUtf8(char32_t cp, std::string& out);

}  // namespace fieldcheck::detail
