#include "fieldcheck/core/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "database.h"
#include "finding_counts.h"
#include "fieldcheck/core/file_io.h"
#include "fieldcheck/core/hlc.h"
#include "schema.h"
#include "store_impl.h"
#include "store_internal.h"
#include "domain_rules.h"
#include "values.h"

namespace fieldcheck {

using detail::Database;
using detail::Statement;
using detail::Transaction;

namespace {

const std::string kGenesisHash(64, '0');

std::string attachmentDirFor(const std::string& path) { return path + ".attachments"; }

constexpr const char* kSealedSuffix = ".fcatt";

bool isSealedName(const std::string& name) {
    return name.size() > 6 && name.ends_with(kSealedSuffix);
}

// Removes the temporary files that killed writers left beside the store: keyring copies (one may
// still open the store with a passphrase that has since been changed) and half-written sealed
// files. Files of live writers — other processes or threads on this store — are left alone.
Result<std::vector<std::string>> sweepLeftovers(const std::string& path) {
    const std::filesystem::path p(path);
    std::string dir = p.parent_path().string();
    if (dir.empty()) dir = ".";
    const std::string keyringName = std::filesystem::path(Keyring::pathForStore(path)).filename().string();
    FC_ASSIGN_OR_RETURN(std::vector<std::string> removed,
                        sweepStaleTemporaries(dir, [&](const std::string& name) { return isTemporaryNameOf(name, keyringName); }));
    FC_ASSIGN_OR_RETURN(std::vector<std::string> sealed,
                        sweepStaleTemporaries(attachmentDirFor(path), [](const std::string& name) {
                            return name.find(std::string(kSealedSuffix) + ".tmp-") != std::string::npos;
                        }));
    removed.insert(removed.end(), sealed.begin(), sealed.end());
    return removed;
}

// Audit actions of pages applied from the server; their entry hashes a manifest (sync_pages).
bool isSyncPageAction(const std::string& action) { return action == "sync-pull" || action == "sync-push"; }

// "type\tid\thash\n" lines → {type, id, hash}.
std::vector<std::array<std::string, 3>> splitManifest(const std::string& text) {
    std::vector<std::array<std::string, 3>> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        const size_t t1 = line.find('\t');
        const size_t t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
        if (t2 == std::string::npos) continue;
        out.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
    }
    return out;
}

Status applyCipherSettings(Database& db, const CipherSettings& c) {
    FC_TRY(db.exec("PRAGMA cipher_page_size = " + std::to_string(c.pageSize)));
    FC_TRY(db.exec(std::string("PRAGMA cipher_use_hmac = ") + (c.useHmac ? "ON" : "OFF")));
    FC_TRY(db.exec("PRAGMA kdf_iter = " + std::to_string(c.kdfIter)));
    FC_TRY(db.exec("PRAGMA fast_kdf_iter = " + std::to_string(c.fastKdfIter)));
    return {};
}

// Connection settings for every open: WAL for crash safety with concurrent readers, FULL sync so
// that an acknowledged record survives power loss, no temporary files on disk.
Status applyConnectionSettings(Database& db) {
    auto mode = db.queryText("PRAGMA journal_mode = WAL");
    if (!mode.ok()) return mode.error();
    if (mode.value() != "wal") return makeError(ErrorCode::IoError, "cannot switch the store to WAL mode");
    FC_TRY(db.exec("PRAGMA synchronous = FULL"));
    FC_TRY(db.exec("PRAGMA foreign_keys = ON"));
    FC_TRY(db.exec("PRAGMA temp_store = MEMORY"));
    // 64 MiB page cache (SQLite's default is 2 MB): indexes keyed by random ids touch pages all
    // over a large store, and with SQLCipher every cache miss costs a decryption and an HMAC check
    // (docs/benchmarks.md). The cache grows only as pages are used.
    FC_TRY(db.exec("PRAGMA cache_size = -65536"));
    return {};
}

detail::MigrationContext migrationContext(const StoreOptions& options) {
    detail::MigrationContext context;
    context.keepsSearchIndex = !options.serverReplica;  // as afterRecordWrite()
    return context;
}

}  // namespace

namespace detail {

std::string recordSelectColumns(const RecordTypeSpec& spec) {
    std::string cols = "id, version, created_ms, created_by, updated_ms, updated_by, withdrawn_ms, withdrawn_reason";
    for (const auto& f : spec.fields) cols += ", " + f.name;
    return cols;
}

Record readRecord(const RecordTypeSpec& spec, const Statement& st) {
    Record r;
    r.type = spec.name;
    r.id = st.text(0);
    r.version = st.int64(1);
    r.createdMs = st.int64(2);
    r.createdBy = st.text(3);
    r.updatedMs = st.int64(4);
    r.updatedBy = st.text(5);
    r.withdrawn = !st.isNull(6);
    r.withdrawnReason = st.isNull(7) ? std::string() : st.text(7);
    int col = 8;
    for (const auto& f : spec.fields) {
        r.fields[f.name] = detail::columnToJson(f, st, col++);
    }
    return r;
}

}  // namespace detail

using detail::readRecord;
using detail::recordSelectColumns;

// ---------------------------------------------------------------------------------------------

Status Store::Impl::loadMeta() {
    FC_TRY(detail::forEachRow(db, "SELECT key, value FROM store_meta", {}, [&](const Statement& st) {
        const std::string key = st.text(0);
        if (key == "store_id") storeId = st.text(1);
        if (key == "device_id") deviceId = st.text(1);
    }));
    if (storeId.empty() || deviceId.empty()) {
        return makeError(ErrorCode::NotAFieldCheckStore, "'" + path + "' has no FieldCheck identity");
    }
    auto v = db.queryInt("PRAGMA user_version");
    if (!v.ok()) return v.error();
    schemaVersion = static_cast<int>(v.value());
    if (schemaVersion >= 4) {
        FC_TRY(detail::forEachRow(db, "SELECT value FROM sync_state WHERE key = 'role'", {},
                                  [&](const Statement& st) { role = st.text(0); }));
    }
    return {};
}

Status Store::Impl::authorize(const permissions::Request& request) const {
    if (role.empty() || options.serverReplica) return {};
    permissions::Request r = request;
    r.role = role;
    return permissions::authorize(r);
}

Status Store::Impl::initialiseMeta(const std::string& newStoreId, const CipherSettings& cipher) {
    auto ins = db.prepare("INSERT INTO store_meta(key, value) VALUES (?, ?)");
    if (!ins.ok()) return ins.error();
    const std::pair<std::string, std::string> rows[] = {
        {"store_id", newStoreId},
        {"device_id", randomId()},
        {"created_ms", std::to_string(nowMs())},
        {"cipher", encrypted ? cipher.toJson().dump() : std::string("none (benchmark only)")},
    };
    for (const auto& [k, v] : rows) FC_TRY(ins->bind(1, k).bind(2, v).run());
    return {};
}

Result<Record> Store::Impl::fetch(const RecordTypeSpec& spec, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Statement * st, db.cached("SELECT " + recordSelectColumns(spec) + " FROM " + spec.table + " WHERE id = ?"));
    st->bind(1, id);
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) {
        st->reset();
        return makeError(ErrorCode::NotFound, "no " + spec.name + " with id '" + id + "'");
    }
    Record r = readRecord(spec, *st);
    st->reset();
    return r;
}

