// Reading the first worksheet of an XLSX workbook (Office Open XML, ECMA-376): the zip is opened
// with minizip, each part parsed with expat as a stream, so a large sheet is never held as a DOM.
// Parts read: xl/workbook.xml (first sheet, 1904 date system), xl/_rels/workbook.xml.rels (where
// that sheet is), xl/sharedStrings.xml (optional) and the sheet. Namespaces are resolved, so
// prefixed documents (x:row) and ISO "strict" files read the same as Excel's own.
#include <expat.h>
#include <minizip/unzip.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>

#include "fieldcheck/core/importer.h"

namespace fieldcheck {
namespace {

std::string localName(const char* name) {
    const char* bar = std::strrchr(name, '|');
    return bar ? std::string(bar + 1) : std::string(name);
}

bool hasNamespace(const char* name) {
    return std::strchr(name, '|') != nullptr;
}

// Attribute by local name; `namespaced` selects r:id (namespaced) over a plain id.
const char* attribute(const char** attrs, const char* local, bool namespaced = false) {
    for (int i = 0; attrs[i] != nullptr; i += 2) {
        if (localName(attrs[i]) == local && hasNamespace(attrs[i]) == namespaced)
            return attrs[i + 1];
    }
    return nullptr;
}

// The parts of a workbook, by name, from the zip.
class ZipArchive {
public:
    explicit ZipArchive(const std::string& path) : m_zip(unzOpen64(path.c_str())) {}
    ~ZipArchive() {
        if (m_zip != nullptr) unzClose(m_zip);
    }
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;
    bool ok() const { return m_zip != nullptr; }

    bool has(const std::string& name) { return unzLocateFile(m_zip, name.c_str(), 2) == UNZ_OK; }

    // Streams the part to `sink` in chunks. NotFound if absent, Corrupt if the zip data is damaged.
    Status read(const std::string& name,
                const std::function<Status(const char*, size_t, bool)>& sink) {
        if (unzLocateFile(m_zip, name.c_str(), 2) != UNZ_OK) {
            return makeError(ErrorCode::NotFound, "the workbook has no part '" + name + "'");
        }
        if (unzOpenCurrentFile(m_zip) != UNZ_OK) {
            return makeError(ErrorCode::InvalidArgument,
                             "cannot open '" + name +
                                 "' in the workbook (encrypted or unsupported compression?)");
        }
        std::vector<char> buf(1 << 16);
        Status st;
        for (;;) {
            int n = unzReadCurrentFile(m_zip, buf.data(), static_cast<unsigned>(buf.size()));
            if (n < 0) {
                st = makeError(ErrorCode::InvalidArgument,
                               "the workbook is damaged: cannot decompress '" + name + "'");
                break;
            }
            st = sink(buf.data(), static_cast<size_t>(n), n == 0);
            if (!st.ok() || n == 0) break;
        }
        if (unzCloseCurrentFile(m_zip) == UNZ_CRCERROR && st.ok()) {
            st = makeError(ErrorCode::InvalidArgument,
                           "the workbook is damaged: checksum of '" + name + "' does not match");
        }
        return st;
    }

private:
    unzFile m_zip;
};

// An expat parser with C++ callbacks; namespace URIs and local names separated by '|'.
class XmlStream {
public:
    std::function<void(const std::string&, const char**)> onStart;
    std::function<void(const std::string&)> onEnd;
    std::function<void(const char*, int)> onText;

    XmlStream() : m_parser(XML_ParserCreateNS(nullptr, '|')) {
        XML_SetUserData(m_parser, this);
        XML_SetElementHandler(
            m_parser,
            [](void* self, const XML_Char* name, const XML_Char** attrs) {
                auto* x = static_cast<XmlStream*>(self);
                if (x->onStart) x->onStart(localName(name), attrs);
            },
            [](void* self, const XML_Char* name) {
                auto* x = static_cast<XmlStream*>(self);
                if (x->onEnd) x->onEnd(localName(name));
            });
        XML_SetCharacterDataHandler(m_parser, [](void* self, const XML_Char* s, int len) {
            auto* x = static_cast<XmlStream*>(self);
            if (x->onText) x->onText(s, len);
        });
    }
    ~XmlStream() { XML_ParserFree(m_parser); }
    XmlStream(const XmlStream&) = delete;
    XmlStream& operator=(const XmlStream&) = delete;

