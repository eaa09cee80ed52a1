// RFC 4180 CSV reading, lenient where Excel is lenient, plus the format sniffing of readTable().
#include <cstring>

#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/importer.h"

namespace fieldcheck {
namespace {

bool isBlankText(const std::string& s) {
    // ASCII white space, NBSP (C2 A0) and the ideographic space U+3000 (E3 80 80).
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
        } else if (s.compare(i, 2, "\xC2\xA0") == 0) {
            i += 2;
        } else if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

char sniffDelimiter(const std::string& text) {
    const size_t end = text.find_first_of("\r\n");
    const std::string first = text.substr(0, end);
    if (first.find('\t') != std::string::npos && first.find(',') == std::string::npos) return '\t';
    return ',';
}

}  // namespace

bool TableRow::blank() const {
    for (const auto& c : cells) {
        if (!isBlankText(c.text)) return false;
    }
    return true;
}

Result<Table> readCsv(const std::string& text) {
    Table table;
    table.format = "csv";
    const char delim = sniffDelimiter(text);
    const size_t n = text.size();
    size_t i = 0;
    int64_t record = 0;
    while (i < n) {
        TableRow row;
        row.number = ++record;
        const int64_t startLine = record;
        bool endOfRecord = false;
        while (!endOfRecord) {
            TableCell cell;
            if (i < n && text[i] == '"') {
                // Quoted field: "" is a quote; anything up to the closing quote is literal.
                ++i;
                bool closed = false;
                while (i < n) {
                    const char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            cell.text += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    cell.text += c;
                    ++i;
                }
                if (!closed) {
                    return makeError(ErrorCode::InvalidArgument,
                                     "row " + std::to_string(startLine) + ", column " +
                                         std::to_string(row.cells.size() + 1) +
                                         ": a quoted field is never closed (a \" is missing)");
                }
            }
            // Unquoted field, or text after a closing quote (kept, as Excel does).
            while (i < n && text[i] != delim && text[i] != '\n' && text[i] != '\r')
                cell.text += text[i++];
            row.cells.push_back(std::move(cell));
            if (i >= n) {
                endOfRecord = true;
            } else if (text[i] == delim) {
                ++i;
                if (i >= n) row.cells.emplace_back();  // "a,b," ends with an empty field
            } else {
                // CRLF, LF or a lone CR ends the record.
                if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
                ++i;
                endOfRecord = true;
            }
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

Result<Table> readTable(const std::string& path, TextEncoding encoding) {
    auto bytes = readWholeFile(path);
    if (!bytes.ok()) return bytes.error();
    const auto& b = bytes.value();
    if (b.size() >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
        return readXlsx(path);
    if (b.size() >= 4 && b[0] == 0xD0 && b[1] == 0xCF && b[2] == 0x11 && b[3] == 0xE0) {
        return makeError(ErrorCode::InvalidArgument,
                         "'" + path +
                             "' is an old binary Excel file (.xls); save it as .xlsx (Excel "
                             "工作簿) or CSV first");
    }
    auto decoded = decodeText(b, encoding);
    if (!decoded.ok()) return decoded.error();
    auto table = readCsv(decoded->utf8);
    if (!table.ok()) return table.error();
    table->encoding = decoded->encoding;
    return table;
}

}  // namespace fieldcheck