Result<int64_t> Store::Impl::appendAudit(const std::string& action, const std::string& recordType,
                                         const std::string& recordId, const std::string& fieldsHash) {
    AuditEntry e;
    e.deviceId = deviceId;
    e.actor = actor();
    e.atMs = nowMs();
    e.action = action;
    e.recordType = recordType;
    e.recordId = recordId;
    e.fieldsSha256 = fieldsHash;
    e.schemaVersion = detail::kCurrentSchemaVersion;
    {
        // Cached statements: every change of every record passes here.
        FC_ASSIGN_OR_RETURN(Statement * head, db.cached("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
        auto row = head->step();
        if (!row.ok()) return row.error();
        e.seq = row.value() ? head->int64(0) + 1 : 1;
        e.prevHash = row.value() ? head->text(1) : kGenesisHash;
        head->reset();
    }
    e.entryHash = e.computeHash();
    FC_ASSIGN_OR_RETURN(Statement * ins, db.cached(
        "INSERT INTO audit_log(seq, device_id, prev_hash, actor, at_ms, action, record_type, record_id, "
        "fields_sha256, entry_hash, schema_version) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    ins->bind(1, e.seq).bind(2, e.deviceId).bind(3, e.prevHash).bind(4, e.actor).bind(5, e.atMs);
    ins->bind(6, e.action).bind(7, e.recordType).bind(8, e.recordId).bind(9, e.fieldsSha256).bind(10, e.entryHash);
    ins->bind(11, static_cast<int64_t>(e.schemaVersion));
    FC_TRY(ins->run());
    return e.seq;
}

Result<std::string> Store::Impl::nextHlc() {
    // Once per change: the statements are cached, and the stamp is written with a single-row
    // UPDATE OR FAIL (INSERT only the first time) — INSERT OR REPLACE made SQLite keep a statement
    // journal for every record (sqlite.h, Transaction; docs/benchmarks.md, "The floor").
    FC_ASSIGN_OR_RETURN(Statement * st, db.cached("SELECT key, value FROM sync_state WHERE key IN ('hlc', 'clock_offset_ms')"));
    HlcStamp last;
    int64_t offsetMs = 0;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        if (st->text(0) == "hlc") {
            if (auto parsed = HlcStamp::parse(st->text(1))) last = *parsed;
        } else {
            offsetMs = std::strtoll(st->text(1).c_str(), nullptr, 10);
        }
    }
    // The server's time (learned at the last sync) corrects a device clock that is off.
    HybridClock clock(deviceId, last);
    st->reset();
    const std::string stamp = clock.tick(nowMs() + offsetMs).encode();
    FC_ASSIGN_OR_RETURN(Statement * put, db.cached("UPDATE OR FAIL sync_state SET value = ? WHERE key = 'hlc'"));
    FC_TRY(put->bind(1, stamp).run());
    if (db.changes() == 0) {
        FC_ASSIGN_OR_RETURN(Statement * first, db.cached("INSERT INTO sync_state(key, value) VALUES ('hlc', ?)"));
        FC_TRY(first->bind(1, stamp).run());
    }
    return stamp;
}

Status Store::Impl::appendAuditAndOutbox(const std::string& action, const std::string& recordType,
                                         const std::string& recordId, const std::string& fieldsHash,
                                         int64_t baseVersion, const nlohmann::json& payload) {
    FC_ASSIGN_OR_RETURN(int64_t auditSeq, appendAudit(action, recordType, recordId, fieldsHash));
    if (options.serverReplica) return {};

    // What the author saw of the server's copy: its record version and, per changed field, the
    // field's version (0: never synced). The server compares them to find conflicts.
    nlohmann::json bases = nlohmann::json::object();
    int64_t serverVersion = 0;
    {
        FC_ASSIGN_OR_RETURN(Statement * sel, db.cached("SELECT server_version, field_versions FROM sync_records WHERE record_type = ? AND record_id = ?"));
        sel->bind(1, recordType).bind(2, recordId);
        auto row = sel->step();
        if (!row.ok()) return row.error();
        nlohmann::json versions = nlohmann::json::object();
        if (row.value()) {
            serverVersion = sel->int64(0);
            versions = nlohmann::json::parse(sel->text(1), nullptr, false);
        }
        sel->reset();
        if (action == "update" && payload.is_object()) {
            for (auto it = payload.begin(); it != payload.end(); ++it) {
                int64_t v = 0;
                if (versions.is_object() && versions.contains(it.key())) {
                    const auto& fv = versions[it.key()];
                    v = fv.is_number_integer() ? fv.get<int64_t>() : fv.is_object() ? fv.value("v", int64_t{0}) : 0;
                }
                bases[it.key()] = v;
            }
        }
    }
    bases["_record"] = serverVersion;
    FC_ASSIGN_OR_RETURN(std::string hlc, nextHlc());

    FC_ASSIGN_OR_RETURN(Statement * out, db.cached(
        "INSERT INTO outbox(op_id, audit_seq, action, record_type, record_id, base_version, payload, "
        "created_ms, hlc, field_bases) VALUES (?,?,?,?,?,?,?,?,?,?)"));
    out->bind(1, timeOrderedId(nowMs())).bind(2, auditSeq).bind(3, action).bind(4, recordType).bind(5, recordId);
    out->bind(6, baseVersion).bind(7, payload.dump()).bind(8, nowMs());
    out->bind(9, hlc).bind(10, bases.dump());
    return out->run();
}

// ---------------------------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) { m_impl->self = this; }
Store::~Store() = default;

bool Store::exists(const std::string& path) {
    return fileExists(path) || fileExists(Keyring::pathForStore(path));
}

Result<std::string> Store::checkCipherLibrary() {
    FC_TRY(cryptoInit());
    auto db = Database::open(":memory:", true);
    if (!db.ok()) return db.error();
    auto v = db->queryText("PRAGMA cipher_version");
    if (!v.ok() || v.value().empty()) {
        return makeError(ErrorCode::Unsupported,
                         "the linked SQLite has no SQLCipher codec (PRAGMA cipher_version is empty); "
                         "refusing to store confidential data unencrypted");
    }
    return v.value();
}

namespace detail {

Result<std::unique_ptr<Store>> createStore(const std::string& path, const SecretBytes& passphrase,
                                           const KdfParams& kdf, StoreOptions options,
                                           const CreateSpec& spec) {
    std::string cipherVersion = "none";
    if (spec.encrypted) {
        auto v = Store::checkCipherLibrary();
        if (!v.ok()) return v.error();
        cipherVersion = v.value();
    } else {
        FC_TRY(cryptoInit());
    }
    const std::string keyringPath = Keyring::pathForStore(path);
    for (const std::string& p : {path, keyringPath, path + "-wal"}) {
        if (fileExists(p)) return makeError(ErrorCode::AlreadyExists, "'" + p + "' already exists; refusing to overwrite it");
    }
    if (spec.encrypted && passphrase.empty()) {
        return makeError(ErrorCode::InvalidArgument, "the passphrase is empty");
    }

    auto impl = std::make_unique<Store::Impl>();
    impl->path = path;
    impl->encrypted = spec.encrypted;
    impl->options = options;
    impl->cipherVersion = cipherVersion;
    const std::string storeId = randomId();
    CipherSettings cipher;
    cipher.createdWithVersion = cipherVersion;

    auto cleanup = [&]() {
        impl->db.close();
        for (const std::string& p : {path, keyringPath, path + "-wal", path + "-shm"}) ::unlink(p.c_str());
    };

    if (spec.encrypted) {
        SecretBytes dbKey = SecretBytes::random(kDatabaseKeySize);
        Keyring keyring = Keyring::createNew(storeId, cipher);
        FC_TRY(keyring.setPassphrase(dbKey, passphrase, kdf));
        FC_TRY(keyring.save(keyringPath));
        auto db = Database::open(path, true);
        if (!db.ok()) {
            cleanup();
            return db.error();
        }
        impl->db = std::move(db).value();
        ::chmod(path.c_str(), 0600);  // the -wal and -shm files inherit this mode
        Status st = impl->db.applyRawKey(dbKey);
        impl->dbKey = SecretBytes(dbKey.data(), dbKey.size());
        if (st.ok()) st = applyCipherSettings(impl->db, cipher);
        if (!st.ok()) {
            cleanup();
            return st.error();
        }
    } else {
        auto db = Database::open(path, true);
        if (!db.ok()) return db.error();
        impl->db = std::move(db).value();
    }

    const int target = spec.schemaVersion < 0 ? detail::kCurrentSchemaVersion : spec.schemaVersion;
    Status st = impl->db.exec("PRAGMA application_id = " + std::to_string(detail::kApplicationId));
    if (st.ok()) st = applyConnectionSettings(impl->db);
    if (st.ok()) st = detail::migrate(impl->db, target, migrationContext(options));
    if (st.ok()) st = impl->initialiseMeta(storeId, cipher);
    if (st.ok()) st = impl->loadMeta();
    if (st.ok()) st = ensureDirectory(attachmentDirFor(path));
    if (!st.ok()) {
        cleanup();
        return st.error();
    }
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<std::unique_ptr<Store>> openUnencryptedStore(const std::string& path, StoreOptions options) {
    FC_TRY(cryptoInit());
    auto db = Database::open(path, false);
    if (!db.ok()) return db.error();
    auto impl = std::make_unique<Store::Impl>();
    impl->path = path;
    impl->encrypted = false;
    impl->options = options;
    impl->cipherVersion = "none";
    impl->db = std::move(db).value();
    FC_TRY(applyConnectionSettings(impl->db));
    FC_TRY(detail::migrate(impl->db, detail::kCurrentSchemaVersion, migrationContext(impl->options)));
    FC_TRY(impl->loadMeta());
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

}  // namespace detail

Result<std::unique_ptr<Store>> Store::create(const std::string& path, const SecretBytes& passphrase,
                                             const KdfParams& kdf, StoreOptions options) {
    return detail::createStore(path, passphrase, kdf, options, {});
}

namespace {

// Unlock attempts on one store take turns, across threads and processes (flock on a lock file
// beside the keyring; released when closed): each attempt reads the failures the one before it
// wrote, so guessing in parallel can neither skip the growing delay nor lose a count.
class KeyringTurn {
public:
    static Result<KeyringTurn> take(const std::string& keyringPath) {
        const std::string lockPath = keyringPath + ".lock";
        const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return makeError(ErrorCode::IoError, "cannot open '" + lockPath + "': " + std::strerror(errno));
        while (::flock(fd, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            return makeError(ErrorCode::IoError, "cannot lock '" + lockPath + "': " + std::strerror(err));
        }
        return KeyringTurn(fd);
    }
    KeyringTurn(KeyringTurn&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    KeyringTurn(const KeyringTurn&) = delete;
    KeyringTurn& operator=(const KeyringTurn&) = delete;
    KeyringTurn& operator=(KeyringTurn&&) = delete;
    ~KeyringTurn() {
        if (m_fd >= 0) ::close(m_fd);
    }

private:
    explicit KeyringTurn(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

}  // namespace

namespace {

// The keyring beside the store at `path`, with the turn that keeps other processes from counting
// attempts at the same time.
struct KeyringAtHand {
    std::string path;
    KeyringTurn turn;
    Keyring keyring;
};

Result<KeyringAtHand> keyringOf(const std::string& path) {
    const std::string keyringPath = Keyring::pathForStore(path);
    if (!fileExists(path)) return makeError(ErrorCode::NotFound, "no store at '" + path + "'");
    if (!fileExists(keyringPath)) {
        return makeError(ErrorCode::NotAFieldCheckStore,
                         "'" + path + "' has no keyring beside it ('" + keyringPath +
                             "'): it is not a FieldCheck store, or its keyring was lost");
    }
    FC_ASSIGN_OR_RETURN(KeyringTurn turn, KeyringTurn::take(keyringPath));
    FC_ASSIGN_OR_RETURN(Keyring keyring, Keyring::load(keyringPath));
    return KeyringAtHand{keyringPath, std::move(turn), std::move(keyring)};
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const SecretBytes& passphrase,
                                           StoreOptions options) {
    FC_ASSIGN_OR_RETURN(std::string cipherVersion, checkCipherLibrary());
    FC_ASSIGN_OR_RETURN(KeyringAtHand k, keyringOf(path));
    auto dbKey = k.keyring.unlockWithPassphrase(k.path, passphrase, *options.clock, options.unlockPolicy);
    if (!dbKey.ok()) return dbKey.error();
    { KeyringTurn done = std::move(k.turn); }  // the keyring is read and its count written: the next may try
    return openWithKey(path, k.keyring, dbKey.value(), cipherVersion, std::move(options));
}

Result<std::unique_ptr<Store>> Store::openWithPin(const std::string& path, const SecretBytes& pin, const SecretBytes& deviceSecret,
                                                  StoreOptions options) {
    FC_ASSIGN_OR_RETURN(std::string cipherVersion, checkCipherLibrary());
    FC_ASSIGN_OR_RETURN(KeyringAtHand k, keyringOf(path));
    auto dbKey = k.keyring.unlockWithPin(k.path, pin, deviceSecret, *options.clock, options.unlockPolicy);
    if (!dbKey.ok()) return dbKey.error();
    { KeyringTurn done = std::move(k.turn); }
    return openWithKey(path, k.keyring, dbKey.value(), cipherVersion, std::move(options));
}

Status Store::setPin(const std::string& path, const SecretBytes& passphrase, const SecretBytes& pin, const SecretBytes& deviceSecret,
                     const KdfParams& kdf, StoreOptions options) {
    FC_TRY(cryptoInit());
    FC_ASSIGN_OR_RETURN(KeyringAtHand k, keyringOf(path));  // the turn is held until the new keyring is saved
    FC_ASSIGN_OR_RETURN(SecretBytes dbKey, k.keyring.unlockWithPassphrase(k.path, passphrase, *options.clock, options.unlockPolicy));
    FC_TRY(k.keyring.setPin(dbKey, pin, deviceSecret, kdf));
    return k.keyring.save(k.path);
}

Status Store::removePin(const std::string& path) {
    FC_ASSIGN_OR_RETURN(KeyringAtHand k, keyringOf(path));
    if (!k.keyring.hasPin()) return {};
    k.keyring.removePin();
    FC_TRY(k.keyring.save(k.path));
    // A copy of the keyring left by an earlier killed write may still hold the PIN wrapping.
    auto swept = sweepLeftovers(path);
    if (!swept.ok()) return swept.error();
    return {};
}

Result<bool> Store::hasPin(const std::string& path) {
    FC_ASSIGN_OR_RETURN(KeyringAtHand k, keyringOf(path));
    return k.keyring.hasPin();
}

Result<std::unique_ptr<Store>> Store::openWithKey(const std::string& path, const Keyring& keyring, const SecretBytes& dbKey,
                                                  const std::string& cipherVersion, StoreOptions options) {
    auto db = Database::open(path, false);
    if (!db.ok()) return db.error();
    auto impl = std::make_unique<Store::Impl>();
    impl->path = path;
    impl->options = options;
    impl->cipherVersion = cipherVersion;
    impl->db = std::move(db).value();
    FC_TRY(impl->db.applyRawKey(dbKey));
    impl->dbKey = SecretBytes(dbKey.data(), dbKey.size());
    FC_TRY(applyCipherSettings(impl->db, keyring.cipher()));
    // The first read authenticates page 1: a wrong key, a foreign file or a tampered header fail here.
    auto tables = impl->db.queryInt("SELECT count(*) FROM sqlite_master");
    if (!tables.ok()) return tables.error();
    auto appId = impl->db.queryInt("PRAGMA application_id");
    if (!appId.ok()) return appId.error();
    if (appId.value() != detail::kApplicationId) {
        return makeError(ErrorCode::NotAFieldCheckStore, "'" + path + "' is a SQLCipher database but not a FieldCheck store");
    }
    FC_TRY(applyConnectionSettings(impl->db));
    FC_TRY(detail::migrate(impl->db, detail::kCurrentSchemaVersion, migrationContext(impl->options)));
    FC_TRY(impl->loadMeta());
    if (impl->storeId != keyring.storeId()) {
        return makeError(ErrorCode::NotAFieldCheckStore,
                         "the keyring beside '" + path + "' belongs to another store");
    }
    FC_TRY(ensureDirectory(attachmentDirFor(path)));
    FC_ASSIGN_OR_RETURN(impl->leftoversRemoved, sweepLeftovers(path));
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<std::unique_ptr<Store>> Store::openSibling(StoreOptions options) const {
    FC_ASSIGN_OR_RETURN(Keyring keyring, Keyring::load(Keyring::pathForStore(m_impl->path)));
    if (keyring.storeId() != m_impl->storeId) {
        return makeError(ErrorCode::NotAFieldCheckStore,
                         "the keyring beside '" + m_impl->path + "' now belongs to another store");
    }
    return openWithKey(m_impl->path, keyring, m_impl->dbKey, m_impl->cipherVersion, std::move(options));
}

Status Store::changePassphrase(const std::string& path, const SecretBytes& oldPassphrase,
                               const SecretBytes& newPassphrase, const KdfParams& kdf,
                               StoreOptions options) {
    FC_TRY(cryptoInit());
    if (newPassphrase.empty()) return makeError(ErrorCode::InvalidArgument, "the new passphrase is empty");
    const std::string keyringPath = Keyring::pathForStore(path);
    FC_ASSIGN_OR_RETURN(KeyringTurn turn, KeyringTurn::take(keyringPath));  // held until the new keyring is saved
    auto keyring = Keyring::load(keyringPath);
    if (!keyring.ok()) return keyring.error();
    auto dbKey = keyring->unlockWithPassphrase(keyringPath, oldPassphrase, *options.clock, options.unlockPolicy);
    if (!dbKey.ok()) return dbKey.error();
    FC_TRY(keyring->setPassphrase(dbKey.value(), newPassphrase, kdf));
    FC_TRY(keyring->save(keyringPath));
    // A copy of the keyring left by an earlier killed write still holds the old wrapping.
    auto swept = sweepLeftovers(path);
    if (!swept.ok()) return swept.error();
    return {};
}

const std::string& Store::path() const { return m_impl->path; }
const std::string& Store::storeId() const { return m_impl->storeId; }
const std::string& Store::deviceId() const { return m_impl->deviceId; }
int Store::schemaVersion() const { return m_impl->schemaVersion; }
std::string Store::cipherVersion() const { return m_impl->cipherVersion; }
void Store::setActor(std::string actor) { m_impl->options.actor = std::move(actor); }
const std::string& Store::actor() const { return m_impl->actor(); }
std::string Store::attachmentDirectory() const { return attachmentDirFor(m_impl->path); }

Status Store::recordEvent(const std::string& action, const std::string& subjectType,
                          const std::string& subjectId, const nlohmann::json& details) {
    if (action.empty() || subjectType.empty()) return makeError(ErrorCode::InvalidArgument, "an event needs an action and a subject");
    if (findRecordType(subjectType) != nullptr) {
        return makeError(ErrorCode::InvalidArgument, "'" + subjectType + "' is a record type: change records through the store");
    }
    Transaction tx(m_impl->db, m_impl->tx);
    FC_TRY(tx.begin());
    FC_TRY(m_impl->appendAuditAndOutbox(action, subjectType, subjectId, sha256Hex(details.dump()), 0, details));
    return tx.commit();
}

sqlite::Database& Store::companionDatabase() { return m_impl->db; }

Result<int64_t> Store::auditHead() { return m_impl->db.queryInt("SELECT coalesce(max(seq), 0) FROM audit_log"); }

Status Store::actingAs(const WriteAs& as, const std::function<Status()>& body) {
    const WriteAs* outer = m_impl->acting;
    m_impl->acting = &as;
    struct Restore {
        Store::Impl& impl;
        const WriteAs* outer;
        ~Restore() { impl.acting = outer; }
    } restore{*m_impl, outer};
    return body();
}

Status Store::transaction(const std::function<Status()>& body) {
    Transaction tx(m_impl->db, m_impl->tx);
    FC_TRY(tx.begin());
    FC_TRY(body());
    return tx.commit();
}

using record_rules::requireType;

// The store's role check for the rules (Store::Impl::authorize).
static record_rules::Gate gateOf(const Store::Impl& impl) {
    return [&impl](const permissions::Request& request) { return impl.authorize(request); };
}

Result<Record> Store::createRecord(const std::string& type, const nlohmann::json& fields) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(type));
    return m_impl->createWithId(*spec, timeOrderedId(m_impl->nowMs()), fields);
}

Result<Record> Store::Impl::createWithId(const RecordTypeSpec& spec, const std::string& id, const nlohmann::json& fields) {
    Transaction txn(db, tx);
    FC_TRY(txn.begin());
    detail::StoreLookup lookup(*this);
    FC_ASSIGN_OR_RETURN(Record r, record_rules::prepareCreate(spec, id, fields, {actor(), nowMs()}, lookup, gateOf(*this)));

    std::string cols = "id, version, created_ms, created_by, updated_ms, updated_by";
    std::string marks = "?,?,?,?,?,?";
    for (const auto& f : spec.fields) {
        cols += ", " + f.name;
        marks += ",?";
    }
    FC_ASSIGN_OR_RETURN(Statement * ins, db.cached("INSERT INTO " + spec.table + "(" + cols + ") VALUES (" + marks + ")"));
    ins->bind(1, r.id).bind(2, r.version).bind(3, r.createdMs).bind(4, r.createdBy);
    ins->bind(5, r.updatedMs).bind(6, r.updatedBy);
    int i = 7;
    for (const auto& f : spec.fields) detail::bindField(*ins, i++, f, r.fields[f.name]);
    Status st = ins->run();
    if (!st.ok()) return makeError(st.error().code, "cannot record " + spec.name + ": " + st.error().message);
    FC_TRY(detail::finding_counts::move(db, std::nullopt, detail::finding_counts::keyOf(r)));

    FC_TRY(appendAuditAndOutbox("create", spec.name, r.id, detail::recordHash(r, detail::kCurrentSchemaVersion), 0, r.fields));
    FC_TRY(detail::afterRecordWrite(*this, spec, nullptr, r));
    FC_TRY(txn.commit());
    return r;
}

Result<Record> Store::updateRecord(const std::string& type, const std::string& id,
                                   const nlohmann::json& changes) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(type));
    Transaction tx(m_impl->db, m_impl->tx);
    FC_TRY(tx.begin());
    FC_ASSIGN_OR_RETURN(Record before, m_impl->fetch(*spec, id));
    detail::StoreLookup lookup(*m_impl);
    FC_ASSIGN_OR_RETURN(record_rules::Edit edit, record_rules::prepareUpdate(*spec, before, changes, {m_impl->actor(), m_impl->nowMs()},
                                                                             lookup, gateOf(*m_impl)));
    if (edit.changed.empty()) {
        FC_TRY(tx.commit());
        return before;  // nothing changed: no new version, no audit entry
    }
    const Record& r = edit.after;
    std::string sets = "version = ?, updated_ms = ?, updated_by = ?";
    for (auto it = edit.changed.begin(); it != edit.changed.end(); ++it) sets += ", " + it.key() + " = ?";
    FC_ASSIGN_OR_RETURN(Statement * upd, m_impl->db.cached("UPDATE OR FAIL " + spec->table + " SET " + sets + " WHERE id = ?"));
    upd->bind(1, r.version).bind(2, r.updatedMs).bind(3, r.updatedBy);
    int i = 4;
    for (auto it = edit.changed.begin(); it != edit.changed.end(); ++it) {
        detail::bindField(*upd, i++, *spec->field(it.key()), it.value());
    }
    upd->bind(i, id);
    Status st = upd->run();
    if (!st.ok()) return makeError(st.error().code, "cannot update " + spec->name + ": " + st.error().message);
    FC_TRY(detail::finding_counts::move(m_impl->db, detail::finding_counts::keyOf(before), detail::finding_counts::keyOf(r)));
    FC_TRY(m_impl->appendAuditAndOutbox("update", spec->name, id, detail::recordHash(r, detail::kCurrentSchemaVersion), before.version, edit.changed));
    FC_TRY(detail::afterRecordWrite(*m_impl, *spec, &before, r));
    FC_TRY(tx.commit());
    return r;
}

Result<Record> Store::withdrawRecord(const std::string& type, const std::string& id,
                                     const std::string& reason) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(type));
    Transaction tx(m_impl->db, m_impl->tx);
    FC_TRY(tx.begin());
    FC_ASSIGN_OR_RETURN(Record before, m_impl->fetch(*spec, id));
    FC_ASSIGN_OR_RETURN(Record r, record_rules::prepareWithdraw(*spec, before, reason, {m_impl->actor(), m_impl->nowMs()}, gateOf(*m_impl)));
    auto upd = m_impl->db.prepare("UPDATE OR FAIL " + spec->table +
                                  " SET version = ?, updated_ms = ?, updated_by = ?, withdrawn_ms = ?, "
                                  "withdrawn_reason = ? WHERE id = ?");
    if (!upd.ok()) return upd.error();
    upd->bind(1, r.version).bind(2, r.updatedMs).bind(3, r.updatedBy).bind(4, r.updatedMs);
    upd->bind(5, reason).bind(6, id);
    FC_TRY(upd->run());
    FC_TRY(detail::finding_counts::move(m_impl->db, detail::finding_counts::keyOf(before), detail::finding_counts::keyOf(r)));
    FC_TRY(m_impl->appendAuditAndOutbox("withdraw", spec->name, id, detail::recordHash(r, detail::kCurrentSchemaVersion), before.version,
                                        {{"reason", reason}}));
    FC_TRY(detail::afterRecordWrite(*m_impl, *spec, &before, r));
    FC_TRY(tx.commit());
    return r;
}

Result<Record> Store::getRecord(const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(type));
    return m_impl->fetch(*spec, id);
}

namespace {

// The WHERE clause of a ListQuery (after "WHERE 1") and the binder of its values.
struct ListFilter {
    std::string where;
    nlohmann::json normalized;
};

Result<ListFilter> listFilter(const RecordTypeSpec& spec, const ListQuery& query) {
    nlohmann::json filter = nlohmann::json::object();
    for (const auto& [k, v] : query.equals) filter[k] = v;
    ListFilter out;
    FC_ASSIGN_OR_RETURN(out.normalized, detail::normalizeFields(spec, filter, false));
    for (auto it = out.normalized.begin(); it != out.normalized.end(); ++it) {
        out.where += it->is_null() ? " AND " + it.key() + " IS NULL" : " AND " + it.key() + " = ?";
    }
    if (!query.includeWithdrawn) out.where += " AND withdrawn_ms IS NULL";
    return out;
}

// Binds the filter's values from parameter 1; returns the next parameter's number.
int bindFilter(Statement& st, const RecordTypeSpec& spec, const ListFilter& filter) {
    int i = 1;
    for (auto it = filter.normalized.begin(); it != filter.normalized.end(); ++it) {
        if (!it->is_null()) detail::bindField(st, i++, *spec.field(it.key()), it.value());
    }
    return i;
}

}  // namespace

Result<std::vector<Record>> Store::listRecords(const std::string& type, const ListQuery& query) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(type));
    FC_ASSIGN_OR_RETURN(ListFilter filter, listFilter(*spec, query));
    const char* dir = query.descending ? " DESC" : "";
    std::string order;
    if (query.orderBy.empty()) {
        // rowid follows insertion on this device: records made in one millisecond keep their order
        // (ids are random), so paging with --offset is stable.
        order = std::string("created_ms") + dir + ", rowid" + dir;
    } else {
        if (spec->field(query.orderBy) == nullptr) {
            return makeError(ErrorCode::InvalidArgument, spec->name + " has no field '" + query.orderBy + "' to order by");
        }
        // Ties by rowid alone, so that an index on the field gives the whole order (no sort).
        order = query.orderBy + dir + ", rowid" + dir;
    }
    const std::string sql = "SELECT " + recordSelectColumns(*spec) + " FROM " + spec->table + " WHERE 1" + filter.where +
                            " ORDER BY " + order + " LIMIT ? OFFSET ?";
    auto st = m_impl->db.prepare(sql);
    if (!st.ok()) return st.error();
    const int i = bindFilter(st.value(), *spec, filter);
    st->bind(i, query.limit);
    st->bind(i + 1, query.offset);
    std::vector<Record> out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        out.push_back(readRecord(*spec, st.value()));
    }
    return out;
}

Result<int64_t> Store::countRecords(const std::string& type, bool includeWithdrawn) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(type));
    return m_impl->db.queryInt("SELECT count(*) FROM " + spec->table +
                               (includeWithdrawn ? "" : " WHERE withdrawn_ms IS NULL"));
}

