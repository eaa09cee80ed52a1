// The server's storage: what the HTTP layer and the admin commands ask of ServerStorage, written
// once over three seams a backend fills (docs/architecture.md, "The server's seam"):
//   - the records and the server's audit chain (RecordStore, record_store.h),
//   - the server's own tables: change feed, users, devices, applied ops, device audit chains and
//     flags, photos' metadata (sql::Db, sql.h), in the same transactions as the records,
//   - the sealed bytes of photos and documents (BlobVault, blob_vault.h).
// Embedded: one SQLCipher file holding a core Store, its companion tables (sqlite_schema.cpp) and
// blob files beside it. PostgreSQL: pg/ (docs/operations.md), any number of processes at once.
// What to do with an op is decided by core (merge.h); this class reads the state the rules need
// and carries out their decision.
//
// Files: sync_storage.cpp (opening, keys, the change feed's rows, visibility), storage_accounts.cpp,
// storage_push.cpp, storage_pull.cpp, storage_audit.cpp, storage_blobs.cpp, storage_receipts.cpp,
// storage_admin.cpp, storage_postgres.cpp.
//
// Commit order (docs/sync-protocol.md, "Cursors and commit order"): on the embedded database every
// change takes the next number from srv_counter inside its write transaction, and SQLite runs one
// write transaction at a time. On PostgreSQL a change is numbered after its transaction commits
// (pg/pg_feed.h), and writing transactions run one at a time across processes (sql_pg.h).
//
// Threading: one connection per process, guarded by one mutex; every public call takes it.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "fieldcheck/core/store.h"
#include "storage.h"

namespace fieldcheck::server {

struct StorageOptions {
    int64_t maxClockSkewMs = 5 * 60 * 1000;  // op clocks further ahead than this are clamped
    int64_t loginFreeFailures = 5;
    int64_t loginBaseLockMs = 1000;
    int64_t loginMaxLockMs = 15 * 60 * 1000;
};

class SyncStorage final : public ServerStorage {
public:
    // Creates a new server database. With `seedDemo`, fills it with the demo data set and makes
    // an account for every demo person (user name from the person record, `demoPassword`).
    static Status create(const std::string& path, const SecretBytes& passphrase, const KdfParams& kdf,
                         bool seedDemo, const SecretBytes& demoPassword);
    static Result<std::unique_ptr<SyncStorage>> open(const std::string& path, const SecretBytes& passphrase,
                                                       StorageOptions options = {});

    // ---- on PostgreSQL (docs/operations.md). `conninfo`: a libpq connection string or
    // postgresql:// URI without a password (libpq reads that from PGPASSFILE or ~/.pgpass).
    // Makes the server's tables in an empty database; `seedDemo` as in create().
    static Status createPostgres(const std::string& conninfo, bool seedDemo, const SecretBytes& demoPassword);
    // Any number of server processes may open one database at once.
    static Result<std::unique_ptr<SyncStorage>> openPostgres(const std::string& conninfo, StorageOptions options = {});
    // What migrateToPostgres copied and what its check found.
    struct MigrationReport {
        std::map<std::string, int64_t> rows;  // per table of the server's own, as copied
        int64_t records = 0, auditEntries = 0, blobs = 0, blobBytes = 0;
        std::vector<std::string> problems;    // differences the check found (none: the copy is whole)
        bool ok() const { return problems.empty(); }
        nlohmann::json toJson() const;
    };
    // Copies an embedded server database (records, the server's audit chain, accounts, devices,
    // applied ops, the change feed, device audit chains and flags, photos and documents) into an
    // empty PostgreSQL database, then reads everything back and compares: every record's hash,
    // every audit entry, every blob's SHA-256, the chain verified on PostgreSQL. The keys travel
    // too, so devices keep their cursors, tokens and receipts.
    static Result<MigrationReport> migrateToPostgres(const std::string& path, const SecretBytes& passphrase, const std::string& conninfo);
    ~SyncStorage() override;

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
    Status issueNextToken(const RequestContext& ctx, const std::string& tokenHash) override;
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
    Result<nlohmann::json> receiptKeyChain() override;
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

    // After the database was restored from a backup (admin restored): a new feed epoch, so that
    // every device reads its whole scope again at its next pull. Its cursor may point past the
    // restored feed's end, and changes made from now on would take numbers it believes it has
    // read. Recorded in the server's audit chain.
    Status startNewFeedEpoch(const std::string& actor);

    // Key rotation (docs/operations.md, "Rotating keys"). A new receipt signing key: the old one
    // signs the new one (so devices accept it), its secret is erased, and the rotation is bound
    // into the server's audit chain. Every process signs with the new key from its next receipt.
    // Returns the new public key (hex).
    Result<std::string> rotateReceiptKey(const std::string& actor);
    // Orders a new token for one device (`deviceId`) or every device not revoked (empty): each asks
    // for one at its next sync. Returns how many devices were told.
    Result<int64_t> orderTokenRenewal(const std::string& actor, const std::string& deviceId);

    // Gives records written straight into the Store (bulk loads, the demo data) their place in the
    // change feed; returns how many there were.
    Result<int64_t> adoptUnsyncedRecords();
    Result<std::vector<Record>> listRecords(const std::string& type, const ListQuery& query);
    // The server's own audit chain (core's verifyAudit on the server's Store).
    Result<AuditReport> verifyServerAudit();

    struct Impl;

private:
    explicit SyncStorage(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace fieldcheck::server
