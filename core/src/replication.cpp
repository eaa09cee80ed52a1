// Replication on the Store: applying pulled pages, recording the server's answers to pushed ops,
// conflicts on the device, and the server's writes with ids chosen by devices.
#include "fieldcheck/core/replication.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "database.h"
#include "domain_rules.h"
#include "finding_counts.h"
#include "fieldcheck/core/json_util.h"
#include "fieldcheck/core/merge.h"
#include "fieldcheck/core/permissions.h"
#include "schema.h"
#include "search_index.h"
#include "store_impl.h"
#include "values.h"

namespace fieldcheck::replication {

using detail::Statement;
using detail::Transaction;

namespace {

// Position of a type in dependency order (referenced types first).
int typeRank(const std::string& type) {
    const auto& all = recordTypes();
    for (size_t i = 0; i < all.size(); ++i) {
        if (all[i].name == type) return static_cast<int>(i);
    }
    return static_cast<int>(all.size());
}

Result<const RecordTypeSpec*> typeNamed(const std::string& type) {
    const RecordTypeSpec* spec = findRecordType(type);
    if (spec == nullptr) return makeError(ErrorCode::InvalidArgument, "unknown record type '" + type + "'");
    return spec;
}

int countOpen(const nlohmann::json& conflicts) { return conflicts.is_array() ? static_cast<int>(conflicts.size()) : 0; }

bool isForeignKeyFailure(const Error& e) { return e.message.find("FOREIGN KEY constraint failed") != std::string::npos; }

// Fields of a record that have a local op the server has not answered yet, and whether a local
// withdrawal waits. Their local values stand until the answer comes.
struct LocalOverlay {
    std::set<std::string> fields;
    bool withdrawal = false;
    bool any = false;
};

Result<LocalOverlay> unansweredOverlay(detail::Database& db, const std::string& type, const std::string& id) {
    LocalOverlay overlay;
    FC_TRY(detail::forEachRow(db,
                              "SELECT action, payload FROM outbox WHERE record_type = ? AND record_id = ? "
                              "AND state IN ('pending', 'sent')",
                              {type, id}, [&](const Statement& row) {
        overlay.any = true;
        const std::string action = row.text(0);
        if (action == "withdraw") overlay.withdrawal = true;
        if (action == "update" || action == "create") {
            auto payload = nlohmann::json::parse(row.text(1), nullptr, false);
            if (payload.is_object()) {
                for (auto it = payload.begin(); it != payload.end(); ++it) overlay.fields.insert(it.key());
            }
        }
    }));
    return overlay;
}

Result<std::optional<Record>> fetchIfPresent(Store::Impl& impl, const RecordTypeSpec& spec, const std::string& id) {
    auto r = impl.fetch(spec, id);
    if (r.ok()) return std::optional<Record>(std::move(r).value());
    if (r.error().code == ErrorCode::NotFound) return std::optional<Record>();
    return r.error();
}

// The columns of a record table, in the order insertRow() and the staging tables bind them.
std::string recordColumns(const RecordTypeSpec& spec) {
    std::string cols = "id, version, created_ms, created_by, updated_ms, updated_by, withdrawn_ms, withdrawn_reason";
    for (const auto& f : spec.fields) cols += ", " + f.name;
    return cols;
}

// Binds `r` as parameters 1..8+fields of an INSERT over recordColumns(spec).
void bindRecordRow(Statement& st, const RecordTypeSpec& spec, const Record& r) {
    st.bind(1, r.id).bind(2, r.version).bind(3, r.createdMs).bind(4, r.createdBy);
    st.bind(5, r.updatedMs).bind(6, r.updatedBy);
    if (r.withdrawn) st.bind(7, r.updatedMs).bind(8, r.withdrawnReason);
    else st.bindNull(7).bindNull(8);
    int i = 9;
    for (const auto& f : spec.fields) detail::bindField(st, i++, f, r.fields.value(f.name, nlohmann::json()));
}

std::string insertStatement(const std::string& table, const RecordTypeSpec& spec) {
    std::string marks = "?,?,?,?,?,?,?,?";
    for (size_t i = 0; i < spec.fields.size(); ++i) marks += ",?";
    return "INSERT INTO " + table + "(" + recordColumns(spec) + ") VALUES (" + marks + ")";
}

// Writes `r` as a new row of its table, without rules, audit or outbox.
Status insertRow(Store::Impl& impl, const RecordTypeSpec& spec, const Record& r) {
    FC_ASSIGN_OR_RETURN(Statement * ins, impl.db.cached(insertStatement("main." + spec.table, spec)));
    bindRecordRow(*ins, spec, r);
    FC_TRY(ins->run());
    return detail::finding_counts::move(impl.db, std::nullopt, detail::finding_counts::keyOf(r));
}

// Writes `r` over its row, without rules, audit or outbox. With the row as it is (`before`), only
// the columns that differ are set: an answered edit then rewrites neither the indexes nor the
// references it did not touch. Without it, every column is set and a finding's count group is
// read from the row first.
Status updateRow(Store::Impl& impl, const RecordTypeSpec& spec, const Record& r, const Record* before) {
    std::optional<detail::finding_counts::Key> countedIn;
    if (before != nullptr) countedIn = detail::finding_counts::keyOf(*before);
    else if (spec.name == "finding") {
        FC_ASSIGN_OR_RETURN(countedIn, detail::finding_counts::storedKey(impl.db, r.id));
    }
    const std::string withdrawnReason = r.withdrawn ? r.withdrawnReason : std::string();
    std::string sets;
    std::vector<std::function<void(Statement&, int)>> binds;
    auto set = [&](const std::string& column, std::function<void(Statement&, int)> bind) {
        sets += (sets.empty() ? "" : ", ") + column + " = ?";
        binds.push_back(std::move(bind));
    };
    if (!before || before->version != r.version) set("version", [&](Statement& st, int i) { st.bind(i, r.version); });
    if (!before || before->createdMs != r.createdMs) set("created_ms", [&](Statement& st, int i) { st.bind(i, r.createdMs); });
    if (!before || before->createdBy != r.createdBy) set("created_by", [&](Statement& st, int i) { st.bind(i, r.createdBy); });
    if (!before || before->updatedMs != r.updatedMs) set("updated_ms", [&](Statement& st, int i) { st.bind(i, r.updatedMs); });
    if (!before || before->updatedBy != r.updatedBy) set("updated_by", [&](Statement& st, int i) { st.bind(i, r.updatedBy); });
    if (!before || before->withdrawn != r.withdrawn || (r.withdrawn && before->updatedMs != r.updatedMs)) {
        set("withdrawn_ms", [&](Statement& st, int i) {
            if (r.withdrawn) st.bind(i, r.updatedMs);
            else st.bindNull(i);
        });
    }
    if (!before || before->withdrawn != r.withdrawn || before->withdrawnReason != r.withdrawnReason) {
        set("withdrawn_reason", [&](Statement& st, int i) {
            if (r.withdrawn) st.bind(i, withdrawnReason);
            else st.bindNull(i);
        });
    }
    for (const auto& f : spec.fields) {
        nlohmann::json value = r.fields.value(f.name, nlohmann::json());
        if (before && before->fields.value(f.name, nlohmann::json()) == value) continue;
        set(f.name, [&f, value = std::move(value)](Statement& st, int i) { detail::bindField(st, i, f, value); });
    }
    if (sets.empty()) return {};  // the row holds these values already
    FC_ASSIGN_OR_RETURN(Statement * upd, impl.db.cached("UPDATE OR FAIL " + spec.table + " SET " + sets + " WHERE id = ?"));
    int i = 1;
    for (const auto& bind : binds) bind(*upd, i++);
    upd->bind(i, r.id);
    FC_TRY(upd->run());
    return detail::finding_counts::move(impl.db, countedIn, detail::finding_counts::keyOf(r));
}

// Records new to the device, gathered per record type and written with one INSERT … SELECT from
// an in-memory temporary table. Written row by row, a record table with triggers (the finding
// counts until schema version 11) made SQLite keep a statement journal for every row, and SQLCipher
// encrypts each page of it: that was most of the cost of an initial pull (docs/benchmarks.md,
// "Sync"). One statement per batch journals each page once; the finding counts of the batch are
// then added one UPDATE per group (finding_counts.h).
class StagedInserts {
public:
    explicit StagedInserts(Store::Impl& impl) : m_impl(impl) {}

