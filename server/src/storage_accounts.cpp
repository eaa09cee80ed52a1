#include "sync_storage_impl.h"

#include <algorithm>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/permissions.h"

namespace fieldcheck::server {

using sql::Statement;
using json = nlohmann::json;

// ---- accounts --------------------------------------------------------------------------------

Status SyncStorage::createUser(const UserInfo& user, const std::string& passwordHash) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    if (!permissions::isKnownRole(user.role)) return bad("unknown role '" + user.role + "'");
    auto ins = m_impl->db().prepare(
        "INSERT INTO srv_users(user_name, display_name, role, group_id, unit_id, pw_hash, created_ms) VALUES (?,?,?,?,?,?,?)");
    if (!ins.ok()) return ins.error();
    Status st = ins->bind(1, user.userName).bind(2, user.displayName).bind(3, user.role).bind(4, user.groupId).bind(5, user.unitId)
                    .bind(6, passwordHash).bind(7, SystemClock::instance().nowMs()).run();
    // SQLite names the constraint in its message; PostgreSQL's unique violation is AlreadyExists.
    if (!st.ok() && (st.error().code == ErrorCode::AlreadyExists || st.error().message.find("UNIQUE") != std::string::npos)) {
        return makeError(ErrorCode::AlreadyExists, "a user named '" + user.userName + "' exists already");
    }
    return st;
}

Status SyncStorage::setPasswordHash(const std::string& userName, const std::string& passwordHash) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    auto upd = m_impl->db().prepare("UPDATE srv_users SET pw_hash = ? WHERE user_name = ?");
    if (!upd.ok()) return upd.error();
    FC_TRY(upd->bind(1, passwordHash).bind(2, userName).run());
    if (m_impl->db().changes() == 0) return makeError(ErrorCode::NotFound, "no user named '" + userName + "'");
    return {};
}

Status SyncStorage::setUserScope(const std::string& userName, const std::string& groupId, const std::string& unitId) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    auto upd = m_impl->db().prepare("UPDATE srv_users SET group_id = ?, unit_id = ? WHERE user_name = ?");
    if (!upd.ok()) return upd.error();
    FC_TRY(upd->bind(1, groupId).bind(2, unitId).bind(3, userName).run());
    if (m_impl->db().changes() == 0) return makeError(ErrorCode::NotFound, "no user named '" + userName + "'");
    return {};
}

namespace {
UserInfo readUser(const Statement& st) {
    UserInfo u;
    u.userName = st.text(0);
    u.displayName = st.text(1);
    u.role = st.text(2);
    u.groupId = st.text(3);
    u.unitId = st.text(4);
    u.disabled = st.int64(5) != 0;
    return u;
}
constexpr const char* kUserColumns = "user_name, display_name, role, group_id, unit_id, disabled";

DeviceInfo readDevice(const Statement& st) {
    DeviceInfo d;
    d.deviceId = st.text(0);
    d.userName = st.text(1);
    d.storeDeviceId = st.text(2);
    d.name = st.text(3);
    d.enrolledMs = st.int64(4);
    d.auditSeq = st.int64(5);
    d.revoked = st.int64(6) != 0;
    d.wipedMs = st.isNull(7) ? 0 : st.int64(7);
    d.tokenIssuedMs = st.isNull(8) ? d.enrolledMs : st.int64(8);
    d.tokenRenewalDue = st.int64(9) != 0;
    return d;
}
constexpr const char* kDeviceColumns =
    "device_id, user_name, store_device_id, name, enrolled_ms, audit_seq, revoked, wiped_ms, token_issued_ms, token_renewal_due";
}  // namespace

Result<std::optional<std::pair<UserInfo, std::string>>> SyncStorage::userWithHash(const std::string& userName) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    auto st = m_impl->db().prepare(std::string("SELECT ") + kUserColumns + ", pw_hash FROM srv_users WHERE user_name = ?");
    if (!st.ok()) return st.error();
    st->bind(1, userName);
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<std::pair<UserInfo, std::string>>();
    return std::optional<std::pair<UserInfo, std::string>>(std::make_pair(readUser(st.value()), st->text(6)));
}

Result<std::vector<UserInfo>> SyncStorage::users() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    std::vector<UserInfo> out;
    FC_TRY(sql::forEachRow(m_impl->db(), std::string("SELECT ") + kUserColumns + " FROM srv_users ORDER BY user_name", {},
                              [&](const Statement& row) { out.push_back(readUser(row)); }));
    return out;
}

