// Imports of the rosters offices keep in spreadsheets: units (科室/单位), complaints and petitions
// (信访件) and self-inspections (自查自纠), from CSV (UTF-8 or GB18030) or XLSX.
//
// An import is all-or-nothing. importFile() first reads and checks every row — values, references
// to units by their code, duplicates inside the file, the domain rules — and reports *every* bad
// row with its spreadsheet row number (1-based, the header row included), the column name as
// written in the file and the reason. Only a file without a single error is written, in one store
// transaction; a failure half-way rolls the whole file back. Each row is matched to an existing
// record by its natural key (unit: 单位代码; complaint: 信访件编号; self-inspection: unit + 期间):
// a record with the same values is left alone (no new version, no audit entry), one with
// different values is updated (audited), a new key is created. Importing the same file twice
// therefore changes nothing the second time.
//
// The lower layer — readTable(), readCsv(), readXlsx(), decodeText() — turns a file into rows of
// UTF-8 text cells and is usable on its own (tests, a preview in the app).
//
// Cost: the whole file is held in memory (a 10,000-row petition register is a few MB); the
// import writes through Store::createRecord/updateRecord, so every created or changed record is
// validated, audited and queued for sync like a hand-entered one. Expected headers, encodings
// and formats: docs/imports-and-ledgers.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck {

// --- reading spreadsheets ----------------------------------------------------------------------

enum class TextEncoding {
    Auto,     // UTF-8 (with or without BOM) if the bytes are valid UTF-8, else GB18030
    Utf8,     // must be valid UTF-8 (a BOM is skipped)
    Gb18030,  // GB18030, which includes GBK and GB2312
};

// "utf-8", "gb18030" (also "gbk", "gb2312", "cp936"), "auto"; InvalidArgument otherwise.
Result<TextEncoding> parseTextEncoding(const std::string& name);

struct DecodedText {
    std::string utf8;
    std::string
        encoding;  // what was found: "utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be"
};
// Decodes a text file's bytes to UTF-8. With Auto, a UTF-8 or UTF-16 byte order mark decides;
// otherwise valid UTF-8 is taken as UTF-8 and anything else is decoded as GB18030 (glibc iconv).
// InvalidArgument naming the line and byte offset when the bytes are not valid in the encoding.
Result<DecodedText> decodeText(const std::vector<uint8_t>& bytes, TextEncoding encoding);

struct TableCell {
    std::string text;       // UTF-8; for XLSX numbers the shortest decimal form ("1234.5", "45292")
    bool isNumber = false;  // an XLSX numeric cell (dates are numbers there: see excelSerialToDate)
};

struct TableRow {
    int64_t number = 0;  // spreadsheet row number, 1-based: CSV record number, XLSX row r="…"
    std::vector<TableCell> cells;
    bool blank() const;  // every cell empty or white space
};

struct Table {
    std::vector<TableRow> rows;  // in file order; XLSX rows absent from the file are absent here
    std::string format;          // "csv" or "xlsx"
    std::string encoding;        // as DecodedText::encoding for CSV; "xlsx" for XLSX
    bool date1904 = false;       // XLSX workbook uses the 1904 date system
};

// RFC 4180 CSV from UTF-8 text: fields separated by commas (or tabs, when the first line has tabs
// and no commas), quoted fields with "" for a quote and embedded line breaks, CRLF, LF or CR
// line ends. Like Excel it is lenient with a stray quote inside an unquoted field and with text
// after a closing quote (kept literally); an unterminated quoted field is InvalidArgument naming
// the row where it started. Row numbers count records, so a quoted line break does not shift them.
Result<Table> readCsv(const std::string& utf8);
// The first worksheet of an XLSX file: shared strings, inline strings, numbers, booleans, error
// values ("#N/A"), empty cells. InvalidArgument when the file is not a readable XLSX workbook.
Result<Table> readXlsx(const std::string& path);
// By content: a zip (PK\3\4) is read as XLSX, an old binary .xls is refused with advice, anything
// else is decoded with `encoding` and read as CSV. NotFound / IoError when the file cannot be read.
Result<Table> readTable(const std::string& path, TextEncoding encoding = TextEncoding::Auto);

// Excel serial day number → "YYYY-MM-DD" (the fraction, a time of day, is dropped). Serial 60 is
// Excel's fictitious 1900-02-29 and is refused. InvalidArgument outside 1900..9999.
Result<std::string> excelSerialToDate(double serial, bool date1904 = false);

// --- importing ---------------------------------------------------------------------------------

// The record types that can be imported: "unit", "complaint", "self_inspection" (the command line
// also accepts "units", "complaints", "self_inspections").
const std::vector<std::string>& importableTypes();

// One column an import file may have: the record field it fills and the headers accepted for it
// (the Chinese label first, as in our templates). For documentation, templates and the app.
struct ImportColumn {
    std::string field;                 // record field; "unit_id" is given as the unit's code
    std::vector<std::string> headers;  // accepted headers, e.g. {"单位代码", "code"}
    bool required = false;             // must be present as a column and filled in every row
    std::string kind;                  // "text", "date", "choice", … (fieldKindName), "unit code"
    std::vector<std::string> choices;  // for choices: "code (中文)" each
};
// InvalidArgument for a type that cannot be imported.
Result<std::vector<ImportColumn>> importColumns(const std::string& type);

struct ImportOptions {
    TextEncoding encoding = TextEncoding::Auto;  // CSV only
    bool dryRun =
        false;  // check and apply everything, then roll back: the report says what would happen
    // Campaign (by its code) for new complaints and self-inspections. Empty: the store's only
    // campaign if it has exactly one, none if it has none, an error if it has several.
    std::string campaignCode;
};

struct ImportRowError {
    int64_t row = 0;     // spreadsheet row number, 1-based, header included; 0: the file as a whole
    std::string column;  // the header as written in the file; empty when the row as a whole is bad
    std::string reason;
    nlohmann::json toJson() const;
};

struct ImportReport {
    std::string type;  // record type imported
    std::string file;
    std::string format;    // "csv" / "xlsx"
    std::string encoding;  // as Table::encoding
    int64_t headerRow = 0;
    int64_t rows = 0;  // data rows (blank rows not counted)
    // What was written (dry run: what would have been); all zero when there are errors.
    int64_t created = 0, updated = 0, unchanged = 0;
    bool dryRun = false;
    bool committed = false;  // true only when the rows are now in the store
    std::vector<std::string>
        ignoredColumns;  // headers that match no field (e.g. 序号): not imported
    std::vector<ImportRowError>
        errors;  // every problem found, in row order; non-empty ⇒ nothing written
    bool ok() const { return errors.empty(); }
    nlohmann::json toJson() const;
};

// Imports `table` (already read) as records of `type`. Returns the report — check report.ok():
// errors in the data are reported there, not as an Error, and mean nothing was written. An Error
// is returned only when the import could not be attempted (unknown type, store failure).
Result<ImportReport> importTable(Store& store, const std::string& type, const Table& table,
                                 const ImportOptions& options = {});
// readTable() + importTable(). A file that cannot be read at all is an Error; a file that is read
// but malformed (bad CSV quoting, not UTF-8/GB18030) is a report with one error at row 0.
Result<ImportReport> importFile(Store& store, const std::string& type, const std::string& path,
                                const ImportOptions& options = {});

}  // namespace fieldcheck