    struct Row {
        const RecordDoc* doc = nullptr;
        const PulledChange::Prepared* prepared = nullptr;  // null: work it out
        std::optional<Record> merged;                      // the doc's record with local edits kept
        const Record& record() const { return merged ? *merged : doc->record; }
    };

    const RecordTypeSpec* type() const { return m_spec; }
    bool holds(const std::string& type, const std::string& id) const {
        return m_spec != nullptr && m_spec->name == type && m_ids.count(id) > 0;
    }
    bool empty() const { return m_rows.empty(); }

    Status add(const RecordTypeSpec& spec, Row row) {
        if (!m_rows.empty() && m_spec != &spec) return makeError(ErrorCode::Internal, "staged inserts: flush before another record type");
        m_spec = &spec;
        FC_TRY(ensureTable(spec));
        FC_ASSIGN_OR_RETURN(Statement * ins, m_impl.db.cached(insertStatement(stagingTable(spec), spec)));
        bindRecordRow(*ins, spec, row.record());
        FC_TRY(ins->run());
        m_ids.insert(row.record().id);
        m_rows.push_back(std::move(row));
        return {};
    }

    // Moves the staged rows into their table. Returns the rows written; when the one statement
    // fails (a parent record not here yet, or a broken rule), each row is tried alone so that the
    // caller learns which: those rows come back in `notWritten` with their error.
    struct Outcome {
        std::vector<Row> written;
        std::vector<std::pair<Row, Error>> notWritten;
    };
    Result<Outcome> flush() {
        Outcome out;
        if (m_rows.empty()) return out;
        const RecordTypeSpec& spec = *m_spec;
        const std::string cols = recordColumns(spec);
        FC_ASSIGN_OR_RETURN(Statement * move, m_impl.db.cached("INSERT INTO main." + spec.table + "(" + cols + ") SELECT " + cols +
                                                                   " FROM " + stagingTable(spec)));
        Status moved = move->run();
        FC_ASSIGN_OR_RETURN(Statement * clear, m_impl.db.cached("DELETE FROM " + stagingTable(spec)));
        FC_TRY(clear->run());
        std::vector<Row> rows = std::move(m_rows);
        m_rows.clear();
        m_ids.clear();
        if (moved.ok()) {
            detail::finding_counts::Tally counts;
            for (const auto& row : rows) counts.count(detail::finding_counts::keyOf(row.record()), +1);
            FC_TRY(counts.apply(m_impl.db));
            out.written = std::move(rows);
            return out;
        }
        for (auto& row : rows) {
            Status one = insertRow(m_impl, spec, row.record());
            if (one.ok()) out.written.push_back(std::move(row));
            else out.notWritten.emplace_back(std::move(row), one.error());
        }
        return out;
    }

private:
    static std::string stagingTable(const RecordTypeSpec& spec) { return "temp.pull_" + spec.table; }

    Status ensureTable(const RecordTypeSpec& spec) {
        if (m_created.count(spec.table) > 0) return {};
        FC_TRY(m_impl.db.exec("CREATE TEMP TABLE IF NOT EXISTS pull_" + spec.table + " AS SELECT " + recordColumns(spec) +
                              " FROM main." + spec.table + " WHERE 0"));
        m_created.insert(spec.table);
        return {};
    }

    Store::Impl& m_impl;
    const RecordTypeSpec* m_spec = nullptr;
    std::vector<Row> m_rows;
    std::set<std::string> m_ids;
    std::set<std::string> m_created;
};

// What the server said about a record. An UPDATE (OR FAIL) and, for a record new to the device,
// an INSERT: "INSERT OR REPLACE" would make SQLite keep a statement journal, whose every page
// SQLCipher encrypts (docs/benchmarks.md, "Sync").
Status putSyncRecord(Store::Impl& impl, const RecordDoc& doc, const PulledChange::Prepared* prepared) {
    const bool ready = prepared != nullptr && !prepared->fieldVersions.empty();
    const std::string fieldVersions = ready ? prepared->fieldVersions : doc.fieldVersions.dump();
    const std::string conflicts = ready ? prepared->conflicts : doc.conflicts.dump();
    const auto open = static_cast<int64_t>(countOpen(doc.conflicts));
    FC_ASSIGN_OR_RETURN(Statement * upd, impl.db.cached(
        "UPDATE OR FAIL sync_records SET scope = ?, server_version = ?, field_versions = ?, conflicts = ?, open_conflicts = ? "
        "WHERE record_type = ? AND record_id = ?"));
    upd->bind(1, doc.scope).bind(2, doc.record.version).bind(3, fieldVersions).bind(4, conflicts).bind(5, open);
    FC_TRY(upd->bind(6, doc.record.type).bind(7, doc.record.id).run());
    if (impl.db.changes() > 0) return {};
    FC_ASSIGN_OR_RETURN(Statement * ins, impl.db.cached(
        "INSERT INTO sync_records(record_type, record_id, scope, server_version, field_versions, conflicts, open_conflicts) "
        "VALUES (?,?,?,?,?,?,?)"));
    ins->bind(1, doc.record.type).bind(2, doc.record.id).bind(3, doc.scope).bind(4, doc.record.version);
    return ins->bind(5, fieldVersions).bind(6, conflicts).bind(7, open).run();
}

// A page being applied: the manifest lines its audit entry will hash.
struct PageWriter {
    Store::Impl& impl;
    std::string manifest;
    StagedInserts staged{impl};
    // Search index documents to write at the end of the page (writeIndex()).
    struct IndexJob {
        detail::SearchDocId doc;
        std::string body;
    };
    std::vector<IndexJob> indexJobs;
    // Asked once per page: most pages meet no local edit waiting for an answer and no parked
    // record, and then skip those lookups for every record.
    bool anyUnanswered = true;
    bool anyParked = true;

