// The embedded storage: one SQLCipher file holding a core Store (the records, validated by the same
// domain rules as on the devices, with the server's own audit chain) and the server's tables
// (srv_*: change feed, users, devices, applied ops, device audit chains and flags).
//
// Commit order: every change takes the next number from srv_counter inside its write transaction,
// and SQLite runs one write transaction at a time, so numbers are taken in commit order and a
// reader never sees number n+1 before n. (A PostgreSQL implementation must not use a plain
// sequence for this: see docs/sync-protocol.md, "Cursors and commit order".)
//
// Threading: one connection, guarded by one mutex; every public call takes it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "fieldcheck/core/clock.h"
#include "fieldcheck/core/hlc.h"
#include "fieldcheck/core/store.h"
#include "scope.h"
#include "storage.h"

namespace fieldcheck::server {

// The clock the server's Store reads: the time of the op being applied (so computed dates are the
// author's, as on the device), or the wall clock between ops.
class OpClock final : public Clock {
public:
    int64_t nowMs() const override {
        const int64_t pinned = m_pinned.load();
        return pinned != 0 ? pinned : SystemClock::instance().nowMs();
    }
    void pin(int64_t ms) { m_pinned.store(ms); }
    void unpin() { m_pinned.store(0); }

private:
    std::atomic<int64_t> m_pinned{0};
};

struct StorageOptions {
    int64_t maxClockSkewMs = 5 * 60 * 1000;  // op clocks further ahead than this are clamped
    int64_t loginFreeFailures = 5;
    int64_t loginBaseLockMs = 1000;
    int64_t loginMaxLockMs = 15 * 60 * 1000;
};

class SqliteStorage final : public ServerStorage {
public:
    // Creates a new server database. With `seedDemo`, fills it with the demo data set and makes
    // an account for every demo person (user name from the person record, `demoPassword`).
    static Status create(const std::string& path, const SecretBytes& passphrase, const KdfParams& kdf,
                         bool seedDemo, const SecretBytes& demoPassword);
    static Result<std::unique_ptr<SqliteStorage>> open(const std::string& path, const SecretBytes& passphrase,
                                                       StorageOptions options = {});
    ~SqliteStorage() override;

    Status createUser(const UserInfo& user, const std::string& passwordHash) override;
    Status setPasswordHash(const std::string& userName, const std::string& passwordHash) override;
    Status setUserScope(const std::string& userName, const std::string& groupId, const std::string& unitId) override;
    Result<std::optional<std::pair<UserInfo, std::string>>> userWithHash(const std::string& userName) override;
    Result<std::vector<UserInfo>> users() override;
    Result<int64_t> loginLockedUntil(const std::string& key) override;
    Status recordLoginResult(const std::string& key, bool ok, int64_t nowMs) override;
    Result<DeviceInfo> enrollDevice(const std::string& userName, const std::string& storeDeviceId, const std::string& name,
                                    const std::string& tokenHash, int64_t nowMs) override;
    Result<std::optional<DeviceInfo>> deviceByTokenHash(const std::string& tokenHash) override;
    Status revokeDevice(const std::string& deviceId) override;
    Result<std::vector<DeviceInfo>> devices() override;

    Result<nlohmann::json> push(const RequestContext& ctx, const nlohmann::json& ops) override;
    Result<nlohmann::json> pull(const RequestContext& ctx, const std::string& cursor, int64_t limit) override;
    Result<int64_t> receiveAudit(const RequestContext& ctx, const nlohmann::json& entries) override;
    Result<std::vector<AuditFlag>> auditFlags() override;

    Result<nlohmann::json> adminCreate(const std::string& actor, const std::string& type, const nlohmann::json& fields) override;
    Result<nlohmann::json> adminUpdate(const std::string& actor, const std::string& type, const std::string& id,
                                       const nlohmann::json& changes) override;
    Result<nlohmann::json> adminWithdraw(const std::string& actor, const std::string& type, const std::string& id,
                                         const std::string& reason) override;
    Result<std::optional<std::string>> findRecordId(const std::string& type, const std::string& field,
                                                   const std::string& value) override;
    Result<std::string> canonicalDumpFor(const UserInfo& user) override;
    Result<int64_t> headSeq() override;

    // Gives records written straight into the Store (bulk loads, the demo data) their place in the
    // change feed; returns how many there were.
    Result<int64_t> adoptUnsyncedRecords();
    Result<std::vector<Record>> listRecords(const std::string& type, const ListQuery& query);
    // The server's own audit chain (core's verifyAudit on the server's Store).
    Result<AuditReport> verifyServerAudit();

    struct Impl;

private:
    explicit SqliteStorage(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Argon2id (libsodium crypto_pwhash_str, interactive limits) of a password; verification.
Result<std::string> hashPassword(const SecretBytes& password);
bool verifyPassword(const std::string& hash, const std::string& password);

}  // namespace fieldcheck::server
