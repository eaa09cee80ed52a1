// Replication: what the sync client (sync/) and the central server (server/) do to a Store beyond
// the ordinary record changes. The wire protocol itself is in docs/sync-protocol.md.
//
// Device side: changes pulled from the server are applied page by page, each page in one
// transaction together with the new cursor and one audit entry ("sync-pull") whose hash covers
// the page's manifest (which records it set to which content, which it removed), so the device's
// audit chain still accounts for every record. Pulled changes never enter the outbox. A field
// that has a local op not yet acknowledged keeps its local value until the server answers it.
//
// Server side: the server's own Store (StoreOptions::serverReplica) applies the ops devices push
// with the same validation and rules as a device, with the record ids the devices chose.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/store.h"

namespace fieldcheck::replication {

// A record as it travels between server and devices: the record's values (fields a role may not
// see are absent), plus the server's version of each field and the open conflicts.
struct RecordDoc {
    Record record;
    std::string scope;  // the server's scope key: "unit:<id>", "ref", "staff" or "bureau"
    // field -> {"v": version, "h": hlc of the edit that set it, "d": device that made it}
    nlohmann::json fieldVersions = nlohmann::json::object();
    // [{"id", "field", "candidates": [{"value", "hlc", "by", "device", "op"}...], "shown": index}]
    nlohmann::json conflicts = nlohmann::json::array();

    nlohmann::json toJson() const;
    // InvalidArgument naming what is wrong (unknown type, missing id, bad field value, ...).
    static Result<RecordDoc> fromJson(const nlohmann::json& j);
};

// One entry of a pull page: a record to create or replace, a record to remove from the device (it
// left the device's scope), or a whole scope to remove (a unit taken away from the group).
// A photo or document of a pulled record (protocol 4): its metadata, and whether the server holds
// its bytes yet.
struct ReceivedAttachment {
    Attachment meta;
    bool available = false;
};

struct PulledChange {
    enum class Kind { Upsert, Remove, RemoveScope };
    Kind kind = Kind::Upsert;
    RecordDoc doc;          // Upsert
    std::vector<ReceivedAttachment> attachments;  // Upsert: the record's photos and documents
    std::string type, id;   // Remove
    std::string scope;      // RemoveScope

    // Upsert: what applying the doc as it came needs besides the store, worked out by
    // parsePulledChanges() on the thread that fetched the page, so that the thread writing the
    // store does not (docs/benchmarks.md, "Sync"). Empty: worked out when applied.
    struct Prepared {
        std::string hash;          // the record's content hash (audit manifest)
        std::string searchText;    // its indexed text, tokenised for the full-text index
        std::string fieldVersions, conflicts;  // doc.fieldVersions / doc.conflicts as JSON text
    } prepared;
};

// The changes of a pull page ({"changes": [...]}, docs/sync-protocol.md), checked and prepared.
// IoError naming the change when one is malformed or of a kind this client does not know.
Result<std::vector<PulledChange>> parsePulledChanges(const nlohmann::json& changes);

// ---- receipts (docs/sync-protocol.md, "Receipts")
// A receipt as the server signed it.
struct Receipt {
    int64_t seq = 0;
    int64_t receivedMs = 0;
    std::string payload, signature, key;
};
Status keepReceipt(Store& store, const std::string& payload, const std::string& signature, const std::string& key);
Result<std::vector<Receipt>> receipts(Store& store);
// What a receipt names a record by: the SHA-256 of its content as the audit chain hashes it.
std::string recordDigest(const Record& record);
// The same for an attachment: the SHA-256 of its metadata (Attachment::toJson()).
std::string attachmentDigest(const Attachment& attachment);

// A record or op id as the protocol allows it: 1 to 64 characters of [0-9A-Za-z_-].
bool isValidId(const std::string& id);

// The canonical text replicas are compared by: one line per record, sorted by type and id, with
// its values (absent and null fields alike left out), withdrawal, server version, open conflicts.
std::string canonicalDump(std::vector<RecordDoc> docs);

// ---- device side ---------------------------------------------------------------------------

// The device's clock as the store reads it (StoreOptions::clock).
int64_t deviceNowMs(Store& store);

// Key/value sync state kept inside the encrypted store (cursor, server, device token, clock).
Result<std::optional<std::string>> syncState(Store& store, const std::string& key);
Status setSyncState(Store& store, const std::string& key, const std::string& value);

// Applies one pull page and stores `cursor` (under key "cursor") in one transaction. Records are
// applied parents first; a record whose referenced parent is not on the device yet is kept aside
// and applied when the parent arrives (parkedCount() tells how many wait).
Status applyPulledPage(Store& store, const std::vector<PulledChange>& changes, const std::string& cursor);
Result<int64_t> parkedCount(Store& store);

// Several pull pages in one local transaction. Each commit encrypts and writes every database page
// the transaction touched, so an initial pull of many records commits every few thousand records
// instead of every page (docs/benchmarks.md, "Sync"). applyPulledPage() inside a batch joins it;
// the stored cursor moves only when the batch commits, so a crash re-pulls the batch from the last
// committed cursor. Destroying an uncommitted batch rolls it back. The store is the caller's alone
// meanwhile (Store's threading contract).
class PullBatch {
public:
    explicit PullBatch(Store& store);
    ~PullBatch();
    PullBatch(const PullBatch&) = delete;
    PullBatch& operator=(const PullBatch&) = delete;