Result<int64_t> Store::countRecords(const std::string& type, const ListQuery& query) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(type));
    FC_ASSIGN_OR_RETURN(ListFilter filter, listFilter(*spec, query));
    auto st = m_impl->db.prepare("SELECT count(*) FROM " + spec->table + " WHERE 1" + filter.where);
    if (!st.ok()) return st.error();
    bindFilter(st.value(), *spec, filter);
    auto row = st->step();
    if (!row.ok()) return row.error();
    return st->int64(0);
}

// --- attachments -----------------------------------------------------------------------------

using detail::kAttachmentColumns;
using detail::readAttachmentRow;

Attachment detail::readAttachmentRow(const Statement& st) {
    Attachment a;
    a.id = st.text(0);
    a.recordType = st.text(1);
    a.recordId = st.text(2);
    a.mediaType = st.text(3);
    a.fileName = st.text(4);
    a.sizeBytes = st.int64(5);
    a.sha256 = st.text(6);
    a.capturedMs = st.int64(7);
    a.capturedBy = st.text(8);
    return a;
}

// What an attach audit entry hashes: the attachment's metadata — which record it is evidence for,
// and the SHA-256 of its bytes — so that a row moved to another record, edited or inserted with the
// key shows in verifyAudit() the way a record does.
static std::string attachmentHash(const Attachment& a) { return sha256Hex(a.toJson().dump()); }

