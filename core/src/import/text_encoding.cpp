// Text encodings of CSV files: UTF-8 (with or without BOM), GB18030 (and its subsets GBK/GB2312,
// what Chinese Excel writes by default as "CSV (逗号分隔)"), and UTF-16 with a BOM (Excel's
// "Unicode 文本"). Decoding uses glibc's iconv.
#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "fieldcheck/core/importer.h"
#include "utf8.h"

namespace fieldcheck {
namespace {

using detail::firstInvalidUtf8;

std::string where(const uint8_t* s, size_t offset) {
    size_t line = 1;
    for (size_t i = 0; i < offset; ++i) line += s[i] == '\n';
    return "line " + std::to_string(line) + " (byte offset " + std::to_string(offset) + ")";
}

Result<std::string> iconvToUtf8(const uint8_t* s, size_t n, const char* from) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return makeError(ErrorCode::Unsupported,
                         std::string("this system's iconv cannot decode ") + from);
    }
    std::string out;
    out.resize(n * 2 + 16);
    char* in = const_cast<char*>(reinterpret_cast<const char*>(s));
    size_t inLeft = n;
    size_t used = 0;
    for (;;) {
        char* dst = out.data() + used;
        size_t outLeft = out.size() - used;
        size_t rc = iconv(cd, &in, &inLeft, &dst, &outLeft);
        used = out.size() - outLeft;
        if (rc != static_cast<size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        const size_t offset = n - inLeft;
        iconv_close(cd);
        return makeError(
            ErrorCode::InvalidArgument,
            std::string("the file is not valid ") + from + ": " +
                (errno == EINVAL ? "it ends in the middle of a character" : "invalid bytes") +
                " at " + where(s, offset));
    }
    // Flush any shift state (none for these encodings, but harmless).
    char* dst = out.data() + used;
    size_t outLeft = out.size() - used;
    iconv(cd, nullptr, nullptr, &dst, &outLeft);
    used = out.size() - outLeft;
    iconv_close(cd);
    out.resize(used);
    return out;
}

void stripLeadingBom(std::string& utf8) {
    if (utf8.rfind("\xEF\xBB\xBF", 0) == 0) utf8.erase(0, 3);
}

}  // namespace

Result<TextEncoding> parseTextEncoding(const std::string& name) {
    std::string n;
    for (char c : name) n += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (n == "auto" || n.empty()) return TextEncoding::Auto;
    if (n == "utf-8" || n == "utf8") return TextEncoding::Utf8;
    if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936") return TextEncoding::Gb18030;
    return makeError(ErrorCode::InvalidArgument,
                     "unknown encoding '" + name + "' (utf-8, gb18030)");
}

Result<DecodedText> decodeText(const std::vector<uint8_t>& bytes, TextEncoding encoding) {
    const uint8_t* s = bytes.data();
    const size_t n = bytes.size();
    const bool utf8Bom = n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;
    DecodedText out;
    if (encoding == TextEncoding::Auto && n >= 2 &&
        ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        const bool le = s[0] == 0xFF;
        FC_ASSIGN_OR_RETURN(out.utf8, iconvToUtf8(s + 2, n - 2, le ? "UTF-16LE" : "UTF-16BE"));
        out.encoding = le ? "utf-16le" : "utf-16be";
        return out;
    }
    if (encoding == TextEncoding::Utf8 || (encoding == TextEncoding::Auto && utf8Bom)) {
        const size_t start = utf8Bom ? 3 : 0;
        const size_t bad = firstInvalidUtf8(s + start, n - start);
        if (bad != std::string::npos) {
            return makeError(
                ErrorCode::InvalidArgument,
                "the file is not valid UTF-8: invalid bytes at " + where(s, start + bad) +
                    (utf8Bom ? "" : "; if it was saved by Excel as CSV, try --encoding gb18030"));
        }
        out.utf8.assign(reinterpret_cast<const char*>(s + start), n - start);
        out.encoding = utf8Bom ? "utf-8-bom" : "utf-8";
        return out;
    }
    if (encoding == TextEncoding::Auto && firstInvalidUtf8(s, n) == std::string::npos) {
        out.utf8.assign(reinterpret_cast<const char*>(s), n);
        out.encoding = "utf-8";
        return out;
    }
    auto decoded = iconvToUtf8(s, n, "GB18030");
    if (!decoded.ok()) {
        if (encoding == TextEncoding::Auto) {
            return makeError(ErrorCode::InvalidArgument, "the file is neither UTF-8 nor GB18030 (" +
                                                             decoded.error().message + ")");
        }
        return decoded.error();
    }
    out.utf8 = std::move(decoded).value();
    stripLeadingBom(out.utf8);  // GB18030's own byte order mark (84 31 95 33) decodes to U+FEFF
    out.encoding = "gb18030";
    return out;
}

}  // namespace fieldcheck
