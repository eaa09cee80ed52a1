// The device store: an inspector's records, encrypted, crash-safe and tamper-evident.
//
// A Store is one SQLCipher database (`<path>`), its keyring (`<path>.keyring`, see keyring.h) and
// its attachment vault (`<path>.attachments/`, files sealed with libsodium secretstream).
//
// Every change to a record — create, update, withdraw, attach — happens in one transaction that
// also appends (1) an entry to the device's audit hash chain and (2) an outbox entry for sync.
// Records are never deleted: a submitted record is withdrawn with a reason, and the chain shows it.
// verifyAudit() walks the chain and names the first entry that was edited, deleted or reordered,
// and any record whose current values do not match its last audit entry.
//
// Sharing: a Store object is used from one thread at a time. Several Store objects on one file —
// in other threads or other processes (the app syncing while the command line attaches a photo) —
// are safe: writes are serialised by SQLite's write lock, checks read one consistent snapshot, and
// housekeeping never removes a file that a live writer may still commit (docs/architecture.md,
// "Several processes on one store"). Ownership: the caller owns the Store; closing it
// (destruction) checkpoints nothing and loses nothing that was committed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/clock.h"
#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/keyring.h"
#include "fieldcheck/core/records.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck {

namespace sqlite {
class Database;
}

struct StoreOptions {
    const Clock* clock = &SystemClock::instance();  // not owned; must outlive the Store
    UnlockPolicy unlockPolicy;
    std::string actor = "local";  // who is making changes (user name), recorded in the audit chain
    // The central server's copy of the records (server/): changes are not queued in the outbox
    // (the server is where they go) and follow-up records are not created, because the device that
    // made a change sends its follow-ups as ops of their own (docs/sync-protocol.md).
    bool serverReplica = false;
};

struct Attachment {
    std::string id;
    std::string recordType;
    std::string recordId;
    std::string mediaType;
    std::string fileName;
    int64_t sizeBytes = 0;
    std::string sha256;  // of the original bytes, computed at capture
    int64_t capturedMs = 0;
    std::string capturedBy;
    nlohmann::json toJson() const;
};

struct AuditEntry {
    int64_t seq = 0;
    std::string deviceId;
    std::string prevHash;
    std::string actor;
    int64_t atMs = 0;
    std::string action;
    std::string recordType;
    std::string recordId;
    std::string fieldsSha256;
    std::string entryHash;
    int schemaVersion = 2;  // the record fields `fieldsSha256` covers (FieldSpec::since)
    nlohmann::json toJson() const;
    // The hash this entry must have, from its other fields.
    std::string computeHash() const;
};

// The schema version of the stores this code writes: an audit entry made now covers the record
// fields of this version.
int currentSchemaVersion();
// A record's content as an audit entry of `schemaVersion` hashes it (AuditEntry::fieldsSha256): its
// type, id, the fields that version knows and its withdrawal. The server's PostgreSQL backend
// chains its entries with it as the store does.
std::string recordContentHash(const Record& r, int schemaVersion);

struct AuditProblem {
    int64_t seq = 0;      // the audit entry concerned (0 when it is about a record only)
    std::string kind;     // "sequence-gap", "broken-link", "entry-edited", "record-mismatch", ...
    std::string message;  // what is wrong, for people
};

struct AuditReport {
    int64_t entries = 0;
    std::vector<AuditProblem> problems;  // in chain order; the first is the first bad entry
    bool ok() const { return problems.empty(); }
};

// One sealed file that failed the vault check.
struct VaultProblem {
    std::string attachmentId;
    std::string fileName;     // as the user named it
    std::string recordType;   // what it is evidence for
    std::string recordId;
    std::string kind;         // "missing", "damaged" (fails authentication), "hash-mismatch", "unreadable"
    std::string message;      // what is wrong, for people
};

struct VaultProgress {
    int64_t filesDone = 0;
    int64_t filesTotal = 0;
    int64_t bytesDone = 0;   // plaintext bytes verified so far
};

struct IntegrityOptions {
    // Verify every sealed file against the SHA-256 recorded at capture (reads the whole vault).
    bool verifyVault = true;
    // Called after each sealed file; may be empty.
    std::function<void(const VaultProgress&)> progress;
};

struct IntegrityReport {
    VaultProgress vault;                     // what was verified
    std::vector<VaultProblem> vaultProblems; // each bad sealed file
    // Housekeeping: sealed files whose row never committed (a writer killed between the file and
    // the commit), and temporary files of killed writers — removed when the store was opened or by
    // this check. Neither was ever acknowledged.
    std::vector<std::string> orphansRemoved;
    std::vector<std::string> leftoversRemoved;
    bool ok() const { return vaultProblems.empty(); }
};