namespace {

// Fills `buf` from `read` until it is full or the content ends; how many bytes it holds.
Result<size_t> readChunk(const Store::Impl::ContentReader& read, std::vector<uint8_t>& buf) {
    size_t have = 0;
    while (have < buf.size()) {
        FC_ASSIGN_OR_RETURN(size_t got, read(buf.data() + have, buf.size() - have));
        if (got == 0) break;
        have += got;
    }
    return have;
}

}  // namespace

Result<Attachment> Store::attach(const std::string& recordType, const std::string& recordId,
                                 const std::vector<uint8_t>& bytes, const std::string& mediaType,
                                 const std::string& fileName) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(recordType));
    size_t offset = 0;
    return m_impl->attachFrom(*spec, recordId, [&](uint8_t* into, size_t cap) -> Result<size_t> {
        const size_t n = std::min(cap, bytes.size() - offset);
        if (n > 0) std::memcpy(into, bytes.data() + offset, n);  // an empty vector's data() may be null
        offset += n;
        return n;
    }, mediaType, fileName.empty() ? "" : std::filesystem::path(fileName).filename().string());
}

Result<Attachment> Store::attachFile(const std::string& recordType, const std::string& recordId,
                                     const std::string& sourcePath, const std::string& mediaType,
                                     const std::string& fileName) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, requireType(recordType));
    const int fd = ::open(sourcePath.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return makeError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::IoError,
                         "cannot read '" + sourcePath + "': " + std::strerror(errno));
    }
    auto result = m_impl->attachFrom(*spec, recordId, [&](uint8_t* into, size_t cap) -> Result<size_t> {
        for (;;) {
            const ssize_t n = ::read(fd, into, cap);
            if (n >= 0) return static_cast<size_t>(n);
            if (errno != EINTR) return makeError(ErrorCode::IoError, "cannot read '" + sourcePath + "': " + std::strerror(errno));
        }
    }, mediaType, std::filesystem::path(fileName.empty() ? sourcePath : fileName).filename().string());
    ::close(fd);
    return result;
}