    Status begin();
    Status commit();
    bool open() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Outbox entries not yet answered by the server (pending and sent), in device order. Photos' and
// documents' attach ops are among them only `withAttachments` (protocol 4 carries them; before
// that they wait on the device).
Result<std::vector<OutboxEntry>> unansweredOps(Store& store, int64_t limit, bool withAttachments = true);
// How many there are, without reading them (the Today page and the push's progress ask this of an
// outbox that can hold 100,000 ops after a day offline).
Result<int64_t> unansweredOpCount(Store& store, bool withAttachments = true);

// ---- photos and documents (docs/sync-protocol.md, "Photos and documents")
// An attachment taken on this device, and how far its way to the server got.
struct AttachmentSync {
    Attachment attachment;
    // Taken on another device and received with its record: "pending" (the server does not hold
    // its bytes yet), "available" (it does; not downloaded), "downloaded".
    bool received = false;
    // "queued": its attach op has not been answered yet; "rejected": the server refused the op
    // (`reason`); "uploading": the server has the metadata and `bytesDone` of the bytes;
    // "uploaded": the server holds the whole.
    std::string state;
    int64_t bytesDone = 0;
    std::string reason;  // rejected: why; uploading: why the last attempt stopped ("" if none)
    nlohmann::json toJson() const;
};
// The device's attachments with their states, in order of capture (one record's when `recordType`
// is given).
Result<std::vector<AttachmentSync>> attachmentSyncStates(Store& store, const std::string& recordType = "",
                                                         const std::string& recordId = "");
// Received attachments whose bytes the server holds and this device does not ("available").
Result<std::vector<AttachmentSync>> attachmentsToDownload(Store& store);
// Seals a received attachment's bytes (`read` gives them a piece at a time; 0 = the end) into the
// vault, memory bounded by a chunk; Corrupt, and nothing kept, unless they have its SHA-256 and size.
Status storeDownloadedAttachment(Store& store, const Attachment& meta, const std::function<Result<size_t>(uint8_t*, size_t)>& read);
// Those whose metadata the server has and whose bytes it does not hold yet ("uploading").
Result<std::vector<AttachmentSync>> attachmentsToUpload(Store& store);
// How far an upload got (as the server acknowledged it), and why it stopped if it did.
Status noteUploadProgress(Store& store, const std::string& attachmentId, int64_t bytesDone, const std::string& error = "");
// The server holds the whole: uploaded by this device, or proven held ("proven").
Status noteUploaded(Store& store, const std::string& attachmentId, const std::string& how);
// ---- a device away too long (docs/sync-protocol.md, "Lost devices")
// Locked when the device has not reached its server for longer than the office allows (the
// server's max_offline_ms, kept with last_contact_ms at every answer): why, or nullopt. Only sync
// may run on a locked device; reaching the server unlocks it.
Result<std::optional<std::string>> offlineLock(Store& store);

// Attachments not on the server yet ("queued" and "uploading"; a rejected one is not waiting).
Result<int64_t> waitingAttachments(Store& store);
// Marks ops as sent (a crash after this resends them; the server answers a resent op once).
Status markSent(Store& store, const std::vector<std::string>& opIds);

struct OpOutcome {
    std::string opId;
    std::string status;  // applied | duplicate | conflict | rejected
    std::string reason;  // why it was rejected, or what conflicted
    std::optional<RecordDoc> doc;  // the record on the server now, as this device may see it
    bool recordGone = false;       // the record does not exist on the server (rejected create)
};
// Records the server's answers (outbox states) and applies the returned records, in one
// transaction. A rejected op stays in the outbox as 'rejected' with its reason.
Status recordPushOutcomes(Store& store, const std::vector<OpOutcome>& outcomes);

Result<std::vector<OutboxEntry>> rejectedOps(Store& store);

struct OpenConflict {
    std::string recordType, recordId, conflictId, field;
    nlohmann::json candidates;  // as in RecordDoc::conflicts
    int shown = 0;
};
Result<std::vector<OpenConflict>> openConflicts(Store& store);
// A person's choice among a conflict's candidates (index into candidates). Changes the record
// locally and queues a "resolve" op, which the server applies and sends to every replica.
Status resolveConflict(Store& store, const std::string& recordType, const std::string& recordId,
                       const std::string& conflictId, int choice);

// The device's records as RecordDocs (values, server version, field versions, conflicts), for
// canonicalDump(). Parked records are not included: they are not applied yet.
Result<std::vector<RecordDoc>> localDocs(Store& store);

// ---- server side ---------------------------------------------------------------------------

// Creates a record with the id its author chose. Computed fields are the rules' to set.
Result<Record> createRecordWithId(Store& store, const std::string& type, const std::string& id,
                                  const nlohmann::json& fields);
// Undoes a withdrawal (a person chose "restore" when an edit met a withdrawal).
Result<Record> restoreRecord(Store& store, const std::string& type, const std::string& id);

// Whether a field is set by the domain rules, never by a caller.
bool isComputedField(const std::string& type, const std::string& field);
// Field values in their stored representation (as Store::updateRecord would keep them), so that
// values from different devices compare equal when they mean the same. InvalidArgument names the
// field when a value is bad.
Result<nlohmann::json> normalizeFields(const std::string& type, const nlohmann::json& fields);

}  // namespace fieldcheck::replication