    Status feed(const std::string& part, const char* data, size_t len, bool last) {
        if (XML_Parse(m_parser, data, static_cast<int>(len), last ? 1 : 0) == XML_STATUS_ERROR) {
            return makeError(ErrorCode::InvalidArgument,
                             "'" + part + "' in the workbook is not well-formed XML (line " +
                                 std::to_string(XML_GetCurrentLineNumber(m_parser)) + ": " +
                                 XML_ErrorString(XML_GetErrorCode(m_parser)) + ")");
        }
        return {};
    }

private:
    XML_Parser m_parser;
};

Status parsePart(ZipArchive& zip, const std::string& part, XmlStream& xml) {
    return zip.read(part,
                    [&](const char* d, size_t n, bool last) { return xml.feed(part, d, n, last); });
}

// "worksheets/sheet1.xml" relative to xl/, or an absolute "/xl/worksheets/sheet1.xml".
std::string resolveTarget(const std::string& target) {
    if (!target.empty() && target[0] == '/') return target.substr(1);
    std::string t = target;
    std::string base = "xl";
    while (t.rfind("../", 0) == 0) {
        t = t.substr(3);
        base = "";
    }
    return base.empty() ? t : base + "/" + t;
}

constexpr int kMaxColumns = 16384;  // A..XFD

// Column index (0-based) of a cell reference "AB12"; -1 when it has no letters.
int columnOfRef(const char* ref) {
    int col = 0;
    int letters = 0;
    for (const char* p = ref; *p; ++p) {
        char c = *p;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') break;
        col = col * 26 + (c - 'A' + 1);
        if (++letters > 3) return -1;
    }
    return letters == 0 ? -1 : col - 1;
}

// Excel keeps numbers as shortest round-trip text, sometimes with binary noise
// ("1234.5599999999999"); 15 significant digits is what Excel itself shows.
std::string formatNumber(const std::string& raw) {
    char* end = nullptr;
    const double d = std::strtod(raw.c_str(), &end);
    if (raw.empty() || *end != '\0' || !std::isfinite(d)) return raw;
    char buf[40];
    if (d == std::floor(d) && std::fabs(d) < 1e15) {
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
    } else {
        std::snprintf(buf, sizeof buf, "%.15g", d);
    }
    return buf;
}

}  // namespace

Result<std::string> excelSerialToDate(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < -1e6 || serial > 1e7) {
        return makeError(ErrorCode::InvalidArgument, "not a date serial number");
    }
    int64_t days = static_cast<int64_t>(std::floor(serial));
    if (date1904) {
        days -= 24107;  // serial 0 is 1904-01-01, 24107 days before 1970-01-01
    } else {
        if (days == 60)
            return makeError(ErrorCode::InvalidArgument,
                             "serial 60 is Excel's non-existent 1900-02-29");
        if (days < 1)
            return makeError(ErrorCode::InvalidArgument,
                             "date serial " + std::to_string(days) + " is before 1900-01-01");
        // Serial 1 is 1900-01-01; from 61 on Excel counts the fictitious 1900-02-29, so serial s is
        // 1899-12-30 + s (1899-12-30 is 25569 days before 1970-01-01), and 1899-12-31 + s before
        // it.
        days -= days < 60 ? 25568 : 25569;
    }
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    if (y < 1900 || y > 9999)
        return makeError(ErrorCode::InvalidArgument, "date serial out of range");
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m),
                  static_cast<int>(d));
    return std::string(buf);
}