// Seals what `read` gives into `staged` (secretstream under `key`, `ad` bound to the first chunk),
// one chunk at a time, and fsyncs it; the SHA-256 and size of the plain bytes.
Result<Store::Impl::SealedContent> Store::Impl::sealInto(StagedFile& staged, const SecretBytes& key, const std::string& ad,
                                                         const ContentReader& read) {
    SealedContent out;
    // One chunk read ahead: the sealer must know which chunk is the last.
    StreamSealer sealer(key, ad);
    FC_TRY(staged.write(sealer.header().data(), sealer.header().size()));
    Sha256 sha;
    std::vector<uint8_t> current(kStreamChunkSize), next(kStreamChunkSize), sealed;
    Status st = [&]() -> Status {
        FC_ASSIGN_OR_RETURN(size_t currentSize, readChunk(read, current));
        for (;;) {
            size_t nextSize = 0;
            if (currentSize == current.size()) {
                FC_ASSIGN_OR_RETURN(nextSize, readChunk(read, next));
            }
            const bool last = nextSize == 0;
            sha.update(current.data(), currentSize);
            out.sizeBytes += static_cast<int64_t>(currentSize);
            sealer.push(current.data(), currentSize, last, sealed);
            FC_TRY(staged.write(sealed.data(), sealed.size()));
            if (last) return {};
            std::swap(current, next);
            currentSize = nextSize;
        }
    }();
    std::fill(current.begin(), current.end(), 0);
    std::fill(next.begin(), next.end(), 0);
    FC_TRY(st);
    out.sha256 = sha.finalHex();
    FC_TRY(staged.sync());
    return out;
}

Result<Attachment> Store::Impl::attachFrom(const RecordTypeSpec& spec, const std::string& recordId, const ContentReader& read,
                                           const std::string& mediaType, const std::string& fileName) {
    if (mediaType.empty()) return makeError(ErrorCode::InvalidArgument, "attachment media type is empty");
    // The record takes attachments: it exists, is not withdrawn, and the role may attach to it.
    auto attachable = [&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record owner, fetch(spec, recordId));
        if (owner.withdrawn) return makeError(ErrorCode::IllegalTransition, spec.name + " '" + recordId + "' was withdrawn");
        return authorize({{}, spec.name, permissions::Request::Kind::Attach, &owner, nlohmann::json::object()});
    };
    // Checked before a large file is sealed for nothing, and again under the write lock below.
    FC_TRY(attachable());
    Attachment a;
    a.id = randomId();
    a.recordType = spec.name;
    a.recordId = recordId;
    a.mediaType = mediaType;
    a.fileName = fileName.empty() ? a.id : fileName;
    a.capturedBy = actor();

    // The write order that keeps acknowledged evidence and lets housekeeping run beside it:
    // 1. seal into a locked temporary file and fsync it — the slow part, before the write lock, so
    //    a sync on another connection is not held up by a large photo;
    // 2. under the write lock: insert the row (with the file's key) and its audit and outbox
    //    entries, rename the file into place, commit.
    // The orphan sweep of checkIntegrity() also holds the write lock, so it sees either no file or
    // a committed row. A writer killed before the rename leaves a temporary file (swept once its
    // lock died with it); killed between rename and commit, a sealed file whose key was never
    // stored (an orphan, unreadable, swept). If the commit fails, the file is removed.
    SecretBytes fileKey = SecretBytes::random(kStreamKeySize);
    const std::string storageName = a.id + kSealedSuffix;
    const std::string filePath = attachmentDirFor(path) + "/" + storageName;
    FC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::create(filePath));
    FC_ASSIGN_OR_RETURN(SealedContent content, sealInto(staged, fileKey, a.id, read));
    a.sizeBytes = content.sizeBytes;
    a.sha256 = content.sha256;

    Transaction txn(db, tx);
    FC_TRY(txn.begin());
    // Again under the write lock: the record may have been withdrawn while the file was sealed.
    FC_TRY(attachable());
    a.capturedMs = nowMs();
    FC_ASSIGN_OR_RETURN(Statement * ins, db.cached(
        "INSERT INTO attachments(id, record_type, record_id, media_type, file_name, size_bytes, sha256, "
        "captured_ms, captured_by, file_key, storage_name) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    ins->bind(1, a.id).bind(2, a.recordType).bind(3, a.recordId).bind(4, a.mediaType).bind(5, a.fileName);
    ins->bind(6, a.sizeBytes).bind(7, a.sha256).bind(8, a.capturedMs).bind(9, a.capturedBy);
    ins->bindBlob(10, fileKey.data(), fileKey.size()).bind(11, storageName);
    FC_TRY(ins->run());
    const nlohmann::json meta = a.toJson();
    FC_TRY(appendAuditAndOutbox("attach", "attachment", a.id, attachmentHash(a), 0, meta));
    FC_TRY(staged.commit());
    Status committed = txn.commit();
    if (!committed.ok()) {
        ::unlink(filePath.c_str());
        return committed.error();
    }
    return a;
}

Status Store::Impl::storeReceived(const Attachment& meta, const ContentReader& read) {
    SecretBytes fileKey = SecretBytes::random(kStreamKeySize);
    const std::string storageName = meta.id + kSealedSuffix;
    const std::string filePath = attachmentDirFor(path) + "/" + storageName;
    FC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::create(filePath));
    FC_ASSIGN_OR_RETURN(SealedContent content, sealInto(staged, fileKey, meta.id, read));
    if (content.sha256 != meta.sha256 || content.sizeBytes != meta.sizeBytes) {
        return makeError(ErrorCode::Corrupt, "the bytes received for attachment '" + meta.id + "' (" + meta.fileName +
                                                 ") do not match its SHA-256 and size; nothing was kept");
    }
    // The same order as attach(): the row and the rename under the write lock (the orphan sweep).
    Transaction txn(db, tx);
    FC_TRY(txn.begin());
    FC_ASSIGN_OR_RETURN(Statement * upd, db.cached(
        "UPDATE OR FAIL remote_attachments SET file_key = ?, storage_name = ?, downloaded_ms = ? WHERE id = ? AND storage_name IS NULL"));
    upd->bindBlob(1, fileKey.data(), fileKey.size()).bind(2, storageName).bind(3, nowMs()).bind(4, meta.id);
    FC_TRY(upd->run());
    if (db.changes() == 0) return makeError(ErrorCode::NotFound, "attachment '" + meta.id + "' is no longer waiting to be downloaded");
    FC_TRY(staged.commit());
    Status committed = txn.commit();
    if (!committed.ok()) {
        ::unlink(filePath.c_str());
        return committed.error();
    }
    return {};
}

