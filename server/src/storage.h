// The server's storage, behind an interface (SyncStorage, sync_storage.h, on the embedded database
// or on PostgreSQL). Everything the HTTP layer and the admin commands need goes through here; an
// implementation must keep the guarantees written on each call (docs/sync-protocol.md).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/merge.h"
#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::server {

struct UserInfo {
    std::string userName;
    std::string displayName;
    std::string role;
    std::string groupId;  // inspection group (inspector, group leader)
    std::string unitId;   // own unit (unit liaison)
    bool disabled = false;
    nlohmann::json toJson() const;
};

struct DeviceInfo {
    std::string deviceId;       // the server's id for the enrolment
    std::string userName;
    std::string storeDeviceId;  // the device's own id, as in its audit chain
    std::string name;
    int64_t enrolledMs = 0;
    int64_t auditSeq = 0;       // last audit entry received from the device
    bool revoked = false;
    int64_t wipedMs = 0;        // revoked, and the device reported its wipe done (0: not yet)
    int64_t tokenIssuedMs = 0;  // when its token was issued (enrolment, or the last renewal)
    bool tokenRenewalDue = false;  // the office ordered a new token: the device asks for one at its next sync
};

struct AuditFlag {
    int64_t id = 0;
    std::string deviceId, userName, kind, message;
    int64_t auditSeq = 0;
    int64_t atMs = 0;
    nlohmann::json toJson() const;
};

// What one request may carry (the HTTP edge refuses more; the storage checks again).
constexpr size_t kMaxOpsPerPush = 1000;
constexpr size_t kMaxAuditEntriesPerRequest = 5000;
constexpr int64_t kMaxPullLimit = 5000;

// One op of a push as the HTTP edge parsed it (protocol.h): a change for the merge, an event to
// record (something done with the data that is not a change: an export), an attachment's metadata
// (type "attachment", id the attachment's, payload checked by protocol::parseOp), or an op
// refused as it came, with the reason.
struct PushOp {
    enum class Kind { Change, Event, Attach, Invalid };
    Kind kind = Kind::Invalid;
    std::string opId;  // empty when the op named no valid id: its answer cannot be recorded under one
    merge::Op op;      // action, type, id as sent (those that were strings), payload, bases
    std::string hlc;   // the author's clock stamp as sent; empty for protocol 1
    std::string error;  // Invalid: why
};

// The sync protocol's versions (docs/sync-protocol.md, "Earlier versions"): 2 added clocks and
// field bases, 3 the record type finding_answer, 4 photos and documents (attach ops, blobs).
constexpr int kProtocolVersion = 4;
constexpr int kOldestProtocolVersion = 1;

// The record types a device speaking `protocol` does not know, because a later version added them:
// withheld from it (pulls, push answers) and refused from it, as a hidden type is.
inline std::set<std::string> typesUnknownTo(int protocol) {
    std::set<std::string> out;
    if (protocol < 3) out.insert("finding_answer");
    return out;
}

// ---- photos and documents (docs/sync-protocol.md, "Photos and documents")
// A blob is the bytes of one or more attachments with the same SHA-256, uploaded in chunks.
constexpr int64_t kMaxBlobChunkBytes = 4ll << 20;   // one upload request
constexpr int64_t kMaxBlobReadBytes = 1ll << 20;    // one ranged download answer
constexpr int64_t kMaxBlobBytes = 4ll << 30;        // one photo, video or document

// Where the upload of a blob stands, as the device that asked may know it.
struct BlobUpload {
    std::string sha256;
    std::string state = "absent";  // "absent" | "partial" | "complete"
    int64_t size = 0;              // the attachment's declared size
    int64_t received = 0;          // bytes the server holds: the offset to resume from
    // Complete, but this device has neither uploaded nor proven it holds the bytes: it must answer
    // this challenge (proveBlob) before its attachment counts as uploaded. A hash alone (leaked or
    // guessed) never links anybody's attachment to the bytes.
    std::string challenge;
    bool held = false;             // this device uploaded the bytes or proved it holds them
    bool offsetMismatch = false;   // appendBlobChunk: the chunk was not at `received`; nothing kept
    nlohmann::json toJson() const;
};

// A range of an attachment's bytes, for a download.
struct AttachmentRange {
    std::string attachmentId, sha256, mediaType, fileName;
    int64_t size = 0;    // the whole attachment
    int64_t offset = 0;  // of `bytes`
    std::vector<uint8_t> bytes;
};

// What a push or pull request carries besides its main content.
struct RequestContext {
    UserInfo user;
    DeviceInfo device;
    int protocol = kProtocolVersion;
    int64_t nowMs = 0;  // the server's clock at arrival
};

class ServerStorage {
public:
    virtual ~ServerStorage() = default;