struct OutboxEntry {
    int64_t seq = 0;
    std::string opId;
    int64_t auditSeq = 0;
    std::string action;
    std::string recordType;
    std::string recordId;
    int64_t baseVersion = 0;
    nlohmann::json payload;
    int64_t createdMs = 0;
    std::string state;
    std::string hlc;                                       // author's hybrid logical clock (hlc.h)
    nlohmann::json fieldBases = nlohmann::json::object();  // field -> server version the author saw
    nlohmann::json result;                                 // the server's answer, once there is one
};

// Who makes the writes of one Store::actingAs() call and when, instead of the store's own actor
// and clock: the central server applies each op as its author, at the op's time.
struct WriteAs {
    std::string actor;
    int64_t atMs = 0;
};

struct ListQuery {
    std::map<std::string, std::string> equals;  // field = value filters (values as on input)
    bool includeWithdrawn = true;
    int64_t limit = -1;
    int64_t offset = 0;
    // A field of the type to order by, ties in the order the rows were written on this device;
    // empty: in order of creation. Only an indexed field pages cheaply through a large table (the
    // units' name: migration 8); any other is sorted whole for every page.
    std::string orderBy{};
    bool descending = false;  // last first (e.g. the newest records)
};

class Keyring;

class Store {
public:
    // Creates a new store at `path` with a fresh random database key wrapped by `passphrase`.
    // Fails with AlreadyExists if the database or its keyring is there; creates nothing on error.
    static Result<std::unique_ptr<Store>> create(const std::string& path, const SecretBytes& passphrase,
                                                 const KdfParams& kdf, StoreOptions options = {});
    // Opens an existing store and migrates it to the current schema. Never creates or overwrites
    // anything on failure. Errors: NotFound, WrongPassphrase, Locked, Corrupt, NotAFieldCheckStore,
    // TooNew, Unsupported (plain SQLite linked).
    static Result<std::unique_ptr<Store>> open(const std::string& path, const SecretBytes& passphrase,
                                               StoreOptions options = {});
    // Opens with the short PIN and the device secret the platform key store keeps (keyring.h,
    // "pin"): the same errors as open(), and NotFound when the store has no PIN. The
    // kMaxPinAttempts-th wrong PIN in a row erases the PIN wrapping: from then on only the
    // passphrase opens the store (hasPin() is false).
    static Result<std::unique_ptr<Store>> openWithPin(const std::string& path, const SecretBytes& pin,
                                                      const SecretBytes& deviceSecret, StoreOptions options = {});
    // Lets `pin` with `deviceSecret` open the store too; the passphrase proves the right to. The
    // database is untouched. InvalidArgument unless the PIN is 4 to 12 digits.
    static Status setPin(const std::string& path, const SecretBytes& passphrase, const SecretBytes& pin,
                         const SecretBytes& deviceSecret, const KdfParams& kdf, StoreOptions options = {});
    // Removes the PIN wrapping; the passphrase still opens the store.
    static Status removePin(const std::string& path);
    static Result<bool> hasPin(const std::string& path);
    // Re-wraps the database key with a new passphrase (and KDF cost); the database is untouched.
    static Status changePassphrase(const std::string& path, const SecretBytes& oldPassphrase,
                                   const SecretBytes& newPassphrase, const KdfParams& kdf,
                                   StoreOptions options = {});
    // Whether a store (database or keyring) exists at `path`: creating one there would fail.
    static bool exists(const std::string& path);
    // Refuses to run against a SQLite without the SQLCipher codec. Returns the cipher version.
    static Result<std::string> checkCipherLibrary();

    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::string& path() const;
    const std::string& storeId() const;
    const std::string& deviceId() const;
    int schemaVersion() const;
    std::string cipherVersion() const;
    void setActor(std::string actor);
    const std::string& actor() const;

    // Another Store on the same file, opened with this one's key, for another thread (the app keeps
    // one for the user's writes and one for sync, so that neither waits for the other's thread).
    // Takes the actor, clock and role from `options` like open(); no passphrase or PIN is asked
    // and no unlock attempt is counted.
    Result<std::unique_ptr<Store>> openSibling(StoreOptions options) const;

