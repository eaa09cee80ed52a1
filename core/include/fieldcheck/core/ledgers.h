// The ledgers (台账) offices keep, produced from the device store as spreadsheets:
//
//   findings         问题线索台账     one row per finding (problem clue)
//   rectification    整改台账         one row per rectification measure, with its plan
//   monthly_reports  月度整改报告表   one row per unit for a month: on time, late, missing
//   petitions        信访件督办台账   petitions under key supervision (重点督办), overdue flagged
//   accountability   问责台账         the accountability register
//   four_batches     四个一批汇总     the four batches per unit, with a total row
//
// Each ledger is one SQL pass over the store (joined with unit names, choices shown by their
// Chinese labels, money in yuan) with Chinese column headers. exportLedger() streams it to an
// XLSX file (libxlsxwriter in constant-memory mode: bold frozen header row, autofilter, column
// widths for Chinese text, dates and amounts as real Excel values, A4 landscape with the header
// repeated on every printed page) or to CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting, so that
// Excel opens the Chinese text correctly).
//
// Personal data: the sensitive fields (persons involved 涉及人员, complainant 信访人) are left out
// — the columns are absent, not blank — unless `withSensitive` is set.
//
// Files: the output is written under a temporary name in the target directory (libxlsxwriter's
// own temporary files go there too, never to /tmp), synced, then renamed, so a failure or a crash
// never leaves a half-written ledger; an existing file is replaced only with `force`. The export
// is plaintext by nature: whoever asks for it is responsible for where it goes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck {

// The ledger names above, in that order.
const std::vector<std::string>& ledgerKinds();
// "问题线索台账" for "findings"; empty for an unknown kind.
std::string ledgerTitleZh(const std::string& kind);

enum class LedgerValueType {
    Text,
    Integer,
    Money,    // yuan, "1234.50" (XLSX: a number with format #,##0.00)
    Date,     // "YYYY-MM-DD" (XLSX: a real date, format yyyy-mm-dd)
    Percent,  // 0..100 with one decimal, "66.7" (the header says （%）)
};

struct LedgerColumn {
    std::string key;      // stable English name, e.g. "unit_name"
    std::string titleZh;  // header, e.g. "单位名称"
    LedgerValueType type = LedgerValueType::Text;
    double width = 12;  // Excel column width (character units; a Chinese character is about 2)
    bool sensitive = false;
};

struct LedgerOptions {
    // YYYY-MM. monthly_reports and four_batches: the month reported on (default: the month before
    // `today`). findings: only findings found in that month (default: all). Others ignore it.
    std::string month;
    std::string today;  // YYYY-MM-DD; default: today in the bureau's time zone
    bool withSensitive = false;
};

// A ledger in memory (for tests and the app). Cells are display text in the representation of
// their column's type; empty text is an empty cell.
struct Ledger {
    std::string kind;
    std::string titleZh;
    std::vector<LedgerColumn> columns;  // sensitive ones only when asked for
    std::vector<std::vector<std::string>> rows;
};

// InvalidArgument for an unknown kind or a malformed month/today; store errors as they come.
Result<Ledger> buildLedger(Store& store, const std::string& kind,
                           const LedgerOptions& options = {});

enum class LedgerFormat { Xlsx, Csv };
// "xlsx" / "csv"; InvalidArgument otherwise.
Result<LedgerFormat> parseLedgerFormat(const std::string& name);

struct ExportOptions {
    LedgerFormat format = LedgerFormat::Xlsx;
    bool force = false;  // replace an existing file
};

struct ExportResult {
    std::string kind;
    std::string path;
    std::string format;                // "xlsx" / "csv"
    int64_t rows = 0;                  // data rows written (the header not counted)
    std::vector<std::string> columns;  // headers written
    bool withSensitive = false;
    nlohmann::json toJson() const;
};

// Streams the ledger to `path`. AlreadyExists if `path` exists and !force (checked before the
// work and again, atomically, at the rename); IoError when the file cannot be written. On any
// error nothing is left at `path` that was not there before.
Result<ExportResult> exportLedger(Store& store, const std::string& kind, const std::string& path,
                                  const LedgerOptions& options = {},
                                  const ExportOptions& exportOptions = {});

// Writes an already built ledger (same file handling as exportLedger).
Status writeLedger(const Ledger& ledger, const std::string& path,
                   const ExportOptions& exportOptions = {});

}  // namespace fieldcheck
