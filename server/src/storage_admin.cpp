#include "sync_storage_impl.h"

namespace fieldcheck::server {

using sql::Statement;
using json = nlohmann::json;

// ---- administration --------------------------------------------------------------------------

Result<json> SyncStorage::adminCreate(const std::string& actor, const std::string& type, const json& fields) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    json out;
    Status st = m_impl->db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record r, m_impl->records->create(Impl::asServer(SystemClock::instance().nowMs(), actor), type, randomId(), fields));
        FC_TRY(m_impl->noteWrite(nullptr, r, m_impl->hlc.tick(SystemClock::instance().nowMs()).encode(), "server"));
        out = r.toJson();
        return {};
    });
    if (!st.ok()) return st.error();
    FC_TRY(m_impl->publish());
    return out;
}

// A change made by the server itself (an administrator), as `actor`: one transaction with its
// sync row, answered with the record.
Result<json> SyncStorage::Impl::adminChange(const std::string& actor, const std::string& type, const std::string& id,
                                              const std::function<Result<Record>(const WriteAs&)>& change) {
    json out;
    Status st = db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record before, records->get(type, id));
        FC_ASSIGN_OR_RETURN(Record r, change(asServer(SystemClock::instance().nowMs(), actor)));
        FC_TRY(noteWrite(&before, r, hlc.tick(SystemClock::instance().nowMs()).encode(), "server"));
        out = r.toJson();
        return {};
    });
    if (!st.ok()) return st.error();
    FC_TRY(publish());
    return out;
}

Result<json> SyncStorage::adminUpdate(const std::string& actor, const std::string& type, const std::string& id, const json& changes) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->adminChange(actor, type, id, [&](const WriteAs& as) { return m_impl->records->update(as, type, id, changes); });
}

Result<json> SyncStorage::adminWithdraw(const std::string& actor, const std::string& type, const std::string& id,
                                         const std::string& reason) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->adminChange(actor, type, id, [&](const WriteAs& as) { return m_impl->records->withdraw(as, type, id, reason); });
}

Result<std::optional<std::string>> SyncStorage::findRecordId(const std::string& type, const std::string& field, const std::string& value) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    ListQuery q;
    q.equals[field] = value;
    q.limit = 2;
    FC_ASSIGN_OR_RETURN(auto found, m_impl->records->list(type, q));
    if (found.empty()) return std::optional<std::string>();
    if (found.size() > 1) return bad("more than one " + type + " has " + field + " = '" + value + "'");
    return std::optional<std::string>(found[0].id);
}

}  // namespace fieldcheck::server