    static Result<PageWriter> start(Store::Impl& impl) {
        PageWriter w{impl, {}, StagedInserts(impl), {}};
        FC_ASSIGN_OR_RETURN(int64_t unanswered, impl.db.queryInt("SELECT EXISTS (SELECT 1 FROM outbox WHERE state IN ('pending', 'sent'))"));
        FC_ASSIGN_OR_RETURN(int64_t parked, impl.db.queryInt("SELECT EXISTS (SELECT 1 FROM sync_parked)"));
        w.anyUnanswered = unanswered != 0;
        w.anyParked = parked != 0;
        return w;
    }

    Result<bool> exists(const RecordTypeSpec& spec, const std::string& id) {
        FC_ASSIGN_OR_RETURN(Statement * st, impl.db.cached("SELECT 1 FROM " + spec.table + " WHERE id = ?"));
        st->bind(1, id);
        auto row = st->step();
        if (!row.ok()) return row.error();
        const bool found = row.value();
        st->reset();
        return found;
    }

    void note(const std::string& type, const std::string& id, const std::string& hash) {
        manifest += type + "\t" + id + "\t" + hash + "\n";
    }

    // Applies a doc. Returns false (and writes nothing) when a parent record is not here yet. A
    // record new to the device is staged and written with the rest of its type (flushStaged()).
    // `prepared` (may be null) holds what parsePulledChanges() worked out for the doc as sent.
    Result<bool> upsert(const RecordDoc& doc, const PulledChange::Prepared* prepared = nullptr) {
        FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, typeNamed(doc.record.type));
        // Parents are written before their children are looked at; a record staged already is
        // written before it is applied again.
        if (staged.type() != spec || staged.holds(spec->name, doc.record.id)) FC_TRY(flushStaged());
        std::optional<Record> local;
        LocalOverlay overlay;
        bool present = false;
        if (anyUnanswered) {
            FC_ASSIGN_OR_RETURN(overlay, unansweredOverlay(impl.db, spec->name, doc.record.id));
        }
        if (overlay.any) {
            FC_ASSIGN_OR_RETURN(local, fetchIfPresent(impl, *spec, doc.record.id));
            present = local.has_value();
        } else {
            FC_ASSIGN_OR_RETURN(present, exists(*spec, doc.record.id));
        }
        // Fields with a local edit waiting for its answer keep the local value.
        std::optional<Record> merged;
        if (local && (!overlay.fields.empty() || (overlay.withdrawal && local->withdrawn))) {
            merged = doc.record;
            for (const auto& f : spec->fields) {
                if (overlay.fields.count(f.name) > 0) merged->fields[f.name] = local->fields.value(f.name, nlohmann::json());
            }
            if (overlay.withdrawal && local->withdrawn) {
                merged->withdrawn = true;
                merged->withdrawnReason = local->withdrawnReason;
            }
            prepared = nullptr;  // worked out for the doc as sent
        }
        if (!present) {
            FC_TRY(staged.add(*spec, {&doc, prepared, std::move(merged)}));
            return true;
        }
        const Record& r = merged ? *merged : doc.record;
        // Re-indexing costs more than the rest of the write: skip it when the indexed text is what
        // the device has already (the echo of its own edit, or a change to other fields).
        bool reindex = true;
        if (!detail::indexedFields(spec->name).empty()) {
            if (!local) {
                FC_ASSIGN_OR_RETURN(Record before, impl.fetch(*spec, doc.record.id));
                local = std::move(before);
            }
            reindex = detail::indexedText(*local) != detail::indexedText(r);
        }
        Status st = updateRow(impl, *spec, r, local ? &*local : nullptr);
        if (!st.ok()) {
            if (isForeignKeyFailure(st.error())) return false;
            return makeError(st.error().code, "cannot apply " + spec->name + " '" + r.id + "' from the server: " + st.error().message);
        }
        FC_TRY(written(*spec, doc, r, reindex, prepared));
        return true;
    }

    // The rest of applying a record whose row is written: what the server said about it, the
    // search index, the manifest.
    Status written(const RecordTypeSpec& spec, const RecordDoc& doc, const Record& r, bool reindex,
                   const PulledChange::Prepared* prepared) {
        FC_TRY(putSyncRecord(impl, doc, prepared));
        if (reindex && !detail::indexedFields(spec.name).empty()) {
            FC_ASSIGN_OR_RETURN(detail::SearchDocId docid, detail::searchDocId(impl.db, spec.name, r.id));
            indexJobs.push_back({docid, prepared != nullptr ? prepared->searchText : detail::indexBody(r)});
        }
        FC_TRY(unpark(spec.name, r.id));
        note(spec.name, r.id, prepared != nullptr ? prepared->hash : detail::recordHash(r, detail::kCurrentSchemaVersion));
        return {};
    }

    // Writes the search index documents of the page in docid order (search_index.h: in any other
    // order FTS4 writes a segment per document that comes out of order).
    Status writeIndex() {
        std::stable_sort(indexJobs.begin(), indexJobs.end(),
                         [](const IndexJob& a, const IndexJob& b) { return a.doc.docid < b.doc.docid; });
        for (const auto& job : indexJobs) FC_TRY(detail::writeSearchDoc(impl.db, job.doc, job.body));
        indexJobs.clear();
        return {};
    }

    // Writes the staged records; one whose parent is not here yet is parked.
    Status flushStaged() {
        if (staged.empty()) return {};
        const RecordTypeSpec& spec = *staged.type();
        FC_ASSIGN_OR_RETURN(auto outcome, staged.flush());
        for (const auto& row : outcome.written) FC_TRY(written(spec, *row.doc, row.record(), true, row.prepared));
        for (const auto& [row, error] : outcome.notWritten) {
            if (!isForeignKeyFailure(error)) {
                return makeError(error.code, "cannot apply " + spec.name + " '" + row.record().id + "' from the server: " + error.message);
            }
            FC_TRY(park(*row.doc));
        }
        return {};
    }

    Status remove(const std::string& type, const std::string& id) {
        FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, typeNamed(type));
        FC_TRY(flushStaged());
        FC_TRY(writeIndex());
        FC_TRY(unpark(type, id));
        FC_TRY(releaseCitations(*spec, id));
        std::optional<detail::finding_counts::Key> countedIn;
        if (spec->name == "finding") {
            FC_ASSIGN_OR_RETURN(countedIn, detail::finding_counts::storedKey(impl.db, id));
        }
        auto del = impl.db.prepare("DELETE FROM " + spec->table + " WHERE id = ?");
        if (!del.ok()) return del.error();
        Status st = del->bind(1, id).run();
        if (!st.ok()) return makeError(st.error().code, "cannot remove " + type + " '" + id + "': " + st.error().message);
        const bool existed = impl.db.changes() > 0;
        if (existed) FC_TRY(detail::finding_counts::move(impl.db, countedIn, std::nullopt));
        auto sr = impl.db.prepare("DELETE FROM sync_records WHERE record_type = ? AND record_id = ?");
        if (!sr.ok()) return sr.error();
        FC_TRY(sr->bind(1, type).bind(2, id).run());
        FC_TRY(detail::removeFromSearchIndex(impl.db, type, id));
        // Photos received with it go too (their sealed files become orphans for the sweep).
        FC_ASSIGN_OR_RETURN(Statement * atts, impl.db.cached("DELETE FROM remote_attachments WHERE record_type = ? AND record_id = ?"));
        FC_TRY(atts->bind(1, type).bind(2, id).run());
        if (existed) note(type, id, "");
        return {};
    }

