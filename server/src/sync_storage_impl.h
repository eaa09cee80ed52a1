// SyncStorage::Impl: shared by the files of the storage (sync_storage.cpp, storage_*.cpp), private to them.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "blob_vault.h"
#include "cursor.h"
#include "fieldcheck/core/clock.h"
#include "fieldcheck/core/hlc.h"
#include "fieldcheck/core/merge.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/scope.h"
#include "fieldcheck/core/sqlite.h"
#include "pg.h"
#include "sql.h"
#include "sqlite_record_store.h"
#include "sync_storage.h"

namespace fieldcheck::server {

using sql::Statement;

// An error of the caller's making.
inline Error bad(const std::string& message) { return makeError(ErrorCode::InvalidArgument, message); }

// The embedded storage's numbered migrations of the server's own tables (sqlite_schema.cpp):
// applied in order, each once, in one transaction with the schema version; a database from a
// newer server is refused. (PostgreSQL's: pg/pg_schema.h.)
Status migrateServerTables(Store& store);

struct SyncStorage::Impl {
    std::unique_ptr<Store> store;   // embedded: the records and the server's tables, one database
    std::unique_ptr<pg::Connection> pgConn;  // PostgreSQL: the records and the server's tables
    std::unique_ptr<RecordStore> records;  // the records through the seam the backends share
    std::unique_ptr<sql::Db> tables;       // the server's own tables (srv_*), in the same transactions
    StorageOptions options;
    std::mutex mutex;
    CursorCodec cursors;
    std::string feedEpoch;  // srv_meta feed_epoch: which feed cursors are positions in (cursor.h)
    SecretBytes receiptKey;        // Ed25519 secret key: signs each push's receipt
    std::string receiptPublicKey;  // hex, told to devices at enrolment (the pair as last read: refreshReceiptKey)
    HybridClock hlc{"server"};
    std::unique_ptr<BlobVault> blobBytes;  // <db>.blobs/, or srv_blob_bytes on PostgreSQL

    sql::Db& db() { return *tables; }
    // The server itself as the writer (its own housekeeping and administration), now.
    static WriteAs asServer(int64_t nowMs, const std::string& actor = "server") { return WriteAs{actor, nowMs}; }

    // The keys kept in srv_meta, made on first use: the cursor key and the Ed25519 receipt key pair
    // (sync_storage.cpp). Several processes starting at once end with one pair.
    Status loadKeys();
    // The receipt key pair as srv_meta has it now: another process may have rotated it
    // (rotateReceiptKey). One indexed read when it has not.
    Status refreshReceiptKey();

    // ---- the change feed's rows (sync_storage.cpp)
    // Takes the next number of the change feed (commit order: see sync_storage.h).
    // On PostgreSQL (numberAfterCommit) a change is not numbered inside its transaction: it is
    // numbered by the sequencer after it commits (pg/pg_feed.h), and this binds NULL.
    Status bindNextSeq(Statement& st, int index);
    // Numbers the changes committed so far (PostgreSQL); nothing to do on the embedded storage.
    Status publish();
    bool numberAfterCommit = false;
    // The record's row in the feed: field versions and open conflicts; its scope into `scope`.
    struct SyncRow {
        nlohmann::json fieldVersions = nlohmann::json::object();
        nlohmann::json conflicts = nlohmann::json::array();
        std::string scope;
    };
    Result<std::optional<SyncRow>> syncRow(const std::string& type, const std::string& id);
    std::string scopeOfRecord(const std::string& type, const std::string& id);
    // A pulled page's reads, made in a few statements before its records are emitted (readPage)
    // rather than several per record: the records, their feed rows, and the scopes of the records
    // they reference. docOf, syncRow and scopeOfRecord answer from it while it is open; it lives
    // for one pull, inside its snapshot (PageReads closes it).
    struct PageCache {
        bool open = false;
        std::map<std::pair<std::string, std::string>, Record> records;
        std::map<std::pair<std::string, std::string>, SyncRow> rows;
        std::map<std::pair<std::string, std::string>, std::string> scopes;
    } page;
    Status readPage(const std::vector<std::pair<std::string, std::string>>& keys);
    std::string scopeFor(const Record& r);
    // Records a change of `after` (before == nullptr: new) in the change feed: new field versions
    // for the fields that changed, the scope key (and an exit when it changed), the next number,
    // the open conflicts (unchanged when not given).
    Status noteWrite(const Record* before, const Record& after, const std::string& stamp, const std::string& device,
                     std::optional<nlohmann::json> conflicts = std::nullopt);
    Result<std::optional<replication::RecordDoc>> docOf(const std::string& type, const std::string& id);
    // Gives records written straight into the Store (bulk loads, the demo data) a place in the feed.
    Status adoptRecords(int64_t* adopted);