Status Store::erase() {
    m_impl->db.close();
    const std::string keyringPath = Keyring::pathForStore(m_impl->path);
    Status first;
    auto note = [&](const std::string& what, const std::string& p) {
        if (first.ok()) first = makeError(ErrorCode::IoError, "cannot " + what + " " + p + ": " + std::strerror(errno));
    };
    // The wrapped key first: without it the database and the vault are ciphertext nobody can open.
    const int fd = ::open(keyringPath.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        struct stat st {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            std::vector<uint8_t> zeros(static_cast<size_t>(st.st_size), 0);
            if (::pwrite(fd, zeros.data(), zeros.size(), 0) != static_cast<ssize_t>(zeros.size()) || ::fsync(fd) != 0) note("overwrite", keyringPath);
        }
        ::close(fd);
    }
    for (const std::string& p : {keyringPath, m_impl->path, m_impl->path + "-wal", m_impl->path + "-shm"}) {
        if (::unlink(p.c_str()) != 0 && errno != ENOENT) note("remove", p);
    }
    std::error_code ec;
    std::filesystem::remove_all(attachmentDirFor(m_impl->path), ec);
    if (ec && first.ok()) first = makeError(ErrorCode::IoError, "cannot remove the attachment vault: " + ec.message());
    (void)syncParentDirectory(m_impl->path);
    return first;
}

Result<Store::Impl::SealedFile> Store::Impl::sealedFile(const std::string& attachmentId) {
    // Taken here, or received from another device and downloaded (schema 7).
    FC_ASSIGN_OR_RETURN(Statement * st, db.cached(std::string("SELECT ") + kAttachmentColumns +
                                                  ", file_key, storage_name FROM attachments WHERE id = ? UNION ALL SELECT " +
                                                  kAttachmentColumns + ", file_key, storage_name FROM remote_attachments "
                                                  "WHERE id = ? AND storage_name IS NOT NULL"));
    st->bind(1, attachmentId).bind(2, attachmentId);
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) {
        st->reset();
        return makeError(ErrorCode::NotFound, "no attachment with id '" + attachmentId + "' on this device");
    }
    SealedFile f;
    f.attachment = readAttachmentRow(*st);
    std::vector<uint8_t> keyBytes = st->blob(9);
    f.key = SecretBytes(keyBytes.data(), keyBytes.size());
    std::fill(keyBytes.begin(), keyBytes.end(), 0);
    f.storageName = st->text(10);
    st->reset();
    return f;
}

Status Store::exportAttachment(const std::string& attachmentId, const ChunkSink& sink) {
    FC_ASSIGN_OR_RETURN(Impl::SealedFile file, m_impl->sealedFile(attachmentId));
    const Attachment& a = file.attachment;
    const std::string what = "attachment '" + a.fileName + "' (" + a.id + ")";
    std::optional<Error> sinkFailed;
    auto digest = streamOpenFile(file.key, attachmentDirectory() + "/" + file.storageName, a.id,
                                 [&](const uint8_t* data, size_t size) -> Status {
                                     Status st = sink(data, size);
                                     if (!st.ok()) sinkFailed = st.error();
                                     return st;
                                 });
    if (sinkFailed) return *sinkFailed;
    if (!digest.ok()) {
        // A missing sealed file is damage to the vault, like a chunk that fails authentication.
        const ErrorCode code = digest.error().code == ErrorCode::NotFound ? ErrorCode::Corrupt : digest.error().code;
        return makeError(code, what + ": " + digest.error().message);
    }
    if (digest->sha256 != a.sha256 || digest->plainBytes != a.sizeBytes) {
        return makeError(ErrorCode::Corrupt, what + " does not match the SHA-256 recorded at capture");
    }
    return {};
}

Result<std::vector<uint8_t>> Store::readAttachment(const std::string& attachmentId) {
    std::vector<uint8_t> plain;
    Status st = exportAttachment(attachmentId, [&](const uint8_t* data, size_t size) -> Status {
        plain.insert(plain.end(), data, data + size);
        return {};
    });
    if (!st.ok()) {
        std::fill(plain.begin(), plain.end(), 0);
        return st.error();
    }
    return plain;
}

Result<std::vector<Attachment>> Store::attachmentsOf(const std::string& recordType, const std::string& recordId) {
    std::vector<Attachment> out;
    FC_TRY(detail::forEachRow(m_impl->db,
                              std::string("SELECT ") + kAttachmentColumns +
                                  " FROM attachments WHERE record_type = ? AND record_id = ? ORDER BY captured_ms, id",
                              {recordType, recordId},
                              [&](const Statement& st) { out.push_back(readAttachmentRow(st)); }));
    return out;
}

// --- audit -----------------------------------------------------------------------------------

static AuditEntry readAuditRow(const Statement& st) {
    AuditEntry e;
    e.seq = st.int64(0);
    e.deviceId = st.text(1);
    e.prevHash = st.text(2);
    e.actor = st.text(3);
    e.atMs = st.int64(4);
    e.action = st.text(5);
    e.recordType = st.text(6);
    e.recordId = st.text(7);
    e.fieldsSha256 = st.text(8);
    e.entryHash = st.text(9);
    e.schemaVersion = st.isNull(10) ? 2 : static_cast<int>(st.int64(10));
    return e;
}

static constexpr const char* kAuditColumns =
    "seq, device_id, prev_hash, actor, at_ms, action, record_type, record_id, fields_sha256, entry_hash, schema_version";

Result<std::vector<AuditEntry>> Store::auditEntries(int64_t fromSeq, int64_t limit) {
    auto st = m_impl->db.prepare(std::string("SELECT ") + kAuditColumns +
                                 " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?");
    if (!st.ok()) return st.error();
    st->bind(1, fromSeq).bind(2, limit);
    std::vector<AuditEntry> out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        out.push_back(readAuditRow(st.value()));
    }
    return out;
}

Result<std::vector<AuditEntry>> Store::auditEntriesOf(const std::string& recordType, const std::string& recordId) {
    std::vector<AuditEntry> out;
    FC_TRY(detail::forEachRow(m_impl->db, std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE record_type = ? AND record_id = ? ORDER BY seq",
                              {recordType, recordId}, [&](const Statement& row) { out.push_back(readAuditRow(row)); }));
    return out;
}