    // The photos and documents that came with a record: new ones are noted as received, a pending
    // one becomes available. One taken on this device (in `attachments`) is left as it is.
    Status receiveAttachments(const std::vector<ReceivedAttachment>& list) {
        for (const auto& r : list) {
            FC_ASSIGN_OR_RETURN(Statement * own, impl.db.cached("SELECT 1 FROM attachments WHERE id = ?"));
            own->bind(1, r.meta.id);
            auto mine = own->step();
            if (!mine.ok()) return mine.error();
            const bool taken = mine.value();
            own->reset();
            if (taken) continue;
            FC_ASSIGN_OR_RETURN(Statement * upd, impl.db.cached("UPDATE OR FAIL remote_attachments SET available = ? WHERE id = ?"));
            FC_TRY(upd->bind(1, int64_t{r.available ? 1 : 0}).bind(2, r.meta.id).run());
            if (impl.db.changes() == 0) {
                FC_ASSIGN_OR_RETURN(Statement * ins, impl.db.cached(
                    "INSERT INTO remote_attachments(id, record_type, record_id, media_type, file_name, size_bytes, sha256, captured_ms, "
                    "captured_by, available) VALUES (?,?,?,?,?,?,?,?,?,?)"));
                ins->bind(1, r.meta.id).bind(2, r.meta.recordType).bind(3, r.meta.recordId).bind(4, r.meta.mediaType);
                ins->bind(5, r.meta.fileName).bind(6, r.meta.sizeBytes).bind(7, r.meta.sha256).bind(8, r.meta.capturedMs);
                FC_TRY(ins->bind(9, r.meta.capturedBy).bind(10, int64_t{r.available ? 1 : 0}).run());
            }
            // Bound into the chain with the page: which bytes are evidence for which record.
            note("remote_attachment", r.meta.id, sha256Hex(r.meta.toJson().dump()));
        }
        return {};
    }

    // A record leaving the device may still be cited by records the device keeps (a measure citing
    // a finding that moved to another unit). The server sends those as the reader may see them: an
    // optional reference to a record out of sight left out, a record whose required one is out of
    // sight not at all (server/src/sync_storage.cpp, visibleDoc). The device does the same here,
    // so the removal always succeeds and the device still equals what the server says it holds:
    // the optional reference is cleared (the manifest records the record's new content) and a
    // record with a required one is removed too.
    Status releaseCitations(const RecordTypeSpec& target, const std::string& id) {
        for (const auto& spec : recordTypes()) {
            for (const auto& f : spec.fields) {
                if (f.kind != FieldKind::Reference || f.refType != target.name) continue;
                std::vector<std::string> citing;
                FC_TRY(detail::forEachRow(impl.db, "SELECT id FROM " + spec.table + " WHERE " + f.name + " = ?", {id},
                                          [&](const Statement& row) { citing.push_back(row.text(0)); }));
                for (const auto& citingId : citing) {
                    if (f.required) {
                        FC_TRY(remove(spec.name, citingId));
                        continue;
                    }
                    FC_ASSIGN_OR_RETURN(Record before, impl.fetch(spec, citingId));
                    Record after = before;
                    after.fields[f.name] = nullptr;
                    FC_TRY(updateRow(impl, spec, after, &before));
                    note(spec.name, citingId, detail::recordHash(after, detail::kCurrentSchemaVersion));
                }
            }
        }
        return {};
    }

    Status removeScope(const std::string& scope) {
        std::vector<std::pair<std::string, std::string>> victims;
        FC_TRY(detail::forEachRow(impl.db, "SELECT record_type, record_id FROM sync_records WHERE scope = ?", {scope},
                                  [&](const Statement& row) { victims.emplace_back(row.text(0), row.text(1)); }));
        // Children before parents, so no reference is left dangling on the way.
        std::stable_sort(victims.begin(), victims.end(),
                         [](const auto& a, const auto& b) { return typeRank(a.first) > typeRank(b.first); });
        for (const auto& [type, id] : victims) FC_TRY(remove(type, id));
        return {};
    }

    Status park(const RecordDoc& doc) {
        anyParked = true;
        auto put = impl.db.prepare("INSERT OR REPLACE INTO sync_parked(record_type, record_id, doc) VALUES (?,?,?)");
        if (!put.ok()) return put.error();
        return put->bind(1, doc.record.type).bind(2, doc.record.id).bind(3, doc.toJson().dump()).run();
    }

    Status unpark(const std::string& type, const std::string& id) {
        if (!anyParked) return {};
        FC_ASSIGN_OR_RETURN(Statement * del, impl.db.cached("DELETE FROM sync_parked WHERE record_type = ? AND record_id = ?"));
        return del->bind(1, type).bind(2, id).run();
    }

    // Retries parked records until no more of them can be applied.
    Status retryParked() {
        if (!anyParked) return {};
        FC_ASSIGN_OR_RETURN(int64_t waiting, impl.db.queryInt("SELECT count(*) FROM sync_parked"));
        while (waiting > 0) {
            std::vector<RecordDoc> parked;
            FC_TRY(detail::forEachRow(impl.db, "SELECT doc FROM sync_parked", {}, [&](const Statement& row) {
                auto doc = RecordDoc::fromJson(nlohmann::json::parse(row.text(0), nullptr, false));
                if (doc.ok()) parked.push_back(std::move(doc).value());
            }));
            std::stable_sort(parked.begin(), parked.end(), [](const RecordDoc& a, const RecordDoc& b) {
                return typeRank(a.record.type) < typeRank(b.record.type);
            });
            for (const auto& doc : parked) {
                FC_ASSIGN_OR_RETURN(bool applied, upsert(doc));
                (void)applied;  // a record not applied stays parked
            }
            FC_TRY(flushStaged());  // before `parked`, which the staged rows point into, goes
            FC_ASSIGN_OR_RETURN(int64_t left, impl.db.queryInt("SELECT count(*) FROM sync_parked"));
            if (left >= waiting) return {};
            waiting = left;
        }
        return {};
    }

    // One audit entry for the page; its hash covers the manifest, which is kept beside it.
    Status finish(const std::string& action, const std::string& label) {
        FC_TRY(flushStaged());
        FC_TRY(writeIndex());
        if (manifest.empty()) return {};
        FC_ASSIGN_OR_RETURN(int64_t seq, impl.appendAudit(action, "sync", label, sha256Hex(manifest)));
        auto put = impl.db.prepare("INSERT INTO sync_pages(audit_seq, manifest) VALUES (?, ?)");
        if (!put.ok()) return put.error();
        return put->bind(1, seq).bind(2, manifest).run();
    }
};

Status putState(detail::Database& db, const std::string& key, const std::string& value) {
    auto put = db.prepare("INSERT OR REPLACE INTO sync_state(key, value) VALUES (?, ?)");
    if (!put.ok()) return put.error();
    return put->bind(1, key).bind(2, value).run();
}

}  // namespace

