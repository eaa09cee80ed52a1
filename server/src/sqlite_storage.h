// The embedded storage: one SQLCipher file holding a core Store (the records, validated by the same
// domain rules as on the devices, with the server's own audit chain) and the server's tables
// (srv_*: change feed, users, devices, applied ops, device audit chains and flags), kept beside
// the records through the Store's companion seam (Store::companionDatabase()) with numbered
// migrations of their own (sqlite_schema.cpp), so that one transaction covers an op's record
// change and its place in the feed. What to do with an op is decided by core (merge.h); this
// class reads the state the rules need and carries out their decision.
//
// Files: sqlite_storage.cpp (opening, the change feed's rows, visibility), sqlite_schema.cpp,
// sqlite_accounts.cpp, sqlite_push.cpp, sqlite_pull.cpp, sqlite_audit.cpp, sqlite_admin.cpp.
//
// Commit order: every change takes the next number from srv_counter inside its write transaction,
// and SQLite runs one write transaction at a time, so numbers are taken in commit order and a
// reader never sees number n+1 before n. (A PostgreSQL implementation must not use a plain
// sequence for this: see docs/sync-protocol.md, "Cursors and commit order".)
//
// Threading: one connection, guarded by one mutex; every public call takes it.
#pragma once

#include <memory>

#include "fieldcheck/core/store.h"
#include "storage.h"

namespace fieldcheck::server {

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
    Status recordWiped(const RequestContext& ctx) override;
    Result<std::vector<DeviceInfo>> devices() override;

    Result<nlohmann::json> push(const RequestContext& ctx, const std::vector<PushOp>& ops) override;
    Result<nlohmann::json> pull(const RequestContext& ctx, const std::string& cursor, int64_t limit) override;
    Result<int64_t> receiveAudit(const RequestContext& ctx, const std::vector<AuditEntry>& entries) override;
    Result<std::vector<AuditFlag>> auditFlags() override;

    Result<BlobUpload> blobStatus(const RequestContext& ctx, const std::string& sha256) override;
    Result<BlobUpload> appendBlobChunk(const RequestContext& ctx, const std::string& sha256, int64_t offset,
                                       const std::string& chunkSha256, const std::string& bytes) override;
    Result<BlobUpload> proveBlob(const RequestContext& ctx, const std::string& sha256, const std::string& proof) override;
    Result<AttachmentRange> readAttachment(const RequestContext& ctx, const std::string& attachmentId, int64_t offset,
                                           int64_t maxBytes) override;
    std::string receiptPublicKey() override;
    Result<nlohmann::json> checkReceipts(const RequestContext& ctx, const std::vector<std::pair<std::string, std::string>>& records) override;

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

}  // namespace fieldcheck::server
