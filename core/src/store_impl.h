// Store::Impl, shared by the core modules that work on the store's database directly (domain
// rules, campaign queries, the spot-check draw, search, imports, ledgers). Private to core.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "database.h"
#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck {

struct Store::Impl {
    Store* self = nullptr;  // the Store that owns this Impl
    std::string path;
    detail::Database db;
    bool encrypted = true;
    std::string storeId;
    std::string deviceId;
    std::string cipherVersion;
    // The database key, in locked memory, for openSibling(). SQLCipher holds it in this process
    // for as long as the database is open anyway; the copy lives no longer.
    SecretBytes dbKey;
    int schemaVersion = 0;
    StoreOptions options;
    detail::TransactionState tx;
    // Temporary files of killed writers removed when the store was opened (reported by check).
    std::vector<std::string> leftoversRemoved;
    // The enrolled user's role (sync_state "role"): the device refuses what the permission table
    // does not allow that role, as the server would. Empty (not enrolled): no role checks.
    std::string role;
    // Store::actingAs(): the author and time of the writes being made, else null.
    const WriteAs* acting = nullptr;
    // Who writes and when: the store's actor and clock, or those of actingAs().
    const std::string& actor() const { return acting != nullptr ? acting->actor : options.actor; }
    int64_t nowMs() const { return acting != nullptr ? acting->atMs : options.clock->nowMs(); }

    Status loadMeta();
    Status initialiseMeta(const std::string& newStoreId, const CipherSettings& cipher);
    Result<Record> fetch(const RecordTypeSpec& spec, const std::string& id);
    // Appends an audit entry; returns its sequence number.
    Result<int64_t> appendAudit(const std::string& action, const std::string& recordType,
                                const std::string& recordId, const std::string& fieldsHash);
    // The device's next hybrid-logical-clock stamp (kept in sync_state), encoded.
    Result<std::string> nextHlc();
    Result<Record> createWithId(const RecordTypeSpec& spec, const std::string& id, const nlohmann::json& fields);
    Status appendAuditAndOutbox(const std::string& action, const std::string& recordType,
                                const std::string& recordId, const std::string& fieldsHash,
                                int64_t baseVersion, const nlohmann::json& payload);
    // permissions::authorize for the enrolled role; always ok when not enrolled or on the server.
    Status authorize(const permissions::Request& request) const;

    // verifyAudit()'s checks of the rows that carry evidence besides records.
    struct AuditHead {  // the last audit entry of a record or attachment
        int64_t seq;
        std::string hash;
        int schemaVersion;
    };
    Status verifyAttachmentsAgainstAudit(const std::map<std::pair<std::string, std::string>, AuditHead>& lastByRecord,
                                         AuditReport& report);
    Status verifyOutboxAgainstAudit(AuditReport& report);

    // An attachment's row with its file key and sealed file name (readAttachment, the vault check).
    struct SealedFile {
        Attachment attachment;
        SecretBytes key;
        std::string storageName;
    };
    Result<SealedFile> sealedFile(const std::string& attachmentId);

    // Reads up to `cap` bytes of an attachment's content into `into`; 0 at its end.
    using ContentReader = std::function<Result<size_t>(uint8_t* into, size_t cap)>;
    struct SealedContent {
        std::string sha256;
        int64_t sizeBytes = 0;
    };
    Result<SealedContent> sealInto(StagedFile& staged, const SecretBytes& key, const std::string& ad, const ContentReader& read);
    // Seals the bytes of an attachment received from another device (its remote_attachments row,
    // `meta`) into the vault; Corrupt, and nothing kept, unless they have its SHA-256 and size.
    Status storeReceived(const Attachment& meta, const ContentReader& read);
    // attach() and attachFile(): seals the content chunk by chunk, then links it to the record.
    Result<Attachment> attachFrom(const RecordTypeSpec& spec, const std::string& recordId, const ContentReader& read,
                                  const std::string& mediaType, const std::string& fileName);

    // checkIntegrity()'s parts.
    Status checkDatabase();
    Status sweepOrphans(std::vector<std::string>& removed);
    Status verifySealedFile(const std::string& attachmentId, IntegrityReport& report);
};


namespace detail {
// Reads one record row selected with recordSelectColumns(spec).
Record readRecord(const RecordTypeSpec& spec, const Statement& st);
std::string recordSelectColumns(const RecordTypeSpec& spec);
// The outbox's columns in the order readOutboxRow() reads them.
inline constexpr const char* kOutboxColumns =
    "seq, op_id, audit_seq, action, record_type, record_id, base_version, payload, created_ms, state, hlc, "
    "field_bases, result";
OutboxEntry readOutboxRow(const Statement& st);
// The attachments table's metadata columns in the order readAttachmentRow() reads them.
inline constexpr const char* kAttachmentColumns =
    "id, record_type, record_id, media_type, file_name, size_bytes, sha256, captured_ms, captured_by";
Attachment readAttachmentRow(const Statement& st);
}  // namespace detail

}  // namespace fieldcheck