// ---- RecordDoc ------------------------------------------------------------------------------

nlohmann::json RecordDoc::toJson() const {
    nlohmann::json fields = nlohmann::json::object();
    for (auto it = record.fields.begin(); it != record.fields.end(); ++it) {
        if (!it.value().is_null()) fields[it.key()] = it.value();
    }
    nlohmann::json j = {{"type", record.type},
                        {"id", record.id},
                        {"version", record.version},
                        {"created_ms", record.createdMs},
                        {"created_by", record.createdBy},
                        {"updated_ms", record.updatedMs},
                        {"updated_by", record.updatedBy},
                        {"withdrawn", record.withdrawn},
                        {"fields", std::move(fields)},
                        {"scope", scope},
                        {"fv", fieldVersions},
                        {"conflicts", conflicts}};
    if (record.withdrawn) j["withdrawn_reason"] = record.withdrawnReason;
    return j;
}

namespace {

// What the device later reads of a record's field versions and conflicts must have the shape it
// expects: a damaged or hostile page is refused here, whole, instead of throwing (or casting a
// float) deep in the store's code.
Status checkFieldVersions(const nlohmann::json& fv) {
    auto bad = [](const std::string& what) { return makeError(ErrorCode::InvalidArgument, "record: 'fv' " + what); };
    if (!fv.is_object()) return bad("must be an object");
    for (auto it = fv.begin(); it != fv.end(); ++it) {
        const auto& v = it.value();
        if (v.is_number_integer()) continue;
        if (!v.is_object()) return bad("of '" + it.key() + "' must be a whole number or an object");
        for (const char* k : {"v", "r"}) {
            if (v.contains(k) && !jsonInt(v, k)) return bad("of '" + it.key() + "': '" + k + "' must be a whole number");
        }
        for (const char* k : {"h", "d"}) {
            if (v.contains(k) && !v[k].is_string()) return bad("of '" + it.key() + "': '" + k + "' must be a string");
        }
    }
    return {};
}

Status checkConflicts(const nlohmann::json& conflicts) {
    auto bad = [](const std::string& what) { return makeError(ErrorCode::InvalidArgument, "record: conflict " + what); };
    if (!conflicts.is_array()) return bad("list must be an array");
    for (const auto& c : conflicts) {
        if (!c.is_object()) return bad("must be an object");
        for (const char* k : {"id", "field"}) {
            if (!c.contains(k) || !c[k].is_string()) return bad(std::string("'") + k + "' must be a string");
        }
        if (c.contains("shown") && !jsonInt(c, "shown", 0)) return bad("'shown' must be a whole number");
        if (!c.contains("candidates") || !c["candidates"].is_array()) return bad("'candidates' must be an array");
        for (const auto& cand : c["candidates"]) {
            if (!cand.is_object()) return bad("candidates must be objects");
            for (const char* k : {"hlc", "device", "by", "op", "reason"}) {
                if (cand.contains(k) && !cand[k].is_string()) return bad(std::string("candidate '") + k + "' must be a string");
            }
            if (cand.contains("changes") && !cand["changes"].is_object()) return bad("candidate 'changes' must be an object");
        }
    }
    return {};
}

}  // namespace

Result<RecordDoc> RecordDoc::fromJson(const nlohmann::json& j) {
    if (!j.is_object()) return makeError(ErrorCode::InvalidArgument, "a record must be a JSON object");
    auto str = [&](const char* key) -> Result<std::string> {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) return makeError(ErrorCode::InvalidArgument, std::string("record: '") + key + "' must be a string");
        return it->get<std::string>();
    };
    auto num = [&](const char* key) -> Result<int64_t> {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer()) return makeError(ErrorCode::InvalidArgument, std::string("record: '") + key + "' must be an integer");
        return it->get<int64_t>();
    };
    RecordDoc doc;
    FC_ASSIGN_OR_RETURN(doc.record.type, str("type"));
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, typeNamed(doc.record.type));
    FC_ASSIGN_OR_RETURN(doc.record.id, str("id"));
    if (!isValidId(doc.record.id)) return makeError(ErrorCode::InvalidArgument, "record: id '" + doc.record.id + "' is not a valid record id");
    FC_ASSIGN_OR_RETURN(doc.record.version, num("version"));
    FC_ASSIGN_OR_RETURN(doc.record.createdMs, num("created_ms"));
    FC_ASSIGN_OR_RETURN(doc.record.createdBy, str("created_by"));
    FC_ASSIGN_OR_RETURN(doc.record.updatedMs, num("updated_ms"));
    FC_ASSIGN_OR_RETURN(doc.record.updatedBy, str("updated_by"));
    auto withdrawn = j.find("withdrawn");
    if (withdrawn == j.end() || !withdrawn->is_boolean()) return makeError(ErrorCode::InvalidArgument, "record: 'withdrawn' must be true or false");
    doc.record.withdrawn = withdrawn->get<bool>();
    // Optional text: absent or null is "", anything else but a string is an error (the JSON
    // library's value() would throw; found by fuzzing pulled pages).
    auto optionalStr = [&](const char* key) -> Result<std::string> {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return std::string();
        if (!it->is_string()) return makeError(ErrorCode::InvalidArgument, std::string("record: '") + key + "' must be a string");
        return it->get<std::string>();
    };
    if (doc.record.withdrawn) {
        FC_ASSIGN_OR_RETURN(doc.record.withdrawnReason, optionalStr("withdrawn_reason"));
    }
    auto fields = j.find("fields");
    if (fields == j.end() || !fields->is_object()) return makeError(ErrorCode::InvalidArgument, "record: 'fields' must be an object");
    // Values already normalised by the server; checking them again catches a damaged page.
    auto normalized = detail::normalizeFields(*spec, *fields, false);
    if (!normalized.ok()) {
        return makeError(ErrorCode::InvalidArgument, spec->name + " '" + doc.record.id + "': " + normalized.error().message);
    }
    doc.record.fields = nlohmann::json::object();
    for (const auto& f : spec->fields) doc.record.fields[f.name] = normalized->value(f.name, nlohmann::json());
    FC_ASSIGN_OR_RETURN(doc.scope, optionalStr("scope"));
    if (auto fv = j.find("fv"); fv != j.end()) doc.fieldVersions = *fv;
    if (auto c = j.find("conflicts"); c != j.end()) doc.conflicts = *c;
    FC_TRY(checkFieldVersions(doc.fieldVersions));
    FC_TRY(checkConflicts(doc.conflicts));
    return doc;
}

bool isValidId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    });
}