Result<int64_t> SyncStorage::loginLockedUntil(const std::string& key) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    auto st = m_impl->db().prepare("SELECT locked_until_ms FROM srv_login_failures WHERE key = ?");
    if (!st.ok()) return st.error();
    st->bind(1, key);
    auto row = st->step();
    if (!row.ok()) return row.error();
    return row.value() ? st->int64(0) : int64_t{0};
}

Status SyncStorage::recordLoginResult(const std::string& key, bool ok, int64_t nowMs) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    if (ok) {
        auto del = m_impl->db().prepare("DELETE FROM srv_login_failures WHERE key = ?");
        if (!del.ok()) return del.error();
        return del->bind(1, key).run();
    }
    int64_t failures = 0;
    {
        auto st = m_impl->db().prepare("SELECT failures FROM srv_login_failures WHERE key = ?");
        if (!st.ok()) return st.error();
        st->bind(1, key);
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (row.value()) failures = st->int64(0);
    }
    failures += 1;
    // Free attempts, then a lock that doubles with every further failure.
    int64_t lockMs = 0;
    if (failures >= m_impl->options.loginFreeFailures) {
        const int64_t extra = std::min<int64_t>(failures - m_impl->options.loginFreeFailures, 20);
        lockMs = std::min(m_impl->options.loginMaxLockMs, m_impl->options.loginBaseLockMs << extra);
    }
    // UPDATE, else INSERT (sql.h: no INSERT OR REPLACE).
    auto upd = m_impl->db().prepare("UPDATE srv_login_failures SET failures = ?, locked_until_ms = ? WHERE key = ?");
    if (!upd.ok()) return upd.error();
    FC_TRY(upd->bind(1, failures).bind(2, lockMs > 0 ? nowMs + lockMs : 0).bind(3, key).run());
    if (m_impl->db().changes() > 0) return {};
    auto put = m_impl->db().prepare("INSERT OR IGNORE INTO srv_login_failures(key, failures, locked_until_ms) VALUES (?,?,?)");
    if (!put.ok()) return put.error();
    return put->bind(1, key).bind(2, failures).bind(3, lockMs > 0 ? nowMs + lockMs : 0).run();
}

Result<DeviceInfo> SyncStorage::enrollDevice(const std::string& userName, const std::string& storeDeviceId, const std::string& name,
                                               const std::string& tokenHash, int64_t nowMs) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    DeviceInfo d;
    d.deviceId = randomId();
    d.userName = userName;
    d.storeDeviceId = storeDeviceId;
    d.name = name;
    d.enrolledMs = nowMs;
    auto ins = m_impl->db().prepare(
        "INSERT INTO srv_devices(device_id, user_name, token_hash, store_device_id, name, enrolled_ms, last_seen_ms) VALUES (?,?,?,?,?,?,?)");
    if (!ins.ok()) return ins.error();
    FC_TRY(ins->bind(1, d.deviceId).bind(2, userName).bind(3, tokenHash).bind(4, storeDeviceId).bind(5, name).bind(6, nowMs).bind(7, nowMs).run());
    return d;
}

Result<std::optional<DeviceInfo>> SyncStorage::deviceByTokenHash(const std::string& tokenHash) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    auto find = [&](const char* column) -> Result<std::optional<DeviceInfo>> {
        FC_ASSIGN_OR_RETURN(Statement * st, impl.db().cached(std::string("SELECT ") + kDeviceColumns + " FROM srv_devices WHERE " + column + " = ?"));
        st->bind(1, tokenHash);
        auto row = st->step();
        if (!row.ok()) return row.error();
        std::optional<DeviceInfo> found;
        if (row.value()) found = readDevice(*st);
        st->reset();
        return found;
    };
    FC_ASSIGN_OR_RETURN(auto current, find("token_hash"));
    if (current) return current;
    FC_ASSIGN_OR_RETURN(auto renewed, find("next_token_hash"));
    if (!renewed) return renewed;
    // The first use of a renewed token: it becomes the device's token and the old one stops
    // working. Conditional on the hash, so two first uses at once (two processes) promote once.
    const int64_t now = SystemClock::instance().nowMs();
    Status promoted = impl.db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Statement up, impl.db().prepare(
            "UPDATE srv_devices SET token_hash = next_token_hash, next_token_hash = NULL, token_renewal_due = 0, token_issued_ms = ? "
            "WHERE device_id = ? AND next_token_hash = ?"));
        FC_TRY(up.bind(1, now).bind(2, renewed->deviceId).bind(3, tokenHash).run());
        if (impl.db().changes() == 0) return {};
        return impl.records->recordEvent(Impl::asServer(now), "token_renewed", "device", renewed->deviceId,
                                         nlohmann::json{{"user", renewed->userName}, {"name", renewed->name}});
    });
    FC_TRY(promoted);
    return find("token_hash");
}

