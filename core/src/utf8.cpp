#include "utf8.h"

namespace fieldcheck::detail {

size_t utf8SequenceLength(const uint8_t* s, size_t n, size_t i, char32_t* out) {
    const uint8_t c = s[i];
    if (c < 0x80) {
        if (out != nullptr) *out = c;
        return 1;
    }
    size_t len = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > n) return 0;
    for (size_t k = 1; k < len; ++k) {
        if ((s[i + k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static const char32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < minimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (out != nullptr) *out = cp;
    return len;
}

size_t firstInvalidUtf8(const uint8_t* s, size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t len = utf8SequenceLength(s, n, i);
        if (len == 0) return i;
        i += len;
    }
    return std::string::npos;
}

bool isValidUtf8(std::string_view s) {
    return firstInvalidUtf8(reinterpret_cast<const uint8_t*>(s.data()), s.size()) == std::string::npos;
}

char32_t decodeUtf8(std::string_view s, size_t& i) {
    char32_t cp = 0;
    size_t len = utf8SequenceLength(reinterpret_cast<const uint8_t*>(s.data()), s.size(), i, &cp);
    if (len == 0) {
        ++i;
        return 0xFFFD;
    }
    i += len;
    return cp;
}

void appendUtf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace fieldcheck::detail