std::string canonicalDump(std::vector<RecordDoc> docs) {
    std::sort(docs.begin(), docs.end(), [](const RecordDoc& a, const RecordDoc& b) {
        return std::tie(a.record.type, a.record.id) < std::tie(b.record.type, b.record.id);
    });
    std::string out;
    for (const auto& d : docs) {
        nlohmann::json fields = nlohmann::json::object();
        for (auto it = d.record.fields.begin(); it != d.record.fields.end(); ++it) {
            if (!it.value().is_null()) fields[it.key()] = it.value();
        }
        nlohmann::json conflicts = nlohmann::json::array();
        for (const auto& c : d.conflicts) conflicts.push_back({{"id", c.value("id", "")}, {"field", c.value("field", "")}, {"shown", c.value("shown", 0)}});
        nlohmann::json line = {{"t", d.record.type},
                               {"id", d.record.id},
                               {"v", d.record.version},
                               {"w", d.record.withdrawn},
                               {"wr", d.record.withdrawn ? d.record.withdrawnReason : std::string()},
                               {"f", fields},
                               {"c", conflicts}};
        out += line.dump() + "\n";
    }
    return out;
}

// ---- device side ----------------------------------------------------------------------------

namespace {

// A record's "attachments" as a pull page carries them: each with a valid id, the record it is
// evidence for, a SHA-256 and a size.
Result<std::vector<ReceivedAttachment>> parseReceivedAttachments(const nlohmann::json& list, const Record& owner) {
    if (!list.is_array()) return makeError(ErrorCode::IoError, "'attachments' must be an array");
    std::vector<ReceivedAttachment> out;
    for (size_t i = 0; i < list.size(); ++i) {
        const auto& a = list[i];
        const std::string where = "attachment " + std::to_string(i);
        if (!a.is_object()) return makeError(ErrorCode::IoError, where + " is not an object");
        auto text = [&](const char* key) { return jsonString(a, key); };
        ReceivedAttachment r;
        auto id = text("id"), media = text("media_type"), name = text("file_name"), sha = text("sha256"), by = text("captured_by");
        auto size = jsonInt(a, "size_bytes", 0), at = jsonInt(a, "captured_at", 0);
        auto available = a.find("available");
        if (!id || !isValidId(*id) || !media || !name || !sha || sha->size() != 64 || !by || !size || !at || available == a.end() ||
            !available->is_boolean()) {
            return makeError(ErrorCode::IoError, where + ": needs a valid 'id', 'media_type', 'file_name', a 64-digit 'sha256', "
                                                         "'size_bytes', 'captured_at', 'captured_by' and 'available'");
        }
        if (text("record_type").value_or(owner.type) != owner.type || text("record_id").value_or(owner.id) != owner.id) {
            return makeError(ErrorCode::IoError, where + " names another record than the one it came with");
        }
        r.meta = {*id, owner.type, owner.id, *media, *name, *size, *sha, *at, *by};
        r.available = available->get<bool>();
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

Result<std::vector<PulledChange>> parsePulledChanges(const nlohmann::json& changes) {
    if (!changes.is_array()) return makeError(ErrorCode::IoError, "'changes' must be an array");
    std::vector<PulledChange> out;
    out.reserve(changes.size());
    // A string member of a change, "" when it is absent or not a string (json::value() threw for a
    // member of another type: found by fuzz_pulled_page).
    auto text = [](const nlohmann::json& c, const char* key) { return jsonString(c, key).value_or(""); };
    for (size_t i = 0; i < changes.size(); ++i) {
        const auto& c = changes[i];
        if (!c.is_object()) return makeError(ErrorCode::IoError, "change " + std::to_string(i) + " is not an object");
        const std::string op = text(c, "op");
        PulledChange pc;
        if (op == "upsert") {
            auto doc = RecordDoc::fromJson(c.value("record", nlohmann::json()));
            if (!doc.ok()) return makeError(ErrorCode::IoError, "change " + std::to_string(i) + ": " + doc.error().message);
            pc.doc = std::move(doc).value();
            pc.prepared.hash = detail::recordHash(pc.doc.record, detail::kCurrentSchemaVersion);
            pc.prepared.searchText = detail::indexBody(pc.doc.record);
            pc.prepared.fieldVersions = pc.doc.fieldVersions.dump();
            pc.prepared.conflicts = pc.doc.conflicts.dump();
            auto atts = c.find("attachments");
            if (atts != c.end()) {
                auto parsedAtts = parseReceivedAttachments(*atts, pc.doc.record);
                if (!parsedAtts.ok()) return makeError(ErrorCode::IoError, "change " + std::to_string(i) + ": " + parsedAtts.error().message);
                pc.attachments = std::move(parsedAtts).value();
            }
        } else if (op == "remove") {
            pc.kind = PulledChange::Kind::Remove;
            pc.type = text(c, "type");
            pc.id = text(c, "id");
            if (pc.type.empty() || pc.id.empty()) {
                return makeError(ErrorCode::IoError, "change " + std::to_string(i) + ": a remove needs string fields 'type' and 'id'");
            }
        } else if (op == "remove_scope") {
            pc.kind = PulledChange::Kind::RemoveScope;
            pc.scope = text(c, "scope");
            if (pc.scope.empty()) return makeError(ErrorCode::IoError, "change " + std::to_string(i) + ": a remove_scope needs a string 'scope'");
        } else if (op.empty()) {
            return makeError(ErrorCode::IoError, "change " + std::to_string(i) + ": 'op' is missing or not a string");
        } else {
            return makeError(ErrorCode::IoError, "change " + std::to_string(i) + ": unknown change '" + op + "' (a newer server?)");
        }
        out.push_back(std::move(pc));
    }
    return out;
}

Result<std::optional<std::string>> offlineLock(Store& store) {
    FC_ASSIGN_OR_RETURN(auto last, syncState(store, "last_contact_ms"));
    FC_ASSIGN_OR_RETURN(auto limit, syncState(store, "max_offline_ms"));
    if (!last || !limit) return std::optional<std::string>();  // never enrolled, or an older server
    const int64_t lastMs = std::atoll(last->c_str()), limitMs = std::atoll(limit->c_str());
    const int64_t away = store.impl().nowMs() - lastMs;
    if (limitMs <= 0 || away <= limitMs) return std::optional<std::string>();
    const int64_t day = 24 * 3600 * 1000;
    return std::optional<std::string>("this device has not reached its server for " + std::to_string(away / day) +
                                      " day(s); the office allows " + std::to_string(limitMs / day) +
                                      ": it is locked until it syncs (fieldcheck sync)");
}

int64_t deviceNowMs(Store& store) { return store.impl().nowMs(); }

Result<std::optional<std::string>> syncState(Store& store, const std::string& key) {
    auto st = store.impl().db.prepare("SELECT value FROM sync_state WHERE key = ?");
    if (!st.ok()) return st.error();
    st->bind(1, key);
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Status setSyncState(Store& store, const std::string& key, const std::string& value) {
    FC_TRY(putState(store.impl().db, key, value));
    if (key == "role") store.impl().role = value;  // the permission table applies from now on
    return {};
}

Status applyPulledPage(Store& store, const std::vector<PulledChange>& changes, const std::string& cursor) {
    Store::Impl& impl = store.impl();
    Transaction tx(impl.db, impl.tx);
    FC_TRY(tx.begin());
    FC_ASSIGN_OR_RETURN(PageWriter page, PageWriter::start(impl));
    // Removals first, children before parents; then records, parents before children.
    std::vector<const PulledChange*> removals, upserts;
    for (const auto& c : changes) (c.kind == PulledChange::Kind::Upsert ? upserts : removals).push_back(&c);
    std::stable_sort(removals.begin(), removals.end(), [](const PulledChange* a, const PulledChange* b) {
        return typeRank(a->type) > typeRank(b->type);
    });
    for (const PulledChange* c : removals) {
        if (c->kind == PulledChange::Kind::RemoveScope) FC_TRY(page.removeScope(c->scope));
        else FC_TRY(page.remove(c->type, c->id));
    }
    std::stable_sort(upserts.begin(), upserts.end(), [](const PulledChange* a, const PulledChange* b) {
        return typeRank(a->doc.record.type) < typeRank(b->doc.record.type);
    });
    for (const PulledChange* c : upserts) {
        const PulledChange::Prepared* prepared = c->prepared.hash.empty() ? nullptr : &c->prepared;
        FC_ASSIGN_OR_RETURN(bool applied, page.upsert(c->doc, prepared));
        if (!applied) FC_TRY(page.park(c->doc));
        // Kept even for a parked record: they are shown once it arrives.
        FC_TRY(page.receiveAttachments(c->attachments));
    }
    FC_TRY(page.flushStaged());
    if (!upserts.empty()) FC_TRY(page.retryParked());
    FC_TRY(page.finish("sync-pull", cursor.substr(0, 64)));
    FC_TRY(putState(impl.db, "cursor", cursor));
    return tx.commit();
}

struct PullBatch::Impl {
    Store& store;
    std::unique_ptr<Transaction> tx;
};

PullBatch::PullBatch(Store& store) : m_impl(std::make_unique<Impl>(Impl{store, nullptr})) {}
PullBatch::~PullBatch() = default;  // an open transaction rolls back

Status PullBatch::begin() {
    if (m_impl->tx) return makeError(ErrorCode::Internal, "a pull batch is open already");
    Store::Impl& impl = m_impl->store.impl();
    auto tx = std::make_unique<Transaction>(impl.db, impl.tx);
    FC_TRY(tx->begin());
    m_impl->tx = std::move(tx);
    return {};
}

Status PullBatch::commit() {
    if (!m_impl->tx) return makeError(ErrorCode::Internal, "no pull batch is open");
    auto tx = std::move(m_impl->tx);
    return tx->commit();
}

bool PullBatch::open() const { return m_impl->tx != nullptr; }

Result<int64_t> parkedCount(Store& store) { return store.impl().db.queryInt("SELECT count(*) FROM sync_parked"); }

Result<std::vector<OutboxEntry>> unansweredOps(Store& store, int64_t limit, bool withAttachments) {
    std::vector<OutboxEntry> out;
    auto st = store.impl().db.prepare(std::string("SELECT ") + detail::kOutboxColumns + " FROM outbox WHERE state IN ('pending', 'sent')" +
                                      (withAttachments ? "" : " AND action != 'attach'") + " ORDER BY seq LIMIT ?");
    if (!st.ok()) return st.error();
    st->bind(1, limit);
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        out.push_back(detail::readOutboxRow(st.value()));
    }
    return out;
}

Result<int64_t> unansweredOpCount(Store& store, bool withAttachments) {
    return store.impl().db.queryInt(std::string("SELECT count(*) FROM outbox WHERE state IN ('pending', 'sent')") +
                                    (withAttachments ? "" : " AND action != 'attach'"));
}

Status markSent(Store& store, const std::vector<std::string>& opIds) {
    Store::Impl& impl = store.impl();
    Transaction tx(impl.db, impl.tx);
    FC_TRY(tx.begin());
    FC_ASSIGN_OR_RETURN(Statement * upd, impl.db.cached("UPDATE OR FAIL outbox SET state = 'sent' WHERE op_id = ? AND state = 'pending'"));
    for (const auto& id : opIds) {
        FC_TRY(upd->bind(1, id).run());
        upd->reset();
    }
    return tx.commit();
}

Status recordPushOutcomes(Store& store, const std::vector<OpOutcome>& outcomes) {
    Store::Impl& impl = store.impl();
    Transaction tx(impl.db, impl.tx);
    FC_TRY(tx.begin());
    FC_ASSIGN_OR_RETURN(Statement * upd, impl.db.cached("UPDATE OR FAIL outbox SET state = ?, result = ? WHERE op_id = ? AND state IN ('pending', 'sent')"));
    std::vector<std::pair<std::string, std::string>> gone;
    for (const auto& o : outcomes) {
        const std::string state = o.status == "rejected" ? "rejected" : "applied";
        nlohmann::json result = {{"status", o.status}};
        if (!o.reason.empty()) result["reason"] = o.reason;
        FC_TRY(upd->bind(1, state).bind(2, result.dump()).bind(3, o.opId).run());
        upd->reset();
    }
    FC_ASSIGN_OR_RETURN(PageWriter page, PageWriter::start(impl));
    for (const auto& o : outcomes) {
        if (o.doc) {
            FC_ASSIGN_OR_RETURN(bool applied, page.upsert(*o.doc));
            if (!applied) FC_TRY(page.park(*o.doc));
        } else if (o.recordGone) {
            // The server does not have the record (its creation was refused): the device follows,
            // unless another op of this device still waits for an answer about it. The op itself,
            // with every value, stays in the outbox as 'rejected'.
            auto op = impl.db.prepare("SELECT record_type, record_id FROM outbox WHERE op_id = ?");
            if (!op.ok()) return op.error();
            op->bind(1, o.opId);
            auto row = op->step();
            if (!row.ok()) return row.error();
            if (!row.value()) continue;
            const std::string type = op->text(0), id = op->text(1);
            FC_ASSIGN_OR_RETURN(LocalOverlay overlay, unansweredOverlay(impl.db, type, id));
            if (!overlay.any) FC_TRY(page.remove(type, id));
        }
    }
    FC_TRY(page.finish("sync-push", "push"));
    return tx.commit();
}

Result<std::vector<OutboxEntry>> rejectedOps(Store& store) {
    std::vector<OutboxEntry> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                              std::string("SELECT ") + detail::kOutboxColumns + " FROM outbox WHERE state = 'rejected' ORDER BY seq", {},
                              [&](const Statement& row) { out.push_back(detail::readOutboxRow(row)); }));
    return out;
}

Result<std::vector<OpenConflict>> openConflicts(Store& store) {
    std::vector<OpenConflict> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                              // No ORDER BY: SQLite would walk the primary key (every record)
                              // to give that order instead of the small partial index.
                              "SELECT record_type, record_id, conflicts FROM sync_records WHERE open_conflicts > 0",
                              {}, [&](const Statement& row) {
        auto conflicts = nlohmann::json::parse(row.text(2), nullptr, false);
        if (!conflicts.is_array()) return;
        for (const auto& c : conflicts) {
            OpenConflict oc;
            oc.recordType = row.text(0);
            oc.recordId = row.text(1);
            oc.conflictId = c.value("id", "");
            oc.field = c.value("field", "");
            oc.candidates = c.value("candidates", nlohmann::json::array());
            oc.shown = c.value("shown", 0);
            out.push_back(std::move(oc));
        }
    }));
    std::sort(out.begin(), out.end(), [](const OpenConflict& a, const OpenConflict& b) {
        return std::tie(a.recordType, a.recordId, a.conflictId) < std::tie(b.recordType, b.recordId, b.conflictId);
    });
    return out;
}