    // Record changes. `fields` is a JSON object of field name → value (strings are accepted for
    // every kind and parsed); unknown fields, bad values and missing required fields are
    // InvalidArgument errors naming the field. Each call is one transaction unless inside
    // transaction().
    Result<Record> createRecord(const std::string& type, const nlohmann::json& fields);
    Result<Record> updateRecord(const std::string& type, const std::string& id,
                                const nlohmann::json& changes);
    Result<Record> withdrawRecord(const std::string& type, const std::string& id,
                                  const std::string& reason);
    Result<Record> getRecord(const std::string& type, const std::string& id);
    Result<std::vector<Record>> listRecords(const std::string& type, const ListQuery& query = {});
    Result<int64_t> countRecords(const std::string& type, bool includeWithdrawn = true);
    // The records listRecords(type, query) would return without its limit and offset.
    Result<int64_t> countRecords(const std::string& type, const ListQuery& query);

    // Records something done with the data that is not a change to a record — e.g. an export of a
    // ledger with personal data — in the audit chain and the outbox, so that who saw what stays
    // traceable. `details` (JSON object) is hashed into the entry and sent with the outbox entry.
    Status recordEvent(const std::string& action, const std::string& subjectType,
                       const std::string& subjectId, const nlohmann::json& details);

    // Runs `body` in one transaction: all its changes commit together or not at all.
    Status transaction(const std::function<Status()>& body);
    // Runs `body` with every write in it made by `as.actor` at `as.atMs` (records' created/updated
    // by and at, audit entries, computed dates); the store's actor and clock are untouched.
    Status actingAs(const WriteAs& as, const std::function<Status()>& body);

    // For a program that keeps tables of its own in the store's file, so that one transaction()
    // covers its rows and the records (the central server's srv_* tables, with their own
    // migrations). Its tables carry a prefix of their own (the server's: srv_); the store's tables
    // are not part of this contract: records, the audit chain and attachments are read and written
    // through this class only. Write only inside transaction(); never BEGIN or COMMIT.
    sqlite::Database& companionDatabase();
    // The sequence number of the newest entry of the store's audit chain (0 when empty).
    Result<int64_t> auditHead();

    // Seals `bytes` into the vault and links it to a record. The plaintext never touches disk.
    Result<Attachment> attach(const std::string& recordType, const std::string& recordId,
                              const std::vector<uint8_t>& bytes, const std::string& mediaType,
                              const std::string& fileName);
    // The same for the file at `sourcePath`, read and sealed one chunk at a time: memory stays
    // bounded whatever the file's size. The vault holds no plaintext copy at any moment.
    Result<Attachment> attachFile(const std::string& recordType, const std::string& recordId,
                                  const std::string& sourcePath, const std::string& mediaType,
                                  const std::string& fileName = "");
    // Decrypts an attachment into memory; Corrupt if the sealed file or its hash does not match.
    Result<std::vector<uint8_t>> readAttachment(const std::string& attachmentId);
    // Decrypts an attachment one chunk at a time into `sink` (memory bounded by a chunk), then
    // checks the whole against the SHA-256 recorded at capture. Every chunk given to the sink is
    // authentic, but on an error (a later chunk damaged, the hash not matching) the caller must
    // discard what it received.
    Status exportAttachment(const std::string& attachmentId, const ChunkSink& sink);
    Result<std::vector<Attachment>> attachmentsOf(const std::string& recordType,
                                                  const std::string& recordId);
    std::string attachmentDirectory() const;

    Result<AuditReport> verifyAudit();
    Result<std::vector<AuditEntry>> auditEntries(int64_t fromSeq = 1, int64_t limit = -1);
    // One record's entries, in chain order (the server answers receipt checks with them).
    Result<std::vector<AuditEntry>> auditEntriesOf(const std::string& recordType, const std::string& recordId);
    Result<std::vector<OutboxEntry>> pendingOutbox(int64_t limit = -1);

    // The integrity check of the database and the vault: PRAGMA integrity_check and
    // foreign_key_check, the dashboard's counts, and (unless options.verifyVault is false) every
    // sealed file against its recorded SHA-256. Removes orphaned sealed files and leftovers of
    // killed writers. Corrupt when anything is wrong; `report`, when given, lists each bad sealed
    // file and what was removed.
    Status checkIntegrity(const IntegrityOptions& options = {}, IntegrityReport* report = nullptr);
    // Moves the WAL into the database file (used before backups and in tests).
    Status checkpoint();
    // Erases the store for good (a device the office revoked): closes it, overwrites its keyring —
    // the only copy of the wrapped database key — and removes the keyring, the database, its
    // journal files and the attachment vault. The object must not be used afterwards (destroy it).
    Status erase();

    // Internal: stores are made by create()/open(); Impl is private to core.
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    Impl& impl() { return *m_impl; }

private:
    // open() and openWithPin() once the database key is unwrapped.
    static Result<std::unique_ptr<Store>> openWithKey(const std::string& path, const Keyring& keyring, const SecretBytes& dbKey,
                                                      const std::string& cipherVersion, StoreOptions options);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace fieldcheck