    // ---- accounts and devices
    virtual Status createUser(const UserInfo& user, const std::string& passwordHash) = 0;
    virtual Status setPasswordHash(const std::string& userName, const std::string& passwordHash) = 0;
    // Moves an account to another inspection group or unit (a member changes group, a liaison
    // changes unit). Its devices lose the old scope and gain the new one at their next pull.
    virtual Status setUserScope(const std::string& userName, const std::string& groupId, const std::string& unitId) = 0;
    virtual Result<std::optional<std::pair<UserInfo, std::string>>> userWithHash(const std::string& userName) = 0;
    virtual Result<std::vector<UserInfo>> users() = 0;
    // Login throttling, per key (user name or client address): failures in a row and until when
    // logins are refused. recordLoginResult(ok=true) clears the key (the HTTP layer clears only
    // the user's key on a success, never the address's).
    virtual Result<int64_t> loginLockedUntil(const std::string& key) = 0;
    virtual Status recordLoginResult(const std::string& key, bool ok, int64_t nowMs) = 0;
    virtual Result<DeviceInfo> enrollDevice(const std::string& userName, const std::string& storeDeviceId,
                                            const std::string& name, const std::string& tokenHash, int64_t nowMs) = 0;
    // The device with this token hash, revoked ones included (`revoked`: its next contact gets a
    // wipe order); nullopt when there is none. The hash of a device's renewed token (issueNextToken)
    // finds it too, and its first use makes it the device's token: the old one stops working.
    virtual Result<std::optional<DeviceInfo>> deviceByTokenHash(const std::string& tokenHash) = 0;
    // Token renewal (docs/sync-protocol.md, "Renewing a device's token"): keeps the hash of a new
    // token for the device beside its current one, which stays valid until the new one is first
    // used. A later call replaces a new token never used (its answer was lost on the way).
    virtual Status issueNextToken(const RequestContext& ctx, const std::string& tokenHash) = 0;
    virtual Status revokeDevice(const std::string& deviceId) = 0;
    // A revoked device erased its store, vault and keys: kept with the device and in the server's
    // audit chain.
    virtual Status recordWiped(const RequestContext& ctx) = 0;
    virtual Result<std::vector<DeviceInfo>> devices() = 0;

    // ---- sync (docs/sync-protocol.md): requests typed by the HTTP edge, answers as the JSON bodies
    // Applies each op once: an op id seen before is answered from the record of its first answer.
    // The op's result is recorded in the same transaction as its change.
    virtual Result<nlohmann::json> push(const RequestContext& ctx, const std::vector<PushOp>& ops) = 0;
    // A page of the change feed for the device's scope, after `cursor` ("" = from the start).
    // The cursor follows commit order: a change that commits after a page was read is never
    // skipped by the next page.
    virtual Result<nlohmann::json> pull(const RequestContext& ctx, const std::string& cursor, int64_t limit) = 0;
    // Checks and keeps the device's audit entries (continuity of sequence numbers and hashes);
    // problems become audit flags. Returns the last sequence number received.
    virtual Result<int64_t> receiveAudit(const RequestContext& ctx, const std::vector<AuditEntry>& entries) = 0;
    virtual Result<std::vector<AuditFlag>> auditFlags() = 0;

    // ---- photos and documents: an attachment arrives as an attach op of a push (its metadata,
    // checked against the permission table like any change); its bytes as a blob, by SHA-256.
    // Every blob call is refused (NotFound) for a hash none of the device's own attachments has.
    virtual Result<BlobUpload> blobStatus(const RequestContext& ctx, const std::string& sha256) = 0;
    // Appends `bytes` at `offset` when that is where the upload stands (else offsetMismatch, with
    // where it stands); InvalidArgument when `chunkSha256` is not the bytes' hash (cut or altered
    // on the way) or the chunk runs past the declared size. The chunk that completes the blob is
    // kept only if the whole has the declared SHA-256; otherwise the blob is discarded
    // (InvalidArgument) and must be uploaded again. Memory is bounded by a chunk.
    virtual Result<BlobUpload> appendBlobChunk(const RequestContext& ctx, const std::string& sha256, int64_t offset,
                                               const std::string& chunkSha256, const std::string& bytes) = 0;
    // Checks the answer to the device's last challenge for the blob (single use); Unauthorized
    // when it is wrong.
    virtual Result<BlobUpload> proveBlob(const RequestContext& ctx, const std::string& sha256, const std::string& proof) = 0;
    // Up to `maxBytes` of an attachment from `offset`, for a user who may see its record, once its
    // author's device has uploaded it; NotFound otherwise (never telling which).
    virtual Result<AttachmentRange> readAttachment(const RequestContext& ctx, const std::string& attachmentId, int64_t offset,
                                                   int64_t maxBytes) = 0;

    // ---- receipts (docs/sync-protocol.md, "Receipts"): push() answers carry one, signed with the
    // server's Ed25519 key (hex here, told to devices at enrolment).
    virtual std::string receiptPublicKey() = 0;
    // The keys the server has signed receipts with, as devices check them: the current one and the
    // rotations that led to it, each signed by the key it retired.
    virtual Result<nlohmann::json> receiptKeyChain() = 0;
    // For each (type, id) the device pushed an op on: whether it still exists, its digest now, and
    // the digests its audit entries recorded, oldest first (what `fieldcheck receipts verify`
    // compares a receipt with). Records the device never pushed an op on are answered "known":
    // false and nothing else.
    virtual Result<nlohmann::json> checkReceipts(const RequestContext& ctx, const std::vector<std::pair<std::string, std::string>>& records) = 0;

    // ---- administration (fieldcheck-server admin ...)
    // Writes a record as the server itself (assignments, groups, ...), with the domain rules.
    virtual Result<nlohmann::json> adminCreate(const std::string& actor, const std::string& type, const nlohmann::json& fields) = 0;
    virtual Result<nlohmann::json> adminUpdate(const std::string& actor, const std::string& type, const std::string& id,
                                               const nlohmann::json& changes) = 0;
    // Withdraws a record as the server itself, with a reason (e.g. a done assignment when a unit is
    // taken from a group: done assignments still grant the group the unit's scope).
    virtual Result<nlohmann::json> adminWithdraw(const std::string& actor, const std::string& type, const std::string& id,
                                                 const std::string& reason) = 0;
    virtual Result<std::optional<std::string>> findRecordId(const std::string& type, const std::string& field,
                                                           const std::string& value) = 0;
    // The canonical dump (replication::canonicalDump) of everything `user` may see.
    virtual Result<std::string> canonicalDumpFor(const UserInfo& user) = 0;
    // Highest change sequence number (for status and tests).
    virtual Result<int64_t> headSeq() = 0;
};

}  // namespace fieldcheck::server
