// The server's records, behind an interface: where a backend keeps them (the embedded SQLCipher
// Store, or PostgreSQL) is its own business; what writing one means is core's (record_rules.h:
// the field checks, the life cycle, the campaign's guards and computed fields) and is the same
// for every backend. Every write appends an entry to the server's own audit chain (the same
// AuditEntry hash chain a device keeps, store.h), in the same transaction as the write.
//
// Transactions belong to the backend that owns the connection: every call here runs inside the
// caller's transaction when there is one (so a pushed op's record change, its place in the change
// feed and its answer commit together), or in one of its own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/records.h"
#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::server {

class RecordStore {
public:
    virtual ~RecordStore() = default;

    // ---- reads
    // NotFound when there is no record of that type with that id (withdrawn ones are found).
    virtual Result<Record> get(const std::string& type, const std::string& id) = 0;
    // The records of one type with these ids that exist, in no particular order: a pulled page's
    // records at once. By default one get() each (the embedded Store reads in-process); a backend
    // across a connection reads them in one statement.
    virtual Result<std::vector<Record>> getMany(const std::string& type, const std::vector<std::string>& ids) {
        std::vector<Record> out;
        for (const auto& id : ids) {
            auto r = get(type, id);
            if (r.ok()) out.push_back(std::move(r).value());
            else if (r.error().code != ErrorCode::NotFound) return r.error();
        }
        return out;
    }
    // As Store::listRecords: `equals` filters (values as on input), withdrawn ones or not, in order
    // of creation unless `orderBy` says otherwise, `limit`/`offset`.
    virtual Result<std::vector<Record>> list(const std::string& type, const ListQuery& query = {}) = 0;

    // ---- writes, by `as` (the op's author and time; the server itself for administration)
    // A record with the id its author's device gave it, checked by record_rules::prepareCreate.
    // AlreadyExists when the id is taken.
    virtual Result<Record> create(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& fields) = 0;
    // record_rules::prepareUpdate; nothing is written (no version, no audit entry) when nothing changes.
    virtual Result<Record> update(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& changes) = 0;
    // record_rules::prepareWithdraw: never without a reason, never twice.
    virtual Result<Record> withdraw(const WriteAs& as, const std::string& type, const std::string& id, const std::string& reason) = 0;
    // Undoes a withdrawal (a person chose "restore" when an edit met a withdrawal): one version more.
    virtual Result<Record> restore(const WriteAs& as, const std::string& type, const std::string& id) = 0;
    // Something done that is not a change of a record (an export, a refused op, a blob stored):
    // an audit entry whose fields hash is the SHA-256 of `details.dump()`. InvalidArgument for a
    // record type as subject, or an empty action or subject type.
    virtual Status recordEvent(const WriteAs& as, const std::string& action, const std::string& subjectType,
                               const std::string& subjectId, const nlohmann::json& details) = 0;

    // ---- the server's audit chain
    virtual Result<int64_t> auditHead() = 0;  // the last entry's number (0: none)
    virtual Result<std::vector<AuditEntry>> auditEntries(int64_t fromSeq, int64_t limit) = 0;
    // The entries about one record (or event subject), oldest first: what a receipt is checked against.
    virtual Result<std::vector<AuditEntry>> auditEntriesOf(const std::string& type, const std::string& id) = 0;
    // Walks the chain (Store::verifyAudit's checks): the first entry edited, deleted or reordered,
    // and every record whose values do not match its last audit entry.
    virtual Result<AuditReport> verifyAudit() = 0;
};

}  // namespace fieldcheck::server
