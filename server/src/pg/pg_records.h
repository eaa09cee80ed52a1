// The server's records and its audit chain in PostgreSQL (RecordStore, record_store.h): what the
// core Store does with serverReplica (no outbox, no follow-ups, no search index), on one
// connection, so that several server processes can write to one database at once.
//
// Every record type shares one table (srv_record_data, migration 2): a record's fields are kept as
// the JSON text record_rules returned, so a record reads back with the hash its audit entry has.
// The audit chain (srv_audit_log) is the device's AuditEntry chain, written by `deviceId`.
//
// Writers take turns on the chain: each write first locks the chain's head row (srv_audit_head,
// FOR UPDATE) and keeps it to its commit, then locks the record it changes. Taking the head first
// means writers never hold a record another writer waits for while waiting for the head
// themselves (no deadlock between two transactions of several writes each), and in READ COMMITTED
// every write, the rules' lookups included, sees all writes committed before it, as on SQLite.
// A head row rather than an advisory lock: under REPEATABLE READ or SERIALIZABLE a caller whose
// snapshot predates another writer's commit gets a serialization failure (which
// Connection::transaction retries) instead of appending after a head it cannot see; and the head
// remembers the last entry, so verifyAudit() notices entries deleted from the chain's end.
//
// Errors: a record that does not exist is NotFound, a taken id AlreadyExists (before the fields
// are checked), the rules' own errors pass through unchanged. None of these is a failed SQL
// statement, so a caller's transaction stays usable after them.
#pragma once

#include <string>

#include "pg.h"
#include "src/record_store.h"

namespace fieldcheck::server::pg {

class PgRecordStore final : public RecordStore {
public:
    // `deviceId`: the server's own audit device id, written into every entry it appends.
    PgRecordStore(Connection& conn, std::string deviceId);

    Result<Record> get(const std::string& type, const std::string& id) override;
    Result<std::vector<Record>> getMany(const std::string& type, const std::vector<std::string>& ids) override;
    Result<std::vector<Record>> list(const std::string& type, const ListQuery& query = {}) override;
    Result<Record> create(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& fields) override;
    Result<Record> update(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& changes) override;
    Result<Record> withdraw(const WriteAs& as, const std::string& type, const std::string& id, const std::string& reason) override;
    Result<Record> restore(const WriteAs& as, const std::string& type, const std::string& id) override;
    Status recordEvent(const WriteAs& as, const std::string& action, const std::string& subjectType, const std::string& subjectId,
                       const nlohmann::json& details) override;
    Result<int64_t> auditHead() override;
    Result<std::vector<AuditEntry>> auditEntries(int64_t fromSeq, int64_t limit) override;
    Result<std::vector<AuditEntry>> auditEntriesOf(const std::string& type, const std::string& id) override;
    // Reads one REPEATABLE READ snapshot of its own; inside a caller's transaction, the caller's.
    Result<AuditReport> verifyAudit() override;

    // ---- moving an embedded server's data here (SyncStorage::migrateToPostgres), never the rules:
    // the records as they are (a few hundred rows per statement), and the entries of the chain
    // that made them, in order.
    Status importRecords(const std::vector<Record>& records);
    // The next entries of the chain, verbatim (device ids, hashes and links as they were); refused
    // unless each links to the one before it, the first to the head. The head row moves once at
    // the end: a row updated once per entry in one transaction leaves a chain of versions that
    // every later update walks (quadratic over a whole chain).
    Status importAudit(const std::vector<AuditEntry>& entries);

private:
    struct ChainHead {
        int64_t seq = 0;
        std::string hash;
    };
    Result<ChainHead> lockChainHead();
    // Appends the entry after `head` and moves the head; `head` is the appended entry afterwards.
    Status appendAudit(ChainHead& head, const WriteAs& as, const std::string& action, const std::string& type,
                       const std::string& id, const std::string& fieldsHash);
    // A record read for a change: locked until the transaction ends.
    Result<Record> fetchForUpdate(const RecordTypeSpec& spec, const std::string& id);
    Status writeRecord(const Record& r);
    // The chain and the records as verifyAudit() walks them, in the transaction it runs.
    Status verifyChain(AuditReport& report);

    Connection& m_conn;
    std::string m_deviceId;
};

}  // namespace fieldcheck::server::pg