Status SyncStorage::issueNextToken(const RequestContext& ctx, const std::string& tokenHash) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    return impl.db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Statement up, impl.db().prepare("UPDATE srv_devices SET next_token_hash = ? WHERE device_id = ? AND revoked = 0"));
        FC_TRY(up.bind(1, tokenHash).bind(2, ctx.device.deviceId).run());
        if (impl.db().changes() == 0) return makeError(ErrorCode::NotFound, "no device '" + ctx.device.deviceId + "' that may renew its token");
        return {};
    });
}

Result<int64_t> SyncStorage::orderTokenRenewal(const std::string& actor, const std::string& deviceId) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    int64_t told = 0;
    Status ordered = impl.db().transaction([&]() -> Status {
        std::vector<std::string> ids;
        auto collect = [&](const Statement& row) { ids.push_back(row.text(0)); };
        if (deviceId.empty()) FC_TRY(sql::forEachRow(impl.db(), "SELECT device_id FROM srv_devices WHERE revoked = 0 ORDER BY device_id", {}, collect));
        else FC_TRY(sql::forEachRow(impl.db(), "SELECT device_id FROM srv_devices WHERE revoked = 0 AND device_id = ?", {deviceId}, collect));
        if (ids.empty()) {
            return makeError(ErrorCode::NotFound, deviceId.empty() ? std::string("no device to renew the token of (none enrolled, or all revoked)")
                                                                   : "no device '" + deviceId + "' that is not revoked");
        }
        const int64_t now = SystemClock::instance().nowMs();
        FC_ASSIGN_OR_RETURN(Statement up, impl.db().prepare("UPDATE srv_devices SET token_renewal_due = 1 WHERE device_id = ?"));
        for (const auto& id : ids) {
            FC_TRY(up.bind(1, id).run());
            FC_TRY(impl.records->recordEvent(Impl::asServer(now, actor), "token_renewal_ordered", "device", id, nlohmann::json::object()));
        }
        told = static_cast<int64_t>(ids.size());
        return {};
    });
    FC_TRY(ordered);
    return told;
}

Status SyncStorage::revokeDevice(const std::string& deviceId) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    auto upd = m_impl->db().prepare("UPDATE srv_devices SET revoked = 1 WHERE device_id = ?");
    if (!upd.ok()) return upd.error();
    FC_TRY(upd->bind(1, deviceId).run());
    if (m_impl->db().changes() == 0) return makeError(ErrorCode::NotFound, "no device '" + deviceId + "'");
    return {};
}

Status SyncStorage::recordWiped(const RequestContext& ctx) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->db().transaction([&]() -> Status {
        auto upd = m_impl->db().prepare("UPDATE srv_devices SET wiped_ms = ? WHERE device_id = ? AND revoked = 1 AND wiped_ms IS NULL");
        if (!upd.ok()) return upd.error();
        FC_TRY(upd->bind(1, ctx.nowMs).bind(2, ctx.device.deviceId).run());
        if (m_impl->db().changes() == 0) return {};  // said before (or not revoked): nothing new
        return m_impl->records->recordEvent(Impl::asServer(ctx.nowMs), "wiped", "device", ctx.device.deviceId,
                                          nlohmann::json{{"user", ctx.user.userName}, {"name", ctx.device.name}});
    });
}

Result<std::vector<DeviceInfo>> SyncStorage::devices() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    std::vector<DeviceInfo> out;
    FC_TRY(sql::forEachRow(m_impl->db(), std::string("SELECT ") + kDeviceColumns + " FROM srv_devices ORDER BY enrolled_ms", {},
                              [&](const Statement& row) { out.push_back(readDevice(row)); }));
    return out;
}

}  // namespace fieldcheck::server
