#include "sqlite_record_store.h"

#include "fieldcheck/core/replication.h"

namespace fieldcheck::server {

Result<Record> SqliteRecordStore::writeAs(const WriteAs& as, const std::function<Result<Record>()>& write) {
    Result<Record> out = makeError(ErrorCode::Internal, "not written");
    FC_TRY(m_store.actingAs(as, [&]() -> Status {
        out = write();
        return {};
    }));
    return out;
}

Result<Record> SqliteRecordStore::get(const std::string& type, const std::string& id) { return m_store.getRecord(type, id); }

Result<std::vector<Record>> SqliteRecordStore::list(const std::string& type, const ListQuery& query) {
    return m_store.listRecords(type, query);
}

Result<Record> SqliteRecordStore::create(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& fields) {
    // The Store would answer a taken id with SQLite's constraint error (InvalidArgument).
    if (auto existing = m_store.getRecord(type, id); existing.ok()) {
        return makeError(ErrorCode::AlreadyExists, type + " '" + id + "' already exists");
    }
    return writeAs(as, [&] { return replication::createRecordWithId(m_store, type, id, fields); });
}

Result<Record> SqliteRecordStore::update(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& changes) {
    return writeAs(as, [&] { return m_store.updateRecord(type, id, changes); });
}

Result<Record> SqliteRecordStore::withdraw(const WriteAs& as, const std::string& type, const std::string& id, const std::string& reason) {
    return writeAs(as, [&] { return m_store.withdrawRecord(type, id, reason); });
}

Result<Record> SqliteRecordStore::restore(const WriteAs& as, const std::string& type, const std::string& id) {
    return writeAs(as, [&] { return replication::restoreRecord(m_store, type, id); });
}

Status SqliteRecordStore::recordEvent(const WriteAs& as, const std::string& action, const std::string& subjectType,
                                      const std::string& subjectId, const nlohmann::json& details) {
    return m_store.actingAs(as, [&] { return m_store.recordEvent(action, subjectType, subjectId, details); });
}

Result<int64_t> SqliteRecordStore::auditHead() { return m_store.auditHead(); }

Result<std::vector<AuditEntry>> SqliteRecordStore::auditEntries(int64_t fromSeq, int64_t limit) { return m_store.auditEntries(fromSeq, limit); }

Result<std::vector<AuditEntry>> SqliteRecordStore::auditEntriesOf(const std::string& type, const std::string& id) {
    return m_store.auditEntriesOf(type, id);
}

Result<AuditReport> SqliteRecordStore::verifyAudit() { return m_store.verifyAudit(); }

}  // namespace fieldcheck::server
