// Private to the ledgers module: the row stream between the ledger queries and the file writers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fieldcheck/core/ledgers.h"

namespace fieldcheck::detail {

// Receives one ledger: begin() once, row() per data row in order, finish() at the end. Any error
// stops the stream. Rows are passed by reference and reused by the producer.
class LedgerSink {
public:
    virtual ~LedgerSink() = default;
    virtual Status begin(const std::string& kind, const std::string& titleZh,
                         const std::vector<LedgerColumn>& columns) = 0;
    virtual Status row(const std::vector<std::string>& cells) = 0;
    virtual Status finish() = 0;
};

// Runs the ledger's queries and streams its rows; sensitive columns are removed unless
// options.withSensitive. Returns the number of data rows.
Result<int64_t> streamLedger(Store& store, const std::string& kind, const LedgerOptions& options,
                             LedgerSink& sink);

// Writers: the file at `path` is created by the sink (truncating any file there); XLSX temporary
// files go to `tempDir`.
std::unique_ptr<LedgerSink> makeXlsxSink(const std::string& path, const std::string& tempDir);
std::unique_ptr<LedgerSink> makeCsvSink(const std::string& path);

// "1234.50" → fen; "2026-03-05" → y, m, d. False when the text is not in that form.
bool parseLedgerMoney(const std::string& text, int64_t& fen);
bool parseLedgerDate(const std::string& text, int& y, int& m, int& d);

}  // namespace fieldcheck::detail