Result<AuditReport> Store::verifyAudit() {
    AuditReport report;
    // Both passes read one snapshot: a change committed by another connection between them would
    // otherwise look like a record with no audit entry.
    detail::ReadSnapshot snapshot(m_impl->db, m_impl->tx);
    FC_TRY(snapshot.begin());
    // 1. The chain itself: consecutive sequence numbers from 1, each linked to the previous hash,
    //    each hash recomputed from its content. Read in rowid order *and* compared with seq, so a
    //    reordering (swapped seq values) shows as a gap or a broken link.
    auto st = m_impl->db.prepare(std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq");
    if (!st.ok()) return st.error();
    int64_t expectedSeq = 1;
    std::string prevHash = kGenesisHash;
    // Last entry per record, for step 2.
    std::map<std::pair<std::string, std::string>, Impl::AuditHead> lastByRecord;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        AuditEntry e = readAuditRow(st.value());
        report.entries += 1;
        auto problem = [&](const char* kind, std::string msg) {
            report.problems.push_back({e.seq, kind, "audit entry " + std::to_string(e.seq) + ": " + msg});
        };
        if (e.seq != expectedSeq) {
            problem("sequence-gap", "expected sequence number " + std::to_string(expectedSeq) +
                                        " here; entries " + std::to_string(expectedSeq) + ".." +
                                        std::to_string(e.seq - 1) + " are missing or were moved");
        } else if (e.prevHash != prevHash) {
            problem("broken-link", "does not link to the entry before it (entry deleted, replaced or reordered)");
        } else if (e.computeHash() != e.entryHash) {
            problem("entry-edited", "its content does not match its hash (entry edited)");
        } else if (e.deviceId != m_impl->deviceId) {
            problem("foreign-device", "was written by device " + e.deviceId + ", not by this device");
        }
        expectedSeq = e.seq + 1;
        prevHash = e.entryHash;
        if (isSyncPageAction(e.action)) {
            // A page of records applied from the server: the entry hashes the page's manifest,
            // which names each record and the hash of the content it was given ("" = removed).
            auto manifest = m_impl->db.prepare("SELECT manifest FROM sync_pages WHERE audit_seq = ?");
            if (!manifest.ok()) return manifest.error();
            manifest->bind(1, e.seq);
            auto found = manifest->step();
            if (!found.ok()) return found.error();
            if (!found.value()) {
                problem("manifest-missing", "the manifest of this sync page is missing (deleted)");
            } else if (sha256Hex(manifest->text(0)) != e.fieldsSha256) {
                problem("manifest-edited", "the manifest of this sync page does not match the entry (edited)");
            } else {
                for (const auto& line : splitManifest(manifest->text(0))) {
                    lastByRecord[{line[0], line[1]}] = {e.seq, line[2], e.schemaVersion};
                }
            }
        } else {
            lastByRecord[{e.recordType, e.recordId}] = {e.seq, e.fieldsSha256, e.schemaVersion};
        }
        if (!report.problems.empty()) break;  // after the first bad entry nothing can be trusted
    }
    if (!report.problems.empty()) return report;

    // 2. The records: each must match its last audit entry, and every record must have one. This
    //    catches a row edited or deleted with the key but without going through the Store.
    for (const auto& spec : recordTypes()) {
        std::set<std::string> seen;
        FC_TRY(detail::forEachRow(m_impl->db, "SELECT " + recordSelectColumns(spec) + " FROM " + spec.table + " ORDER BY id", {},
                                  [&](const Statement& row) {
            Record r = readRecord(spec, row);
            seen.insert(r.id);
            auto it = lastByRecord.find({spec.name, r.id});
            if (it == lastByRecord.end()) {
                report.problems.push_back({0, "record-unaudited", spec.name + " '" + r.id + "' has no audit entry (inserted behind the store's back)"});
            } else if (it->second.hash != detail::recordHash(r, it->second.schemaVersion)) {
                report.problems.push_back({it->second.seq, "record-mismatch",
                                           spec.name + " '" + r.id + "' differs from its last audit entry " +
                                               std::to_string(it->second.seq) + " (edited behind the store's back)"});
            }
        }));
        for (const auto& [key, last] : lastByRecord) {
            if (last.hash.empty()) continue;  // removed by a sync page (left the device's scope)
            if (key.first == spec.name && seen.count(key.second) == 0) {
                report.problems.push_back({last.seq, "record-deleted",
                                           spec.name + " '" + key.second + "' is in the audit chain but was deleted"});
            }
        }
    }
    FC_TRY(m_impl->verifyAttachmentsAgainstAudit(lastByRecord, report));
    if (!m_impl->options.serverReplica) FC_TRY(m_impl->verifyOutboxAgainstAudit(report));
    std::sort(report.problems.begin(), report.problems.end(),
              [](const AuditProblem& a, const AuditProblem& b) { return a.seq < b.seq; });
    return report;
}

// Every attachment row must match its attach entry (the record it is evidence for, its hash, who
// captured it and when), and every attach entry must still have its row.
Status Store::Impl::verifyAttachmentsAgainstAudit(const std::map<std::pair<std::string, std::string>, AuditHead>& lastByRecord,
                                                  AuditReport& report) {
    std::set<std::string> seen;
    FC_TRY(detail::forEachRow(db, std::string("SELECT ") + kAttachmentColumns + " FROM attachments ORDER BY id", {},
                              [&](const Statement& row) {
        const Attachment a = readAttachmentRow(row);
        seen.insert(a.id);
        const std::string what = "attachment '" + a.id + "' (" + a.fileName + ", evidence for " + a.recordType +
                                 " '" + a.recordId + "')";
        auto it = lastByRecord.find({"attachment", a.id});
        if (it == lastByRecord.end()) {
            report.problems.push_back({0, "attachment-unaudited", what + " has no audit entry (inserted behind the store's back)"});
        } else if (it->second.hash != attachmentHash(a)) {
            report.problems.push_back({it->second.seq, "attachment-mismatch",
                                       what + " differs from its attach entry " + std::to_string(it->second.seq) +
                                           " (moved to another record or edited behind the store's back)"});
        }
    }));
    for (const auto& [key, last] : lastByRecord) {
        if (key.first == "attachment" && seen.count(key.second) == 0) {
            report.problems.push_back({last.seq, "attachment-deleted",
                                       "attachment '" + key.second + "' is in the audit chain (entry " +
                                           std::to_string(last.seq) + ") but its row was deleted"});
        }
    }
    return {};
}

// On a device every change and event goes into the chain and the outbox in one transaction, each
// op naming its entry: an entry without its op, or an op whose entry is gone or says something
// else, was deleted or edited with the key. This is what binds the newest entries (an attach, a
// ledger export), which nothing after them in the chain links to.
Status Store::Impl::verifyOutboxAgainstAudit(AuditReport& report) {
    std::set<int64_t> entriesWithOps;
    FC_TRY(detail::forEachRow(db,
        "SELECT o.seq, o.audit_seq, o.action, o.record_type, o.record_id, o.payload, a.seq, a.action, a.record_type, "
        "a.record_id, a.fields_sha256 FROM outbox o LEFT JOIN audit_log a ON a.seq = o.audit_seq ORDER BY o.seq", {},
        [&](const Statement& row) {
            const int64_t auditSeq = row.int64(1);
            entriesWithOps.insert(auditSeq);
            const std::string op = "outbox op " + std::to_string(row.int64(0)) + " (" + row.text(2) + " " + row.text(3) +
                                   " '" + row.text(4) + "')";
            if (row.isNull(6)) {
                report.problems.push_back({auditSeq, "entry-deleted",
                                           op + " names audit entry " + std::to_string(auditSeq) + ", which was deleted"});
                return;
            }
            const bool hashesPayload = row.text(2) == "attach" || findRecordType(row.text(3)) == nullptr;
            if (row.text(2) != row.text(7) || row.text(3) != row.text(8) || row.text(4) != row.text(9) ||
                (hashesPayload && sha256Hex(row.text(5)) != row.text(10))) {
                report.problems.push_back({auditSeq, "op-mismatch",
                                           op + " does not match its audit entry " + std::to_string(auditSeq) +
                                               " (one of them was edited behind the store's back)"});
            }
        }));
    // One pass over the chain against the set (the outbox has no index on audit_seq: a correlated
    // subquery per entry would make this quadratic).
    FC_TRY(detail::forEachRow(db, "SELECT seq, action, record_type, record_id FROM audit_log ORDER BY seq", {},
        [&](const Statement& row) {
            const std::string action = row.text(1);
            if (isSyncPageAction(action) || entriesWithOps.count(row.int64(0)) > 0) return;
            report.problems.push_back({row.int64(0), "op-deleted",
                                       "audit entry " + std::to_string(row.int64(0)) + " (" + action + " " + row.text(2) +
                                           " '" + row.text(3) + "') has no outbox op (deleted behind the store's back)"});
        }));
    return {};
}

OutboxEntry detail::readOutboxRow(const Statement& st) {
    OutboxEntry e;
    e.seq = st.int64(0);
    e.opId = st.text(1);
    e.auditSeq = st.int64(2);
    e.action = st.text(3);
    e.recordType = st.text(4);
    e.recordId = st.text(5);
    e.baseVersion = st.int64(6);
    e.payload = nlohmann::json::parse(st.text(7), nullptr, false);
    e.createdMs = st.int64(8);
    e.state = st.text(9);
    e.hlc = st.text(10);
    e.fieldBases = nlohmann::json::parse(st.text(11), nullptr, false);
    if (!e.fieldBases.is_object()) e.fieldBases = nlohmann::json::object();
    if (!st.isNull(12)) e.result = nlohmann::json::parse(st.text(12), nullptr, false);
    return e;
}