    // ---- visibility (sync_storage.cpp)
    // What `user` may see, on a device speaking `protocol` (typesUnknownTo(protocol) withheld).
    Result<Visibility> visibilityFor(const UserInfo& user, int protocol);
    // The record as `vis` may see it: project() by scope, type and field, then its references and
    // its conflicts' candidates (a value naming a record the reader may not see is withheld).
    Result<std::optional<replication::RecordDoc>> visibleDoc(const replication::RecordDoc& doc, const Visibility& vis);

    // ---- push (storage_push.cpp)
    struct OpOutcome {
        std::string status = "applied";
        std::string reason;
    };
    Result<nlohmann::json> pushOne(const RequestContext& ctx, const Visibility& vis, const PushOp& op, Status* fatal);
    Result<OpOutcome> applyChange(const RequestContext& ctx, const Visibility& vis, const WriteAs& as, const merge::Op& op,
                                  const HlcStamp& stamp);
    nlohmann::json recordOp(const std::string& opId, const std::string& deviceId, const std::string& status, const std::string& reason,
                            const std::string& type, const std::string& id, int64_t nowMs, Status* failed);
    Status attachDoc(nlohmann::json& result, const std::string& type, const std::string& id, const Visibility& vis);
    Status flagRefusal(const RequestContext& ctx, const WriteAs& as, const merge::Op& op, const std::string& reason);

    // ---- photos and documents (storage_blobs.cpp)
    Result<OpOutcome> applyAttach(const RequestContext& ctx, const Visibility& vis, const WriteAs& as, const merge::Op& op);
    // An attach op the server applied: the attachment as its author's device hashed it
    // (Attachment::toJson()), and that device.
    struct StoredAttachment {
        Attachment meta;
        std::string deviceId;
    };
    Result<std::optional<StoredAttachment>> storedAttachment(const std::string& attachmentId);
    // The record's attachments as the feed carries them (metadata, and whether the server holds
    // the bytes its author's device took: "available").
    Result<nlohmann::json> attachmentsOf(const std::string& type, const std::string& id);
    // Puts a record back into the feed because its attachments changed (one more, or one whose
    // bytes arrived): a new change number, the record's fields untouched.
    Status touchForAttachments(const std::string& type, const std::string& id);
    // The same for the records of the device's attachments with this hash (their bytes arrived).
    Status touchHoldersRecords(const std::string& deviceId, const std::string& sha256);
    struct BlobRow {
        std::string sha256, name;
        SecretBytes key;
        int64_t size = 0, received = 0, fileLength = 0, segments = 0;
        bool complete = false;
    };
    Result<std::optional<BlobRow>> blobRow(const std::string& sha256);
    // The size the device's own attachment with this hash declares; nullopt when it has none.
    Result<std::optional<int64_t>> declaredBlobSize(const std::string& deviceId, const std::string& sha256);
    Result<bool> holdsBlob(const std::string& deviceId, const std::string& sha256);
    // Where the blob's upload stands for the device (a fresh challenge when it must prove it).
    Result<BlobUpload> uploadState(const RequestContext& ctx, const std::string& sha256, int64_t declaredSize);
    // The plain bytes of the segments that overlap [from, to), in order, one segment at a time.
    Status forEachBlobSegment(const BlobRow& blob, int64_t from, int64_t to,
                              const std::function<Status(int64_t plainOffset, const std::vector<uint8_t>&)>& visit);

    // ---- receipts (storage_receipts.cpp)
    // The signed receipt of a push's answer: op ids, statuses and the digests of the records (and
    // attachments) as they are on the server after the push.
    Result<nlohmann::json> receiptFor(const RequestContext& ctx, const nlohmann::json& results, const std::vector<PushOp>& ops);

    // ---- administration (storage_admin.cpp)
    Result<nlohmann::json> adminChange(const std::string& actor, const std::string& type, const std::string& id,
                                       const std::function<Result<Record>(const WriteAs&)>& change);
};

}  // namespace fieldcheck::server