Status resolveConflict(Store& store, const std::string& recordType, const std::string& recordId,
                       const std::string& conflictId, int choice) {
    Store::Impl& impl = store.impl();
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, typeNamed(recordType));
    Transaction tx(impl.db, impl.tx);
    FC_TRY(tx.begin());
    auto sel = impl.db.prepare("SELECT conflicts FROM sync_records WHERE record_type = ? AND record_id = ?");
    if (!sel.ok()) return sel.error();
    sel->bind(1, recordType).bind(2, recordId);
    auto row = sel->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return makeError(ErrorCode::NotFound, recordType + " '" + recordId + "' has no conflicts");
    auto conflicts = nlohmann::json::parse(sel->text(0), nullptr, false);
    sel->reset();
    FC_ASSIGN_OR_RETURN(const Record before, impl.fetch(*spec, recordId));
    // The same decision the server will make (merge.h): which writes the choice makes.
    FC_ASSIGN_OR_RETURN(merge::Resolution chosen, merge::resolution(before, conflicts, conflictId, choice));
    FC_TRY(impl.authorize(permissions::resolution(spec->name, before, chosen.field, chosen.chosenValue)));
    detail::StoreLookup lookup(impl);
    Record r = before;
    for (const auto& w : chosen.writes) {
        switch (w.kind) {
            case merge::Write::Kind::Restore:
                r.withdrawn = false;
                r.withdrawnReason.clear();
                break;
            case merge::Write::Kind::Withdraw:
                r.withdrawn = true;
                r.withdrawnReason = w.reason;
                break;
            case merge::Write::Kind::Update: {
                auto normalized = detail::normalizeFields(*spec, w.fields, false);
                const Status usable = normalized.ok() ? record_rules::checkReferences(*spec, *normalized, lookup) : Status(normalized.error());
                if (!usable.ok()) {
                    if (chosen.field != "_withdrawn") return usable;
                    // An edit waiting as a restore may carry values withheld from this device (a
                    // record outside its scope): the server applies the real ones and its answer
                    // brings them.
                    break;
                }
                for (auto c = normalized->begin(); c != normalized->end(); ++c) r.fields[c.key()] = c.value();
                break;
            }
            case merge::Write::Kind::Create:
                return makeError(ErrorCode::Internal, "a conflict's resolution cannot create a record");
        }
    }
    // The domain rules, as for any edit: computed fields and the guards on life-cycle moves.
    if (!r.withdrawn) FC_TRY(record_rules::applyRules(*spec, &before, r, impl.nowMs(), lookup));
    r.version += 1;
    r.updatedMs = impl.nowMs();
    r.updatedBy = impl.actor();
    FC_TRY(updateRow(impl, *spec, r, nullptr));
    FC_TRY(detail::afterRecordWrite(impl, *spec, &before, r));
    conflicts = chosen.remaining;
    // Until the server confirms, the conflict is no longer shown as open on this device.
    auto put = impl.db.prepare("UPDATE sync_records SET conflicts = ?, open_conflicts = ? WHERE record_type = ? AND record_id = ?");
    if (!put.ok()) return put.error();
    FC_TRY(put->bind(1, conflicts.dump()).bind(2, static_cast<int64_t>(conflicts.size())).bind(3, recordType).bind(4, recordId).run());
    nlohmann::json payload = {{"conflict_id", conflictId}, {"choice", choice}, {"field", chosen.field}, {"value", chosen.chosenValue}};
    FC_TRY(impl.appendAuditAndOutbox("resolve", spec->name, recordId, detail::recordHash(r, detail::kCurrentSchemaVersion), r.version - 1, payload));
    return tx.commit();
}