Result<Table> readXlsx(const std::string& path) {
    ZipArchive zip(path);
    if (!zip.ok()) {
        return makeError(ErrorCode::InvalidArgument,
                         "'" + path + "' is not a readable XLSX workbook (not a zip archive)");
    }
    Table table;
    table.format = "xlsx";
    table.encoding = "xlsx";

    // 1. The first sheet and the date system.
    std::string firstSheetRel;
    {
        XmlStream xml;
        xml.onStart = [&](const std::string& name, const char** attrs) {
            if (name == "sheet" && firstSheetRel.empty()) {
                if (const char* id = attribute(attrs, "id", true)) firstSheetRel = id;
            } else if (name == "workbookPr") {
                const char* d = attribute(attrs, "date1904");
                table.date1904 =
                    d != nullptr && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
            }
        };
        Status st = parsePart(zip, "xl/workbook.xml", xml);
        if (!st.ok()) {
            return makeError(ErrorCode::InvalidArgument,
                             "'" + path + "' is not an XLSX workbook: " + st.error().message);
        }
    }
    // 2. Where the sheet and the shared strings are.
    std::string sheetPart = "xl/worksheets/sheet1.xml";
    std::string sharedPart = "xl/sharedStrings.xml";
    if (zip.has("xl/_rels/workbook.xml.rels")) {
        XmlStream xml;
        xml.onStart = [&](const std::string& name, const char** attrs) {
            if (name != "Relationship") return;
            const char* id = attribute(attrs, "Id");
            const char* target = attribute(attrs, "Target");
            const char* type = attribute(attrs, "Type");
            if (id == nullptr || target == nullptr) return;
            if (id == firstSheetRel) sheetPart = resolveTarget(target);
            if (type != nullptr && std::strstr(type, "/sharedStrings") != nullptr)
                sharedPart = resolveTarget(target);
        };
        FC_TRY(parsePart(zip, "xl/_rels/workbook.xml.rels", xml));
    }
    // 3. Shared strings: <si> with <t> directly or in rich-text runs <r><t>; phonetic runs skipped.
    std::vector<std::string> shared;
    if (zip.has(sharedPart)) {
        XmlStream xml;
        std::string current;
        bool inText = false;
        int phonetic = 0;
        xml.onStart = [&](const std::string& name, const char**) {
            if (name == "si")
                current.clear();
            else if (name == "rPh")
                ++phonetic;
            else if (name == "t" && phonetic == 0)
                inText = true;
        };
        xml.onEnd = [&](const std::string& name) {
            if (name == "si")
                shared.push_back(std::move(current));
            else if (name == "rPh")
                --phonetic;
            else if (name == "t")
                inText = false;
        };
        xml.onText = [&](const char* s, int len) {
            if (inText) current.append(s, static_cast<size_t>(len));
        };
        FC_TRY(parsePart(zip, sharedPart, xml));
    }
    // 4. The sheet, streamed.
    {
        XmlStream xml;
        TableRow row;
        bool inRow = false;
        int64_t lastRow = 0;
        int nextCol = 0;
        int col = 0;
        std::string type, value, inlineText;
        bool inValue = false, inInlineText = false, inInline = false;
        int phonetic = 0;
        Status cellError;
        xml.onStart = [&](const std::string& name, const char** attrs) {
            if (name == "row") {
                row = TableRow();
                const char* r = attribute(attrs, "r");
                row.number = r ? std::strtoll(r, nullptr, 10) : lastRow + 1;
                if (row.number <= lastRow) row.number = lastRow + 1;
                inRow = true;
                nextCol = 0;
            } else if (name == "c" && inRow) {
                const char* r = attribute(attrs, "r");
                const char* t = attribute(attrs, "t");
                col = r ? columnOfRef(r) : nextCol;
                if (col < 0) col = nextCol;
                if (col >= kMaxColumns && cellError.ok()) {
                    cellError = makeError(
                        ErrorCode::InvalidArgument,
                        "row " + std::to_string(row.number) +
                            ": a cell beyond column XFD, Excel's last (damaged workbook)");
                }
                if (col >= kMaxColumns) col = kMaxColumns - 1;
                type = t ? t : "n";
                value.clear();
                inlineText.clear();
            } else if (name == "v") {
                inValue = true;
            } else if (name == "is") {
                inInline = true;
            } else if (name == "rPh") {
                ++phonetic;
            } else if (name == "t" && inInline && phonetic == 0) {
                inInlineText = true;
            }
        };
        xml.onEnd = [&](const std::string& name) {
            if (name == "v") {
                inValue = false;
            } else if (name == "t") {
                inInlineText = false;
            } else if (name == "is") {
                inInline = false;
            } else if (name == "rPh") {
                --phonetic;
            } else if (name == "c" && inRow) {
                TableCell cell;
                if (type == "s") {
                    char* end = nullptr;
                    long idx = std::strtol(value.c_str(), &end, 10);
                    if (value.empty() || *end != '\0' || idx < 0 ||
                        static_cast<size_t>(idx) >= shared.size()) {
                        if (cellError.ok()) {
                            cellError = makeError(ErrorCode::InvalidArgument,
                                                  "row " + std::to_string(row.number) +
                                                      ": shared string index '" + value +
                                                      "' does not exist (damaged workbook)");
                        }
                    } else {
                        cell.text = shared[static_cast<size_t>(idx)];
                    }
                } else if (type == "inlineStr") {
                    cell.text = inlineText;
                } else if (type == "str" || type == "e") {
                    cell.text = value;
                } else if (type == "b") {
                    cell.text = value == "1" ? "TRUE" : "FALSE";
                } else if (type == "d") {
                    cell.text = value.substr(0, value.find('T'));
                } else if (!value.empty()) {
                    cell.text = formatNumber(value);
                    cell.isNumber = true;
                }
                if (static_cast<size_t>(col) >= row.cells.size())
                    row.cells.resize(static_cast<size_t>(col) + 1);
                row.cells[static_cast<size_t>(col)] = std::move(cell);
                nextCol = col + 1;
            } else if (name == "row" && inRow) {
                lastRow = row.number;
                table.rows.push_back(std::move(row));
                inRow = false;
            }
        };
        xml.onText = [&](const char* s, int len) {
            if (inValue)
                value.append(s, static_cast<size_t>(len));
            else if (inInlineText)
                inlineText.append(s, static_cast<size_t>(len));
        };
        Status st = parsePart(zip, sheetPart, xml);
        if (!st.ok()) return st.error();
        if (!cellError.ok()) return cellError.error();
    }
    return table;
}

}  // namespace fieldcheck
