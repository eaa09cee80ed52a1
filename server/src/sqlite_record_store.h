// The server's records in the embedded storage: the core Store (opened with serverReplica: no
// outbox, no follow-ups, no search index) behind the RecordStore seam. The Store applies
// record_rules itself and keeps the server's audit chain in its audit_log.
#pragma once

#include "fieldcheck/core/store.h"
#include "record_store.h"

namespace fieldcheck::server {

class SqliteRecordStore final : public RecordStore {
public:
    explicit SqliteRecordStore(Store& store) : m_store(store) {}

    Result<Record> get(const std::string& type, const std::string& id) override;
    Result<std::vector<Record>> list(const std::string& type, const ListQuery& query) override;
    Result<Record> create(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& fields) override;
    Result<Record> update(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& changes) override;
    Result<Record> withdraw(const WriteAs& as, const std::string& type, const std::string& id, const std::string& reason) override;
    Result<Record> restore(const WriteAs& as, const std::string& type, const std::string& id) override;
    Status recordEvent(const WriteAs& as, const std::string& action, const std::string& subjectType, const std::string& subjectId,
                       const nlohmann::json& details) override;
    Result<int64_t> auditHead() override;
    Result<std::vector<AuditEntry>> auditEntries(int64_t fromSeq, int64_t limit) override;
    Result<std::vector<AuditEntry>> auditEntriesOf(const std::string& type, const std::string& id) override;
    Result<AuditReport> verifyAudit() override;

private:
    // Runs `write` as `as` (the Store's actor and clock for the call).
    Result<Record> writeAs(const WriteAs& as, const std::function<Result<Record>()>& write);
    Store& m_store;
};

}  // namespace fieldcheck::server
