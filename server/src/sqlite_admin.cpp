#include "sqlite_storage_impl.h"

namespace fieldcheck::server {

using sqlite::Statement;
using json = nlohmann::json;

// ---- administration --------------------------------------------------------------------------

Result<json> SqliteStorage::adminCreate(const std::string& actor, const std::string& type, const json& fields) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    json out;
    Status st = m_impl->store->transaction([&]() -> Status {
        Result<Record> r = makeError(ErrorCode::Internal, "not written");
        FC_TRY(m_impl->store->actingAs({actor, SystemClock::instance().nowMs()}, [&]() -> Status {
            r = m_impl->store->createRecord(type, fields);
            return {};
        }));
        if (!r.ok()) return r.error();
        FC_TRY(m_impl->noteWrite(nullptr, r.value(), m_impl->hlc.tick(SystemClock::instance().nowMs()).encode(), "server"));
        out = r->toJson();
        return {};
    });
    if (!st.ok()) return st.error();
    return out;
}

// A change made by the server itself (an administrator), as `actor`: one transaction with its
// sync row, answered with the record.
Result<json> SqliteStorage::Impl::adminChange(const std::string& actor, const std::string& type, const std::string& id,
                                              const std::function<Result<Record>()>& change) {
    json out;
    Status st = store->transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record before, store->getRecord(type, id));
        Result<Record> r = makeError(ErrorCode::Internal, "not written");
        FC_TRY(store->actingAs({actor, SystemClock::instance().nowMs()}, [&]() -> Status {
            r = change();
            return {};
        }));
        if (!r.ok()) return r.error();
        FC_TRY(noteWrite(&before, r.value(), hlc.tick(SystemClock::instance().nowMs()).encode(), "server"));
        out = r->toJson();
        return {};
    });
    if (!st.ok()) return st.error();
    return out;
}

Result<json> SqliteStorage::adminUpdate(const std::string& actor, const std::string& type, const std::string& id, const json& changes) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->adminChange(actor, type, id, [&] { return m_impl->store->updateRecord(type, id, changes); });
}

Result<json> SqliteStorage::adminWithdraw(const std::string& actor, const std::string& type, const std::string& id,
                                         const std::string& reason) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->adminChange(actor, type, id, [&] { return m_impl->store->withdrawRecord(type, id, reason); });
}

Result<std::optional<std::string>> SqliteStorage::findRecordId(const std::string& type, const std::string& field, const std::string& value) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    ListQuery q;
    q.equals[field] = value;
    q.limit = 2;
    FC_ASSIGN_OR_RETURN(auto found, m_impl->store->listRecords(type, q));
    if (found.empty()) return std::optional<std::string>();
    if (found.size() > 1) return bad("more than one " + type + " has " + field + " = '" + value + "'");
    return std::optional<std::string>(found[0].id);
}

}  // namespace fieldcheck::server
