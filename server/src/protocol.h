// The requests of docs/sync-protocol.md, parsed and checked once, at the HTTP edge: what reaches
// the storage is typed and whole. A request whose shape is wrong is refused whole (400, naming
// what and where); one bad op in a good push is refused alone, with its reason, and the others
// go on. No exception is part of this path (fuzzed: tests/fuzz/fuzz_push_request.cpp,
// fuzz_pull_request.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"
#include "storage.h"

namespace fieldcheck::server::protocol {

using server::kMaxAuditEntriesPerRequest;
using server::kMaxOpsPerPush;
using server::kMaxPullLimit;

struct PushRequest {
    std::vector<PushOp> ops;
    std::vector<AuditEntry> audit;
};

struct PullRequest {
    std::string cursor;  // "" = from the start
    int64_t limit = 1000;
    std::vector<AuditEntry> audit;
};

// The body of POST /v1/push and /v1/pull (already parsed as JSON).
Result<PushRequest> parsePush(const nlohmann::json& body);
Result<PullRequest> parsePull(const nlohmann::json& body);

// One op of a push; never fails (an op it cannot use is a PushOp of kind Invalid, with the reason).
PushOp parseOp(const nlohmann::json& op);
// Why an attach op's metadata cannot be used ("" when it can): type "attachment", the op's id,
// and the payload's record_type, record_id, media_type, file_name, size_bytes, sha256,
// captured_at and captured_by.
std::string checkAttachment(const std::string& type, const std::string& id, const nlohmann::json& meta);
// A device's audit entries as it sends them (store.h, AuditEntry); InvalidArgument names the entry.
Result<std::vector<AuditEntry>> parseAuditEntries(const nlohmann::json& entries);

}  // namespace fieldcheck::server::protocol
