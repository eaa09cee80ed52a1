// A what-if for the bulk benchmark: the SQL that Store::createRecord runs for one finding, replayed
// through core's Database wrapper on the store's real schema (detail::migrate), so that one thing
// the Store does not let us switch off can be switched off — the SAVEPOINT that wraps every record
// written inside Store::transaction() (detail::Transaction at depth > 0).
//
// Per record, like store.cpp: SELECT the referenced unit; INSERT the finding; SELECT the audit
// chain head; INSERT the audit entry (SHA-256 linked); INSERT the outbox entry — each statement
// prepared afresh, as the store prepares them. What it leaves out is the store's C++ work around
// the SQL (JSON validation, record hash), which is the same with or without encryption.
//
// Why it matters: SQLite copies each page a savepoint is about to change into the sub-journal, and
// SQLCipher encrypts those copies (with a fresh random IV and an HMAC) even when the sub-journal
// lives in memory. A savepoint per record therefore adds a page encryption for every page the
// record touches, on top of the ones the WAL commit needs.
#pragma once

#include <cstdint>
#include <string>

namespace fieldcheck::bench {

struct ReplicaRun {
    double seconds = 0;  // inserting all records, commits included
    int64_t fileBytes = 0;
};

// Inserts `records` findings (+ audit + outbox rows) into a new database at `path`, `batch` per
// transaction, each record inside its own SAVEPOINT when `savepointPerRecord`. Throws BenchError.
ReplicaRun runStatementReplica(const std::string& path, bool encrypted, int64_t records, int64_t batch,
                               bool savepointPerRecord);

}  // namespace fieldcheck::bench
