// Checking the server's receipts (docs/sync-protocol.md, "Receipts"): each push answer came with a
// receipt the server signed with its Ed25519 key — the op ids, what came of them, and the digest of
// each record (and attachment) as it was on the server afterwards. The device keeps them; this
// checks them later: every signature against the key the device was enrolled with (or a key the
// server rotated to, signed by a key the device already trusted), then every
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
    // "bad-signature", "other-key", "retired-key", "removed", "altered", "history-rewritten"
    std::string kind;
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
// A receipt signed with a key the device does not know yet makes it ask for the server's key chain
// first (learnReceiptKeys).
Result<ReceiptReport> verifyReceipts(Store& store, HttpOptions http = {});

// ---- the receipt keys a device trusts (docs/sync-protocol.md, "Rotating the receipt key")
struct TrustedReceiptKey {
    std::string key;        // Ed25519 public key, hex
    int64_t retiredMs = 0;  // when the server rotated away from it (0: it has not)
};
// The key the device was enrolled with, then each key a rotation it accepted led to, in order.
Result<std::vector<TrustedReceiptKey>> trustedReceiptKeys(Store& store);
// Takes in the server's chain (the answer of POST /v1/receipt-keys: "current" and "rotations"):
// each rotation signed by a key the device trusts adds the key it names and retires the one that
// signed it. Rotations signed by any other key are ignored: nobody but the holder of a trusted key
// can make the device accept a new one. Returns how many keys it learned.
Result<int> learnReceiptKeys(Store& store, const nlohmann::json& chain);
// A receipt dated more than this after its key was retired is named ("retired-key"): the server
// erased that key when it rotated. The margin covers the clocks of several server machines.
constexpr int64_t kReceiptKeyRetirementMarginMs = 10 * 60 * 1000;

}  // namespace fieldcheck::sync
