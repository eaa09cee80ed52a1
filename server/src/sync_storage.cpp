#include "sync_storage.h"

#include <sodium.h>

#include <set>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/demo_data.h"
#include "password.h"
#include "pg_feed.h"
#include "sql_sqlite.h"
#include "sync_storage_impl.h"

namespace fieldcheck::server {

using replication::RecordDoc;
using sql::Statement;
using json = nlohmann::json;

namespace {
// A text field of a record, "" when it is null.
std::string text(const Record& r, const char* field) {
    auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

// ---- keys -----------------------------------------------------------------------------------------

Status SyncStorage::Impl::loadKeys() {
    Status made = db().transaction([&]() -> Status {
        auto signing = db().queryText("SELECT value FROM srv_meta WHERE key = 'receipt_secret_key'");
        if (!signing.ok()) {
            if (signing.error().code != ErrorCode::NotFound) return signing.error();
            unsigned char pk[crypto_sign_PUBLICKEYBYTES];
            SecretBytes sk(crypto_sign_SECRETKEYBYTES);
            crypto_sign_keypair(pk, sk.data());
            FC_ASSIGN_OR_RETURN(Statement keep, db().prepare("INSERT INTO srv_meta(key, value) VALUES (?, ?)"));
            FC_TRY(keep.bind(1, "receipt_secret_key").bind(2, toHex(sk.data(), sk.size())).run());
            FC_TRY(keep.bind(1, "receipt_public_key").bind(2, toHex(pk, sizeof pk)).run());
        }
        FC_ASSIGN_OR_RETURN(Statement epoch, db().prepare("INSERT OR IGNORE INTO srv_meta(key, value) VALUES ('feed_epoch', ?)"));
        FC_TRY(epoch.bind(1, randomId()).run());
        auto key = db().queryText("SELECT value FROM srv_meta WHERE key = 'cursor_key'");
        if (key.ok()) return {};
        if (key.error().code != ErrorCode::NotFound) return key.error();
        std::string fresh(crypto_auth_hmacsha256_KEYBYTES, '\0');
        randombytes_buf(fresh.data(), fresh.size());
        FC_ASSIGN_OR_RETURN(Statement ins, db().prepare("INSERT INTO srv_meta(key, value) VALUES ('cursor_key', ?)"));
        return ins.bind(1, toHex(reinterpret_cast<const uint8_t*>(fresh.data()), fresh.size())).run();
    });
    FC_TRY(made);
    FC_ASSIGN_OR_RETURN(feedEpoch, db().queryText("SELECT value FROM srv_meta WHERE key = 'feed_epoch'"));
    FC_ASSIGN_OR_RETURN(std::string hex, db().queryText("SELECT value FROM srv_meta WHERE key = 'cursor_key'"));
    auto bytes = fromHex(hex);
    if (!bytes.ok() || bytes->size() != crypto_auth_hmacsha256_KEYBYTES) return makeError(ErrorCode::Corrupt, "the server's cursor key is damaged");
    cursors = CursorCodec(std::string(bytes->begin(), bytes->end()));
    return refreshReceiptKey();
}

Status SyncStorage::Impl::refreshReceiptKey() {
    FC_ASSIGN_OR_RETURN(std::string current, db().queryText("SELECT value FROM srv_meta WHERE key = 'receipt_public_key'"));
    if (current == receiptPublicKey && receiptKey.size() == crypto_sign_SECRETKEYBYTES) return {};
    FC_ASSIGN_OR_RETURN(std::string skHex, db().queryText("SELECT value FROM srv_meta WHERE key = 'receipt_secret_key'"));
    auto sk = fromHex(skHex);
    sodium_memzero(skHex.data(), skHex.size());
    // The secret key's second half is its public key: a pair read half-way through a rotation by
    // another process (not possible in one statement each, but cheap to rule out) is refused.
    if (!sk.ok() || sk->size() != crypto_sign_SECRETKEYBYTES || current.size() != 2 * crypto_sign_PUBLICKEYBYTES ||
        toHex(sk->data() + crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES, crypto_sign_PUBLICKEYBYTES) != current) {
        if (sk.ok()) sodium_memzero(sk->data(), sk->size());
        return makeError(ErrorCode::Corrupt, "the server's receipt key is damaged");
    }
    receiptKey = SecretBytes(sk->data(), sk->size());
    sodium_memzero(sk->data(), sk->size());
    receiptPublicKey = current;
    return {};
}

// ---- the change feed's rows --------------------------------------------------------------------

Status SyncStorage::Impl::bindNextSeq(Statement& st, int index) {
    if (numberAfterCommit) {
        st.bindNull(index);
        return {};
    }
    FC_ASSIGN_OR_RETURN(Statement * up, db().cached("UPDATE OR FAIL srv_counter SET seq = seq + 1 WHERE id = 1"));
    FC_TRY(up->run());
    FC_ASSIGN_OR_RETURN(int64_t seq, db().queryInt("SELECT seq FROM srv_counter WHERE id = 1"));
    st.bind(index, seq);
    return {};
}

Status SyncStorage::Impl::publish() {
    if (!numberAfterCommit || pgConn == nullptr) return {};
    auto head = pg::ChangeFeed(*pgConn).sequence();
    if (!head.ok()) return head.error();
    return {};
}

namespace {
// fv, conflicts and scope of a srv_records row, from column `first` on.
SyncStorage::Impl::SyncRow readSyncRow(const Statement& row, int first) {
    SyncStorage::Impl::SyncRow out;
    json fv = json::parse(row.text(first), nullptr, false);
    json conflicts = json::parse(row.text(first + 1), nullptr, false);
    if (fv.is_object()) out.fieldVersions = std::move(fv);
    if (conflicts.is_array()) out.conflicts = std::move(conflicts);
    out.scope = row.text(first + 2);
    return out;
}

// Whether a reference field can name a record in another scope than its own record's, one the
// reader may not see: not for the record's own unit, nor for reference data every role has.
bool referenceMayBeHidden(const FieldSpec& f) {
    return f.kind == FieldKind::Reference && f.refType != "campaign" && f.refType != "unit" && f.refType != "inspection_group" &&
           f.refType != "checklist_template";
}
}  // namespace

Result<std::optional<SyncStorage::Impl::SyncRow>> SyncStorage::Impl::syncRow(const std::string& type, const std::string& id) {
    if (page.open) {
        auto it = page.rows.find({type, id});
        if (it != page.rows.end()) return std::optional<SyncRow>(it->second);
    }
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached("SELECT fv, conflicts, scope FROM srv_records WHERE record_type = ? AND record_id = ?"));
    st->bind(1, type).bind(2, id);
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<SyncRow>();
    SyncRow out = readSyncRow(*st, 0);
    st->reset();
    return std::optional<SyncRow>(std::move(out));
}

std::string SyncStorage::Impl::scopeOfRecord(const std::string& type, const std::string& id) {
    if (page.open) {
        auto it = page.scopes.find({type, id});
        if (it != page.scopes.end()) return it->second;
    }
    auto st = db().cached("SELECT scope FROM srv_records WHERE record_type = ? AND record_id = ?");
    if (!st.ok()) return "bureau";
    Statement* q = st.value();
    q->bind(1, type).bind(2, id);
    auto row = q->step();
    const std::string scope = row.ok() && row.value() ? q->text(0) : std::string("bureau");
    q->reset();
    if (page.open && row.ok()) page.scopes[{type, id}] = scope;
    return scope;
}

namespace {
// "IN (?, ?, …)" for `n` ids, rounded up to one of a few sizes (the rest repeats the last id) so
// that a page's statements have a handful of texts, each prepared once (pg.h).
size_t roundedInSize(size_t n) {
    for (size_t size : {8, 64, 512}) {
        if (n <= size) return size;
    }
    return n;
}
std::string inList(size_t n) {
    std::string out = "(";
    for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
    return out + ")";
}
constexpr size_t kPerInList = 512;
}  // namespace

Status SyncStorage::Impl::readPage(const std::vector<std::pair<std::string, std::string>>& keys) {
    page.open = true;
    // Rows of srv_records by type and id, kPerInList at a time.
    auto feedRows = [&](const std::string& type, const std::vector<std::string>& ids, const char* columns,
                        const std::function<void(const Statement&)>& each) -> Status {
        for (size_t from = 0; from < ids.size(); from += kPerInList) {
            const size_t n = std::min(kPerInList, ids.size() - from);
            const size_t slots = roundedInSize(n);
            FC_ASSIGN_OR_RETURN(Statement * st, db().cached(std::string("SELECT ") + columns +
                                                            " FROM srv_records WHERE record_type = ? AND record_id IN " + inList(slots)));
            st->bind(1, type);
            for (size_t i = 0; i < slots; ++i) st->bind(static_cast<int>(i) + 2, ids[from + std::min(i, n - 1)]);
            for (;;) {
                auto row = st->step();
                if (!row.ok()) return row.error();
                if (!row.value()) break;
                each(*st);
            }
            st->reset();
        }
        return {};
    };
    std::map<std::string, std::vector<std::string>> byType;
    for (const auto& [type, id] : keys) {
        if (findRecordType(type) != nullptr && page.records.count({type, id}) == 0) byType[type].push_back(id);
    }
    std::map<std::string, std::set<std::string>> referenced;  // refType -> ids whose scope a reader may need
    for (const auto& [type, ids] : byType) {
        FC_ASSIGN_OR_RETURN(std::vector<Record> found, records->getMany(type, ids));
        const RecordTypeSpec* spec = findRecordType(type);
        for (auto& r : found) {
            for (const auto& f : spec->fields) {
                if (!referenceMayBeHidden(f)) continue;  // as visibleDoc
                auto v = r.fields.find(f.name);
                if (v != r.fields.end() && v->is_string() && page.scopes.count({f.refType, v->get<std::string>()}) == 0) {
                    referenced[f.refType].insert(v->get<std::string>());
                }
            }
            page.records.emplace(std::make_pair(type, r.id), std::move(r));
        }
        FC_TRY(feedRows(type, ids, "record_id, fv, conflicts, scope",
                        [&](const Statement& row) { page.rows[{type, row.text(0)}] = readSyncRow(row, 1); }));
    }
    for (const auto& [refType, idSet] : referenced) {
        const std::vector<std::string> ids(idSet.begin(), idSet.end());
        for (const auto& id : ids) page.scopes[{refType, id}] = "bureau";  // as scopeOfRecord: not in the feed
        FC_TRY(feedRows(refType, ids, "record_id, scope", [&](const Statement& row) { page.scopes[{refType, row.text(0)}] = row.text(1); }));
    }
    return {};
}

std::string SyncStorage::Impl::scopeFor(const Record& r) {
    return scopeKeyOf(r, [this](const std::string& t, const std::string& i) { return scopeOfRecord(t, i); });
}

Status SyncStorage::Impl::noteWrite(const Record* before, const Record& after, const std::string& stamp, const std::string& device,
                                      std::optional<json> conflicts) {
    FC_ASSIGN_OR_RETURN(auto row, syncRow(after.type, after.id));
    const json fv = merge::nextFieldVersions(row ? row->fieldVersions : json::object(), before, after, stamp, device);
    const json open = conflicts ? *conflicts : (row ? row->conflicts : json::array());
    const std::string scope = scopeFor(after);
    if (row && row->scope != scope) {
        FC_ASSIGN_OR_RETURN(Statement ex, db().prepare("INSERT INTO srv_exits(seq, record_type, record_id, old_scope) VALUES (?,?,?,?)"));
        FC_TRY(bindNextSeq(ex, 1));
        FC_TRY(ex.bind(2, after.type).bind(3, after.id).bind(4, row->scope).run());
    }
    // UPDATE, or INSERT for a new record: no "INSERT OR REPLACE" (fieldcheck/core/sqlite.h).
    const std::string fvText = fv.dump(), openText = open.dump();
    if (!row) {
        FC_ASSIGN_OR_RETURN(Statement * put, db().cached("INSERT INTO srv_records(record_type, record_id, seq, scope, fv, conflicts) VALUES (?,?,?,?,?,?)"));
        FC_TRY(bindNextSeq(*put, 3));
        return put->bind(1, after.type).bind(2, after.id).bind(4, scope).bind(5, fvText).bind(6, openText).run();
    }
    FC_ASSIGN_OR_RETURN(Statement * upd, db().cached("UPDATE OR FAIL srv_records SET seq = ?, scope = ?, fv = ?, conflicts = ? "
                                                     "WHERE record_type = ? AND record_id = ?"));
    FC_TRY(bindNextSeq(*upd, 1));
    FC_TRY(upd->bind(2, scope).bind(3, fvText).bind(4, openText).bind(5, after.type).bind(6, after.id).run());
    if (row->scope == scope) return {};
    // Records that take this one's scope (scopeParents(): a plan's measures, a finding's answers)
    // move with it, now: a scope "as of the child's last write" would leave them with devices that
    // lost the parent.
    for (const auto& parent : scopeParents()) {
        if (parent.parentType != after.type) continue;
        ListQuery q;
        q.equals[parent.parentField] = after.id;
        FC_ASSIGN_OR_RETURN(std::vector<Record> children, records->list(parent.childType, q));
        for (const auto& child : children) FC_TRY(noteWrite(&child, child, stamp, device));
    }
    return {};
}

Result<std::optional<RecordDoc>> SyncStorage::Impl::docOf(const std::string& type, const std::string& id) {
    if (findRecordType(type) == nullptr) return std::optional<RecordDoc>();
    RecordDoc d;
    auto read = page.open ? page.records.find({type, id}) : page.records.end();
    if (read != page.records.end()) {
        d.record = read->second;
    } else {
        auto r = records->get(type, id);
        if (!r.ok()) {
            if (r.error().code == ErrorCode::NotFound) return std::optional<RecordDoc>();
            return r.error();
        }
        d.record = std::move(r).value();
    }
    FC_ASSIGN_OR_RETURN(auto row, syncRow(type, id));
    if (row) {
        // On the wire a device needs only each field's version (its edits name the version they
        // saw); who made a change and when travels with the conflicts that need it.
        d.fieldVersions = json::object();
        for (auto it = row->fieldVersions.begin(); it != row->fieldVersions.end(); ++it) {
            d.fieldVersions[it.key()] = it.value().is_object() ? it.value().value("v", int64_t{0}) : int64_t{0};
        }
        d.conflicts = std::move(row->conflicts);
        d.scope = std::move(row->scope);
    } else {
        d.scope = scopeFor(d.record);
    }
    return std::optional<RecordDoc>(std::move(d));
}

Status SyncStorage::Impl::adoptRecords(int64_t* adopted) {
    Status adoptedAll = db().transaction([&]() -> Status {
        for (const auto& spec : recordTypes()) {
            std::set<std::string> known;
            FC_TRY(sql::forEachRow(db(), "SELECT record_id FROM srv_records WHERE record_type = ?", {spec.name},
                                      [&](const Statement& row) { known.insert(row.text(0)); }));
            FC_ASSIGN_OR_RETURN(std::vector<Record> all, records->list(spec.name));  // in order of creation
            for (const auto& r : all) {
                if (known.count(r.id) > 0) continue;
                FC_TRY(noteWrite(nullptr, r, hlc.tick(r.createdMs).encode(), "server"));
                if (adopted != nullptr) ++*adopted;
            }
        }
        return {};
    });
    FC_TRY(adoptedAll);
    return publish();
}

// ---- visibility --------------------------------------------------------------------------------

Result<Visibility> SyncStorage::Impl::visibilityFor(const UserInfo& user, int protocol) {
    Visibility v = roleVisibility(user.role);
    for (const auto& type : typesUnknownTo(protocol)) v.hiddenTypes.insert(type);
    if (v.everything) return v;
    auto addUnits = [&](const std::string& type, const std::string& field, const std::string& value,
                        const std::function<bool(const Record&)>& counts) -> Status {
        ListQuery q;
        q.equals[field] = value;
        q.includeWithdrawn = false;
        FC_ASSIGN_OR_RETURN(std::vector<Record> found, records->list(type, q));
        for (const auto& r : found) {
            if (!counts(r)) continue;
            v.scopes.insert("unit:" + (type == "unit" ? r.id : text(r, "unit_id")));
        }
        return {};
    };
    if (user.role == "inspector" || user.role == "group_leader") {
        // Every assignment of the group that was not cancelled: done ones still grant the unit.
        if (!user.groupId.empty()) {
            FC_TRY(addUnits("assignment", "group_id", user.groupId,
                            [](const Record& a) { return !text(a, "status").empty() && text(a, "status") != "cancelled" && !text(a, "unit_id").empty(); }));
        }
    } else if (user.role == "leader_in_charge") {
        FC_TRY(addUnits("unit", "leader_in_charge", user.displayName, [](const Record&) { return true; }));
    } else if (user.role == "unit_liaison") {
        if (!user.unitId.empty()) v.scopes.insert("unit:" + user.unitId);
    }
    return v;
}

// A reference to a record in a scope the user may not see (a rule adopted for several units citing
// another unit's finding) would name something hidden and could never be resolved on the device:
// an optional one is left out, a record whose required one is hidden is not sent.
Result<std::optional<RecordDoc>> SyncStorage::Impl::visibleDoc(const RecordDoc& doc, const Visibility& vis) {
    auto out = project(doc, vis);
    if (!out || vis.everything) return out;
    const RecordTypeSpec* spec = findRecordType(doc.record.type);
    for (const auto& f : spec->fields) {
        if (!referenceMayBeHidden(f)) continue;
        const json& v = out->record.fields[f.name];
        if (!v.is_string()) continue;
        const std::string target = scopeOfRecord(f.refType, v.get<std::string>());
        if (vis.seesScope(target) && vis.seesType(f.refType)) continue;
        if (f.required) return std::optional<RecordDoc>();
        out->record.fields[f.name] = nullptr;
        out->fieldVersions.erase(f.name);
    }
    // Conflict candidates are values too: one that names a record the reader may not see (a
    // finding of another unit, another unit itself) is withheld, as the field would be. The
    // candidate stays, so that choices keep their numbers.
    auto hidden = [&](const FieldSpec* f, const json& v) {
        if (f == nullptr || f->kind != FieldKind::Reference || !v.is_string() || f->refType == "campaign" ||
            f->refType == "inspection_group" || f->refType == "checklist_template") {
            return false;
        }
        return !(vis.seesType(f->refType) && vis.seesScope(scopeOfRecord(f->refType, v.get<std::string>())));
    };
    for (auto& c : out->conflicts) {
        const std::string field = c.value("field", "");
        for (auto& cand : c["candidates"]) {
            if (field != "_withdrawn") {
                if (hidden(spec->field(field), cand.value("value", json()))) cand["value"] = nullptr;
                continue;
            }
            if (!cand.contains("changes") || !cand["changes"].is_object()) continue;
            for (auto ch = cand["changes"].begin(); ch != cand["changes"].end(); ++ch) {
                if (hidden(spec->field(ch.key()), ch.value())) ch.value() = nullptr;
            }
        }
    }
    return out;
}

// ---- opening -----------------------------------------------------------------------------------

SyncStorage::SyncStorage(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SyncStorage::~SyncStorage() = default;

Status SyncStorage::create(const std::string& path, const SecretBytes& passphrase, const KdfParams& kdf, bool seedDemo,
                             const SecretBytes& demoPassword) {
    {
        StoreOptions options;
        options.actor = "server";
        options.serverReplica = true;  // no outbox, no search index: the server is where ops go
        FC_ASSIGN_OR_RETURN(auto store, Store::create(path, passphrase, kdf, options));
        if (seedDemo) {
            auto seeded = seedDemoData(*store);
            if (!seeded.ok()) return seeded.error();
        }
    }
    FC_ASSIGN_OR_RETURN(auto storage, open(path, passphrase));
    std::lock_guard<std::mutex> lock(storage->m_impl->mutex);
    FC_TRY(storage->m_impl->adoptRecords(nullptr));
    if (!seedDemo) return {};
    // An account for every demo person, so that each role can be tried.
    FC_ASSIGN_OR_RETURN(std::string hash, hashPassword(demoPassword));
    FC_ASSIGN_OR_RETURN(auto persons, storage->m_impl->records->list("person"));
    for (const auto& p : persons) {
        UserInfo u;
        u.userName = text(p, "user_name");
        u.displayName = text(p, "name");
        u.role = text(p, "role");
        u.groupId = text(p, "group_id");
        u.unitId = text(p, "unit_id");
        if (u.userName.empty()) continue;
        auto ins = storage->m_impl->db().prepare(
            "INSERT OR IGNORE INTO srv_users(user_name, display_name, role, group_id, unit_id, pw_hash, created_ms) VALUES (?,?,?,?,?,?,?)");
        if (!ins.ok()) return ins.error();
        FC_TRY(ins->bind(1, u.userName).bind(2, u.displayName).bind(3, u.role).bind(4, u.groupId).bind(5, u.unitId).bind(6, hash)
                   .bind(7, SystemClock::instance().nowMs()).run());
    }
    return {};
}

Result<std::unique_ptr<SyncStorage>> SyncStorage::open(const std::string& path, const SecretBytes& passphrase, StorageOptions options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    StoreOptions storeOptions;
    storeOptions.actor = "server";
    storeOptions.serverReplica = true;
    FC_ASSIGN_OR_RETURN(impl->store, Store::open(path, passphrase, storeOptions));
    impl->records = std::make_unique<SqliteRecordStore>(*impl->store);
    impl->tables = std::make_unique<sql::SqliteDb>(*impl->store);
    FC_TRY(migrateServerTables(*impl->store));
    FC_TRY(impl->loadKeys());
    auto vault = std::make_unique<FileBlobVault>(path + ".blobs");
    FC_TRY(vault->ensureDirectory());
    impl->blobBytes = std::move(vault);
    return std::unique_ptr<SyncStorage>(new SyncStorage(std::move(impl)));
}

// ---- reads for status, tests and tools -----------------------------------------------------------

Result<std::string> SyncStorage::canonicalDumpFor(const UserInfo& user) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    FC_ASSIGN_OR_RETURN(Visibility vis, m_impl->visibilityFor(user, kProtocolVersion));
    std::vector<std::pair<std::string, std::string>> keys;
    FC_TRY(sql::forEachRow(m_impl->db(), "SELECT record_type, record_id FROM srv_records ORDER BY seq", {},
                              [&](const Statement& row) { keys.emplace_back(row.text(0), row.text(1)); }));
    std::vector<RecordDoc> docs;
    for (const auto& [type, id] : keys) {
        FC_ASSIGN_OR_RETURN(auto doc, m_impl->docOf(type, id));
        if (!doc) continue;
        FC_ASSIGN_OR_RETURN(auto visible, m_impl->visibleDoc(*doc, vis));
        if (visible) docs.push_back(std::move(*visible));
    }
    return replication::canonicalDump(std::move(docs));
}

Result<int64_t> SyncStorage::headSeq() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->db().queryInt("SELECT seq FROM srv_counter WHERE id = 1");
}

Status SyncStorage::startNewFeedEpoch(const std::string& actor) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    const std::string epoch = randomId();
    Status started = m_impl->db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Statement put, m_impl->db().prepare("UPDATE OR FAIL srv_meta SET value = ? WHERE key = 'feed_epoch'"));
        FC_TRY(put.bind(1, epoch).run());
        FC_ASSIGN_OR_RETURN(int64_t head, m_impl->db().queryInt("SELECT seq FROM srv_counter WHERE id = 1"));
        return m_impl->records->recordEvent(Impl::asServer(SystemClock::instance().nowMs(), actor), "restored", "feed", epoch,
                                            nlohmann::json{{"head", head}, {"previous_epoch", m_impl->feedEpoch}});
    });
    FC_TRY(started);
    m_impl->feedEpoch = epoch;
    return {};
}

Result<int64_t> SyncStorage::adoptUnsyncedRecords() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    int64_t adopted = 0;
    FC_TRY(m_impl->adoptRecords(&adopted));
    return adopted;
}

Result<std::vector<Record>> SyncStorage::listRecords(const std::string& type, const ListQuery& query) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->records->list(type, query);
}

Result<AuditReport> SyncStorage::verifyServerAudit() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->records->verifyAudit();
}

json UserInfo::toJson() const {
    return {{"user", userName}, {"name", displayName}, {"role", role}, {"group_id", groupId}, {"unit_id", unitId}, {"disabled", disabled}};
}

json AuditFlag::toJson() const {
    return {{"id", id}, {"device_id", deviceId}, {"user", userName}, {"kind", kind}, {"audit_seq", auditSeq}, {"message", message}, {"at_ms", atMs}};
}

}  // namespace fieldcheck::server