Result<std::vector<OutboxEntry>> Store::pendingOutbox(int64_t limit) {
    std::vector<OutboxEntry> out;
    FC_TRY(detail::forEachRow(m_impl->db,
                              std::string("SELECT ") + detail::kOutboxColumns + " FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",
                              {std::to_string(limit)}, [&](const Statement& row) { out.push_back(detail::readOutboxRow(row)); }));
    return out;
}

Status Store::checkIntegrity(const IntegrityOptions& options, IntegrityReport* reportOut) {
    IntegrityReport report;
    report.leftoversRemoved = m_impl->leftoversRemoved;
    std::vector<std::string> attachmentIds;
    {
        // The database's checks read one snapshot, so writers on other connections cannot make
        // two of them disagree.
        detail::ReadSnapshot snapshot(m_impl->db, m_impl->tx);
        FC_TRY(snapshot.begin());
        FC_TRY(m_impl->checkDatabase());
        if (options.verifyVault) {
            FC_TRY(detail::forEachRow(m_impl->db, "SELECT id FROM attachments ORDER BY captured_ms, id", {},
                                      [&](const Statement& row) { attachmentIds.push_back(row.text(0)); }));
        }
    }
    FC_TRY(m_impl->sweepOrphans(report.orphansRemoved));
    FC_ASSIGN_OR_RETURN(std::vector<std::string> leftovers, sweepLeftovers(m_impl->path));
    report.leftoversRemoved.insert(report.leftoversRemoved.end(), leftovers.begin(), leftovers.end());

    // Every sealed file against the SHA-256 recorded at capture, a chunk at a time. Rows are never
    // deleted, so each one read above is still there.
    report.vault.filesTotal = static_cast<int64_t>(attachmentIds.size());
    for (const auto& id : attachmentIds) {
        FC_TRY(m_impl->verifySealedFile(id, report));
        report.vault.filesDone += 1;
        if (options.progress) options.progress(report.vault);
    }
    if (reportOut != nullptr) *reportOut = report;
    if (!report.ok()) {
        return makeError(ErrorCode::Corrupt, std::to_string(report.vaultProblems.size()) + " of " +
                                                 std::to_string(report.vault.filesTotal) +
                                                 " sealed files failed the vault check; the first: " +
                                                 report.vaultProblems.front().message);
    }
    return {};
}

Status Store::Impl::checkDatabase() {
    auto st = db.prepare("PRAGMA integrity_check");
    if (!st.ok()) return st.error();
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value() || st->text(0) != "ok") {
        std::string detail = row.value() ? st->text(0) : std::string("no answer");
        if (auto nl = detail.find('\n', detail.find('\n') + 1); nl != std::string::npos) detail = detail.substr(0, nl) + " ...";
        return makeError(ErrorCode::Corrupt,
                         "integrity check failed: pages of the database failed authentication or are damaged "
                         "(tampered with or corrupted): " + detail);
    }
    auto fk = db.prepare("PRAGMA foreign_key_check");
    if (!fk.ok()) return fk.error();
    auto fkRow = fk->step();
    if (!fkRow.ok()) return fkRow.error();
    if (fkRow.value()) {
        return makeError(ErrorCode::Corrupt, "foreign key check failed in table " + fk->text(0));
    }
    // The dashboard's finding counts (kept by finding_counts.cpp) agree with the findings.
    auto counts = db.queryInt(
        "SELECT count(*) FROM (SELECT unit_id, status, case_opened_date IS NOT NULL AS c, withdrawn_ms IS NOT NULL AS w, "
        "count(*) AS n FROM findings GROUP BY 1, 2, 3, 4) f LEFT JOIN finding_counts k ON k.unit_id = f.unit_id "
        "AND k.status = f.status AND k.case_opened = f.c AND k.withdrawn = f.w WHERE k.n IS NOT f.n");
    if (!counts.ok()) return counts.error();
    auto stray = db.queryInt(
        "SELECT count(*) FROM finding_counts k WHERE n <> (SELECT count(*) FROM findings f WHERE f.unit_id = k.unit_id "
        "AND f.status = k.status AND (f.case_opened_date IS NOT NULL) = k.case_opened AND (f.withdrawn_ms IS NOT NULL) = k.withdrawn)");
    if (!stray.ok()) return stray.error();
    if (counts.value() != 0 || stray.value() != 0) {
        return makeError(ErrorCode::Corrupt, "the dashboard's finding counts do not match the findings (" +
                                                 std::to_string(counts.value() + stray.value()) + " groups differ)");
    }
    return {};
}

// Removes sealed files that no row names: a writer killed after renaming its file into place but
// before its commit. It holds the write lock, as attach() does from the rename to the commit, so a
// file it sees without a row can never get one: nothing acknowledged is ever removed here.
Status Store::Impl::sweepOrphans(std::vector<std::string>& removed) {
    Transaction lock(db, tx);
    FC_TRY(lock.begin());
    std::set<std::string> known;
    FC_TRY(detail::forEachRow(db, "SELECT storage_name FROM attachments UNION ALL "
                                  "SELECT storage_name FROM remote_attachments WHERE storage_name IS NOT NULL", {},
                              [&](const Statement& name) { known.insert(name.text(0)); }));
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(attachmentDirFor(path), ec)) {
        const std::string name = entry.path().filename().string();
        if (isSealedName(name) && known.count(name) == 0 && std::filesystem::remove(entry.path(), ec)) {
            removed.push_back(name);
        }
    }
    if (!removed.empty()) FC_TRY(syncParentDirectory(attachmentDirFor(path) + "/."));
    return lock.commit();
}

// Verifies one sealed file against its row. Problems go into the report; only a failure to read
// the database is an error.
Status Store::Impl::verifySealedFile(const std::string& id, IntegrityReport& report) {
    auto file = sealedFile(id);
    if (!file.ok()) {
        if (file.error().code != ErrorCode::NotFound) return file.error();
        return makeError(ErrorCode::Internal, "attachment '" + id + "' vanished during the check");
    }
    const Attachment& a = file->attachment;
    const SecretBytes& key = file->key;
    const std::string& storageName = file->storageName;

    auto problem = [&](const char* kind, const std::string& what) {
        report.vaultProblems.push_back({a.id, a.fileName, a.recordType, a.recordId, kind,
                                        "attachment '" + a.fileName + "' (" + a.id + ", evidence for " + a.recordType + " '" +
                                            a.recordId + "', sealed file " + storageName + "): " + what});
    };
    auto digest = streamDigestFile(key, attachmentDirFor(path) + "/" + storageName, a.id);
    if (!digest.ok()) {
        switch (digest.error().code) {
            case ErrorCode::NotFound: problem("missing", "the sealed file is missing"); break;
            case ErrorCode::Corrupt: problem("damaged", digest.error().message + " (tampered with, truncated or swapped)"); break;
            default: problem("unreadable", digest.error().message); break;
        }
        return {};
    }
    report.vault.bytesDone += digest->plainBytes;
    if (digest->sha256 != a.sha256 || digest->plainBytes != a.sizeBytes) {
        problem("hash-mismatch", "the content does not match the SHA-256 recorded at capture");
    }
    return {};
}

Status Store::checkpoint() {
    auto r = m_impl->db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!r.ok()) return r.error();
    auto row = r->step();
    if (!row.ok()) return row.error();
    if (row.value() && r->int64(0) != 0) return makeError(ErrorCode::IoError, "checkpoint could not complete (store busy)");
    return {};
}

// --- value types -----------------------------------------------------------------------------

nlohmann::json Attachment::toJson() const {
    return {{"id", id},       {"record_type", recordType}, {"record_id", recordId},
            {"media_type", mediaType}, {"file_name", fileName}, {"size_bytes", sizeBytes},
            {"sha256", sha256}, {"captured_at", capturedMs}, {"captured_by", capturedBy}};
}

nlohmann::json AuditEntry::toJson() const {
    return {{"seq", seq},       {"device_id", deviceId}, {"prev_hash", prevHash},
            {"actor", actor},   {"at", atMs},            {"at_iso", formatIsoUtc(atMs)},
            {"action", action}, {"record_type", recordType}, {"record_id", recordId},
            {"fields_sha256", fieldsSha256}, {"entry_hash", entryHash}, {"schema_version", schemaVersion}};
}

std::string AuditEntry::computeHash() const {
    // A JSON array is an unambiguous serialisation of the fields (no separator injection). Entries
    // from schema 3 on also cover the schema version their fields hash refers to.
    nlohmann::json canonical = {"fieldcheck-audit-v1", seq, deviceId, prevHash, actor, atMs,
                                action, recordType, recordId, fieldsSha256};
    if (schemaVersion >= 3) {
        canonical[0] = "fieldcheck-audit-v2";
        canonical.push_back(schemaVersion);
    }
    return sha256Hex(canonical.dump());
}

int currentSchemaVersion() { return detail::kCurrentSchemaVersion; }

std::string recordContentHash(const Record& r, int schemaVersion) { return detail::recordHash(r, schemaVersion); }

}  // namespace fieldcheck
