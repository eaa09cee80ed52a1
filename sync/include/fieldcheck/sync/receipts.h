// Checking the server's receipts (docs/sync-protocol.md, "Receipts"): each push answer came with a
// receipt the server signed with its Ed25519 key — the op ids, what came of them, and the digest of
// each record (and attachment) as it was on the server afterwards. The device keeps them; this
// checks them later: every signature against the key the device was enrolled with, then every
// digest against what the server holds now and what its audit chain recorded. A record whose
// receipted version is not in the server's history, whose current content is not the last version
// its history records, or that is gone, was altered or removed after it was received.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/http_client.h"
#include "nlohmann/json.hpp"

namespace fieldcheck::sync {

struct ReceiptProblem {
    std::string type, id;  // the record or attachment ("" for a receipt as a whole)
    std::string kind;      // "bad-signature", "other-key", "removed", "altered", "history-rewritten"
    std::string message;   // for people
};

struct ReceiptReport {
    int64_t receipts = 0;  // receipts checked
    int64_t ops = 0;       // ops they name
    int64_t records = 0;   // distinct records and attachments checked with the server
    std::vector<ReceiptProblem> problems;
    bool ok() const { return problems.empty(); }
    nlohmann::json toJson() const;
};

// Checks every receipt the device keeps (`http`: as for a sync; the enrolment's CA and pins apply).
Result<ReceiptReport> verifyReceipts(Store& store, HttpOptions http = {});

}  // namespace fieldcheck::sync