Result<std::vector<RecordDoc>> localDocs(Store& store) {
    Store::Impl& impl = store.impl();
    std::map<std::pair<std::string, std::string>, std::pair<nlohmann::json, nlohmann::json>> sync;
    std::map<std::pair<std::string, std::string>, std::pair<std::string, int64_t>> meta;
    FC_TRY(detail::forEachRow(impl.db, "SELECT record_type, record_id, field_versions, conflicts, scope, server_version FROM sync_records", {},
                              [&](const Statement& row) {
        sync[{row.text(0), row.text(1)}] = {nlohmann::json::parse(row.text(2), nullptr, false),
                                            nlohmann::json::parse(row.text(3), nullptr, false)};
        meta[{row.text(0), row.text(1)}] = {row.text(4), row.int64(5)};
    }));
    std::vector<RecordDoc> out;
    for (const auto& spec : recordTypes()) {
        FC_TRY(detail::forEachRow(impl.db, "SELECT " + detail::recordSelectColumns(spec) + " FROM " + spec.table, {},
                                  [&](const Statement& row) {
            RecordDoc d;
            d.record = detail::readRecord(spec, row);
            auto it = sync.find({spec.name, d.record.id});
            if (it != sync.end()) {
                d.fieldVersions = it->second.first;
                d.conflicts = it->second.second;
                d.scope = meta[{spec.name, d.record.id}].first;
            }
            out.push_back(std::move(d));
        }));
    }
    return out;
}

// ---- server side ----------------------------------------------------------------------------

Result<Record> createRecordWithId(Store& store, const std::string& type, const std::string& id, const nlohmann::json& fields) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, typeNamed(type));
    if (!isValidId(id)) return makeError(ErrorCode::InvalidArgument, "'" + id + "' is not a valid record id");
    return store.impl().createWithId(*spec, id, fields);
}

Result<Record> restoreRecord(Store& store, const std::string& type, const std::string& id) {
    Store::Impl& impl = store.impl();
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, typeNamed(type));
    Transaction tx(impl.db, impl.tx);
    FC_TRY(tx.begin());
    FC_ASSIGN_OR_RETURN(Record r, impl.fetch(*spec, id));
    if (!r.withdrawn) return makeError(ErrorCode::IllegalTransition, type + " '" + id + "' is not withdrawn");
    r.withdrawn = false;
    r.withdrawnReason.clear();
    r.version += 1;
    r.updatedMs = impl.nowMs();
    r.updatedBy = impl.actor();
    FC_TRY(updateRow(impl, *spec, r, nullptr));
    if (!impl.options.serverReplica) FC_TRY(detail::updateSearchIndex(impl.db, *spec, r));  // as afterRecordWrite
    FC_TRY(impl.appendAuditAndOutbox("restore", spec->name, id, detail::recordHash(r, detail::kCurrentSchemaVersion), r.version - 1, nlohmann::json::object()));
    FC_TRY(tx.commit());
    return r;
}

bool isComputedField(const std::string& type, const std::string& field) {
    const RecordTypeSpec* spec = findRecordType(type);
    if (spec == nullptr) return false;
    const FieldSpec* f = spec->field(field);
    return f != nullptr && f->computed;
}

Result<nlohmann::json> normalizeFields(const std::string& type, const nlohmann::json& fields) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, typeNamed(type));
    return detail::normalizeFields(*spec, fields, false);
}

}  // namespace fieldcheck::replication
