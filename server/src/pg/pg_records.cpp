#include "pg_records.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/record_rules.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::server::pg {

namespace {

// What the first entry of a chain links to, as on a device (store.cpp; migration 2's head row).
const std::string kGenesisHash(64, '0');

// Rows read at a time when verifyAudit() walks the whole chain and every record.
constexpr int64_t kVerifyPage = 5000;

constexpr const char* kRecordColumns =
    "record_id, version, created_ms, created_by, updated_ms, updated_by, withdrawn_ms IS NOT NULL, "
    "coalesce(withdrawn_reason, ''), fields";
constexpr const char* kAuditColumns =
    "seq, device_id, prev_hash, actor, at_ms, action, record_type, record_id, fields_sha256, entry_hash, schema_version";

// A field's value inside the stored JSON, as an SQL expression. Field names are the spec's own
// identifiers, never a caller's text; they are spliced in (as the device splices column names) so
// that an index on the expression (migration 2's unit_id) can serve a query.
Result<std::string> jsonField(const FieldSpec& f, const char* op) {
    if (f.name.empty() || f.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
        return makeError(ErrorCode::Internal, "field name '" + f.name + "' cannot be used in SQL");
    }
    return std::string("(fields::json ") + op + " '" + f.name + "')";
}

// The JSON text a value is stored as (nlohmann's dump, as the record was written); nullopt for text
// that is not UTF-8, which no stored value can be.
std::optional<std::string> jsonText(const nlohmann::json& value) {
    try {
        return value.dump();
    } catch (const nlohmann::json::type_error&) {
        return std::nullopt;
    }
}

// "Field equals the JSON text in parameter $n". The stored text is nlohmann's dump and `->` on a
// json value returns its exact text, so equal texts are equal values of the field's kind, as
// SQLite's comparison of the device's typed columns has them.
Result<std::string> equalsClause(const FieldSpec& f, bool isNull, size_t n) {
    FC_ASSIGN_OR_RETURN(std::string value, jsonField(f, "->"));
    if (isNull) return "coalesce(" + value + "::text, 'null') = 'null'";  // an absent field is null too
    return value + "::text = $" + std::to_string(n);
}

// The expression `list()` orders by, so that the order is the device's: its columns' types, text in
// byte order (SQLite's BINARY collation), null first.
Result<std::string> orderExpression(const FieldSpec& f) {
    FC_ASSIGN_OR_RETURN(std::string text, jsonField(f, "->>"));
    switch (f.kind) {
        case FieldKind::Integer: return text + "::bigint";
        case FieldKind::Real: return text + "::double precision";
        case FieldKind::Money: return text + "::numeric";
        case FieldKind::Bool: return text + "::boolean";
        case FieldKind::Json: {  // the device keeps the document's text
            FC_ASSIGN_OR_RETURN(std::string doc, jsonField(f, "->"));
            return doc + "::text COLLATE \"C\"";
        }
        default: return text + " COLLATE \"C\"";
    }
}

// A field's value as stored. JSON reads a non-negative whole number back as unsigned and an
// integral double may have been written by another program as "2": the field's kind says what the
// value is, as the device's typed columns do (columnToJson).
nlohmann::json storedValue(const FieldSpec& f, const nlohmann::json& fields) {
    auto it = fields.find(f.name);
    if (it == fields.end() || it->is_null()) return nullptr;  // absent: a field the type gained since
    if (f.kind == FieldKind::Integer && it->is_number_integer()) return it->get<int64_t>();
    if (f.kind == FieldKind::Real && it->is_number()) return it->get<double>();
    return *it;
}

// The record in row `i` (kRecordColumns); nullopt when its fields are not a JSON object.
std::optional<Record> readRecord(const RecordTypeSpec& spec, const Rows& rows, int i) {
    const nlohmann::json stored = nlohmann::json::parse(rows.text(i, 8), nullptr, false);
    if (stored.is_discarded() || !stored.is_object()) return std::nullopt;
    Record r;
    r.type = spec.name;
    r.id = rows.text(i, 0);
    r.version = rows.int64(i, 1);
    r.createdMs = rows.int64(i, 2);
    r.createdBy = rows.text(i, 3);
    r.updatedMs = rows.int64(i, 4);
    r.updatedBy = rows.text(i, 5);
    r.withdrawn = rows.boolean(i, 6);
    r.withdrawnReason = rows.text(i, 7);
    for (const auto& f : spec.fields) r.fields[f.name] = storedValue(f, stored);
    return r;
}

Result<std::vector<Record>> readRecords(const RecordTypeSpec& spec, const Rows& rows) {
    std::vector<Record> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        auto r = readRecord(spec, rows, i);
        if (!r) return makeError(ErrorCode::Corrupt, spec.name + " '" + rows.text(i, 0) + "' has stored fields that are not a JSON object");
        out.push_back(std::move(*r));
    }
    return out;
}

Result<Record> fetchRecord(Connection& conn, const RecordTypeSpec& spec, const std::string& id, bool forUpdate) {
    FC_ASSIGN_OR_RETURN(Rows rows, conn.exec(std::string("SELECT ") + kRecordColumns +
                                                 " FROM srv_record_data WHERE record_type = $1 AND record_id = $2" +
                                                 (forUpdate ? " FOR UPDATE" : ""),
                                             {param(spec.name), param(id)}));
    if (rows.empty()) return makeError(ErrorCode::NotFound, "no " + spec.name + " with id '" + id + "'");
    FC_ASSIGN_OR_RETURN(std::vector<Record> one, readRecords(spec, rows));
    return std::move(one.front());
}

AuditEntry readAuditRow(const Rows& rows, int i) {
    AuditEntry e;
    e.seq = rows.int64(i, 0);
    e.deviceId = rows.text(i, 1);
    e.prevHash = rows.text(i, 2);
    e.actor = rows.text(i, 3);
    e.atMs = rows.int64(i, 4);
    e.action = rows.text(i, 5);
    e.recordType = rows.text(i, 6);
    e.recordId = rows.text(i, 7);
    e.fieldsSha256 = rows.text(i, 8);
    e.entryHash = rows.text(i, 9);
    e.schemaVersion = static_cast<int>(rows.int64(i, 10));
    return e;
}

std::vector<AuditEntry> readAuditRows(const Rows& rows) {
    std::vector<AuditEntry> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) out.push_back(readAuditRow(rows, i));
    return out;
}

// The other records the rules consult, read in the writer's transaction (after the chain's head
// is locked: in READ COMMITTED they see every write committed before this one).
class PgLookup final : public record_rules::Lookup {
public:
    explicit PgLookup(Connection& conn) : m_conn(conn) {}

    Result<Record> fetch(const RecordTypeSpec& spec, const std::string& id) override { return fetchRecord(m_conn, spec, id, false); }

    Result<bool> exists(const RecordTypeSpec& spec, const std::string& id) override {
        FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec("SELECT 1 FROM srv_record_data WHERE record_type = $1 AND record_id = $2",
                                                   {param(spec.name), param(id)}));
        return !rows.empty();
    }

    Result<std::vector<Record>> active(const RecordTypeSpec& spec, const std::string& field, const std::string& value) override {
        const FieldSpec* f = spec.field(field);
        if (f == nullptr) return makeError(ErrorCode::Internal, spec.name + " has no field '" + field + "'");
        const auto text = jsonText(value);
        if (!text) return std::vector<Record>();
        FC_ASSIGN_OR_RETURN(std::string equals, equalsClause(*f, false, 2));
        FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kRecordColumns +
                                                       " FROM srv_record_data WHERE record_type = $1 AND withdrawn_ms IS NULL AND " +
                                                       equals + " ORDER BY record_id COLLATE \"C\"",
                                                   {param(spec.name), param(*text)}));
        return readRecords(spec, rows);
    }

private:
    Connection& m_conn;
};

}  // namespace

PgRecordStore::PgRecordStore(Connection& conn, std::string deviceId) : m_conn(conn), m_deviceId(std::move(deviceId)) {}

// ---- reads ----------------------------------------------------------------------------------

Result<Record> PgRecordStore::get(const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(type));
    return fetchRecord(m_conn, *spec, id, false);
}

Result<std::vector<Record>> PgRecordStore::getMany(const std::string& type, const std::vector<std::string>& ids) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(type));
    if (ids.empty()) return std::vector<Record>();
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kRecordColumns +
                                                   " FROM srv_record_data WHERE record_type = $1 AND record_id = ANY($2::text[])",
                                               {param(spec->name), param(textArray(ids))}));
    return readRecords(*spec, rows);
}

Result<std::vector<Record>> PgRecordStore::list(const std::string& type, const ListQuery& query) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(type));
    // The filter's values are normalised as Store::listRecords does (a choice's label is its code,
    // "12.5" yuan is "12.50"), so that "equals" means what it means on a device.
    nlohmann::json filter = nlohmann::json::object();
    for (const auto& [field, value] : query.equals) filter[field] = value;
    FC_ASSIGN_OR_RETURN(nlohmann::json normalized, replication::normalizeFields(spec->name, filter));

    std::string sql = std::string("SELECT ") + kRecordColumns + " FROM srv_record_data WHERE record_type = $1";
    Params params{param(spec->name)};
    for (auto it = normalized.begin(); it != normalized.end(); ++it) {
        const auto text = jsonText(*it);
        if (!text) return std::vector<Record>();
        FC_ASSIGN_OR_RETURN(std::string equals, equalsClause(*spec->field(it.key()), it->is_null(), params.size() + 1));
        sql += " AND " + equals;
        if (!it->is_null()) params.push_back(*text);
    }
    if (!query.includeWithdrawn) sql += " AND withdrawn_ms IS NULL";

    // Ties in the order of creation (row_no, the device's rowid), in the same direction.
    const std::string dir = query.descending ? " DESC" : "";
    if (query.orderBy.empty()) {
        sql += " ORDER BY created_ms" + dir + ", row_no" + dir;
    } else {
        const FieldSpec* f = spec->field(query.orderBy);
        if (f == nullptr) return makeError(ErrorCode::InvalidArgument, spec->name + " has no field '" + query.orderBy + "' to order by");
        FC_ASSIGN_OR_RETURN(std::string by, orderExpression(*f));
        // SQLite sorts null before every value.
        sql += " ORDER BY " + by + dir + (query.descending ? " NULLS LAST" : " NULLS FIRST") + ", row_no" + dir;
    }
    // A negative limit is no limit, a negative offset none (as SQLite has them).
    sql += " LIMIT $" + std::to_string(params.size() + 1) + " OFFSET $" + std::to_string(params.size() + 2);
    params.push_back(query.limit < 0 ? Param() : param(query.limit));
    params.push_back(param(std::max<int64_t>(query.offset, 0)));
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(sql, params));
    return readRecords(*spec, rows);
}

// ---- writes ---------------------------------------------------------------------------------

Result<PgRecordStore::ChainHead> PgRecordStore::lockChainHead() {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec("SELECT seq, entry_hash FROM srv_audit_head WHERE id = 1 FOR UPDATE"));
    if (rows.empty()) {
        return makeError(ErrorCode::Internal, m_conn.where() + " has no head of the audit chain (srv_audit_head): is its schema migrated?");
    }
    return ChainHead{rows.int64(0, 0), rows.text(0, 1)};
}

Status PgRecordStore::appendAudit(ChainHead& head, const WriteAs& as, const std::string& action, const std::string& type,
                                  const std::string& id, const std::string& fieldsHash) {
    // The entry a device's Store::Impl::appendAudit would write, with the server's device id.
    AuditEntry e;
    e.seq = head.seq + 1;
    e.deviceId = m_deviceId;
    e.prevHash = head.hash;
    e.actor = as.actor;
    e.atMs = as.atMs;
    e.action = action;
    e.recordType = type;
    e.recordId = id;
    e.fieldsSha256 = fieldsHash;
    e.schemaVersion = currentSchemaVersion();
    e.entryHash = e.computeHash();
    // The entry and the head move in one statement (one round trip less while the head is held).
    FC_TRY(m_conn.run("WITH moved AS (UPDATE srv_audit_head SET seq = $1, entry_hash = $10 WHERE id = 1) "
                      "INSERT INTO srv_audit_log(seq, device_id, prev_hash, actor, at_ms, action, record_type, record_id, "
                      "fields_sha256, entry_hash, schema_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                      {param(e.seq), param(e.deviceId), param(e.prevHash), param(e.actor), param(e.atMs), param(e.action),
                       param(e.recordType), param(e.recordId), param(e.fieldsSha256), param(e.entryHash), param(e.schemaVersion)}));
    head = {e.seq, e.entryHash};
    return {};
}

Result<Record> PgRecordStore::fetchForUpdate(const RecordTypeSpec& spec, const std::string& id) {
    return fetchRecord(m_conn, spec, id, true);
}

Status PgRecordStore::writeRecord(const Record& r) {
    // withdrawn_ms is the time of the withdrawal, as on the device (an edit of a withdrawn record is
    // refused, so a withdrawn record's updated_ms is that time).
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec("UPDATE srv_record_data SET version = $3, updated_ms = $4, updated_by = $5, withdrawn_ms = $6, "
                                               "withdrawn_reason = $7, fields = $8 WHERE record_type = $1 AND record_id = $2",
                                               {param(r.type), param(r.id), param(r.version), param(r.updatedMs), param(r.updatedBy),
                                                r.withdrawn ? param(r.updatedMs) : Param(), r.withdrawn ? param(r.withdrawnReason) : Param(),
                                                param(r.fields.dump())}));
    if (rows.affected() != 1) return makeError(ErrorCode::NotFound, "no " + r.type + " with id '" + r.id + "'");
    return {};
}

Status PgRecordStore::importRecords(const std::vector<Record>& records) {
    BatchInsert rows(m_conn, "srv_record_data(record_type, record_id, version, created_ms, created_by, updated_ms, updated_by, "
                             "withdrawn_ms, withdrawn_reason, fields)", 10);
    for (const Record& r : records) {
        FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(r.type));
        FC_TRY(rows.add({param(spec->name), param(r.id), param(r.version), param(r.createdMs), param(r.createdBy), param(r.updatedMs),
                         param(r.updatedBy), r.withdrawn ? param(r.updatedMs) : Param(), r.withdrawn ? param(r.withdrawnReason) : Param(),
                         param(r.fields.dump())}));
    }
    return rows.finish();
}

Status PgRecordStore::importAudit(const std::vector<AuditEntry>& entries) {
    if (entries.empty()) return {};
    return m_conn.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(ChainHead head, lockChainHead());
        BatchInsert rows(m_conn, "srv_audit_log(seq, device_id, prev_hash, actor, at_ms, action, record_type, record_id, fields_sha256, "
                                 "entry_hash, schema_version)", 11);
        for (const AuditEntry& e : entries) {
            if (e.seq != head.seq + 1 || e.prevHash != head.hash) {
                return makeError(ErrorCode::Corrupt, "audit entry " + std::to_string(e.seq) + " does not follow entry " +
                                                         std::to_string(head.seq) + " of the chain being moved");
            }
            FC_TRY(rows.add({param(e.seq), param(e.deviceId), param(e.prevHash), param(e.actor), param(e.atMs), param(e.action),
                             param(e.recordType), param(e.recordId), param(e.fieldsSha256), param(e.entryHash), param(e.schemaVersion)}));
            head = {e.seq, e.entryHash};
        }
        FC_TRY(rows.finish());
        return m_conn.run("UPDATE srv_audit_head SET seq = $1, entry_hash = $2 WHERE id = 1", {param(head.seq), param(head.hash)});
    });
}

Result<Record> PgRecordStore::create(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& fields) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(type));
    if (!replication::isValidId(id)) return makeError(ErrorCode::InvalidArgument, "'" + id + "' is not a valid record id");
    Record out;
    const Status written = m_conn.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(ChainHead head, lockChainHead());
        PgLookup lookup(m_conn);
        FC_ASSIGN_OR_RETURN(bool taken, lookup.exists(*spec, id));
        if (taken) return makeError(ErrorCode::AlreadyExists, spec->name + " '" + id + "' already exists");
        FC_ASSIGN_OR_RETURN(Record r, record_rules::prepareCreate(*spec, id, fields, {as.actor, as.atMs}, lookup));
        // The head is held, so no other writer can have taken the id since; DO NOTHING keeps a
        // caller's transaction usable should one that bypasses the head have done it.
        FC_ASSIGN_OR_RETURN(Rows inserted, m_conn.exec("INSERT INTO srv_record_data(record_type, record_id, version, created_ms, created_by, "
                                                       "updated_ms, updated_by, fields) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                                                       "ON CONFLICT (record_type, record_id) DO NOTHING",
                                                       {param(r.type), param(r.id), param(r.version), param(r.createdMs), param(r.createdBy),
                                                        param(r.updatedMs), param(r.updatedBy), param(r.fields.dump())}));
        if (inserted.affected() != 1) return makeError(ErrorCode::AlreadyExists, spec->name + " '" + id + "' already exists");
        FC_TRY(appendAudit(head, as, "create", spec->name, r.id, recordContentHash(r, currentSchemaVersion())));
        out = std::move(r);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

Result<Record> PgRecordStore::update(const WriteAs& as, const std::string& type, const std::string& id, const nlohmann::json& changes) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(type));
    Record out;
    const Status written = m_conn.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(ChainHead head, lockChainHead());
        FC_ASSIGN_OR_RETURN(Record before, fetchForUpdate(*spec, id));
        PgLookup lookup(m_conn);
        FC_ASSIGN_OR_RETURN(record_rules::Edit edit, record_rules::prepareUpdate(*spec, before, changes, {as.actor, as.atMs}, lookup));
        if (edit.changed.empty()) {
            out = std::move(before);  // nothing changed: no new version, no audit entry
            return {};
        }
        FC_TRY(writeRecord(edit.after));
        FC_TRY(appendAudit(head, as, "update", spec->name, id, recordContentHash(edit.after, currentSchemaVersion())));
        out = std::move(edit.after);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

Result<Record> PgRecordStore::withdraw(const WriteAs& as, const std::string& type, const std::string& id, const std::string& reason) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(type));
    Record out;
    const Status written = m_conn.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(ChainHead head, lockChainHead());
        FC_ASSIGN_OR_RETURN(Record before, fetchForUpdate(*spec, id));
        FC_ASSIGN_OR_RETURN(Record r, record_rules::prepareWithdraw(*spec, before, reason, {as.actor, as.atMs}));
        FC_TRY(writeRecord(r));
        FC_TRY(appendAudit(head, as, "withdraw", spec->name, id, recordContentHash(r, currentSchemaVersion())));
        out = std::move(r);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

Result<Record> PgRecordStore::restore(const WriteAs& as, const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(const RecordTypeSpec* spec, record_rules::requireType(type));
    Record out;
    const Status written = m_conn.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(ChainHead head, lockChainHead());
        FC_ASSIGN_OR_RETURN(Record r, fetchForUpdate(*spec, id));
        if (!r.withdrawn) return makeError(ErrorCode::IllegalTransition, type + " '" + id + "' is not withdrawn");
        r.withdrawn = false;
        r.withdrawnReason.clear();
        r.version += 1;
        r.updatedMs = as.atMs;
        r.updatedBy = as.actor;
        FC_TRY(writeRecord(r));
        FC_TRY(appendAudit(head, as, "restore", spec->name, id, recordContentHash(r, currentSchemaVersion())));
        out = std::move(r);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

Status PgRecordStore::recordEvent(const WriteAs& as, const std::string& action, const std::string& subjectType,
                                  const std::string& subjectId, const nlohmann::json& details) {
    // Store::recordEvent's checks: the subject's id may be empty (an event about a whole kind).
    if (action.empty() || subjectType.empty()) return makeError(ErrorCode::InvalidArgument, "an event needs an action and a subject");
    if (findRecordType(subjectType) != nullptr) {
        return makeError(ErrorCode::InvalidArgument, "'" + subjectType + "' is a record type: change records through the store");
    }
    const std::string hash = sha256Hex(details.dump());
    return m_conn.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(ChainHead head, lockChainHead());
        return appendAudit(head, as, action, subjectType, subjectId, hash);
    });
}

// ---- the audit chain ------------------------------------------------------------------------

Result<int64_t> PgRecordStore::auditHead() { return m_conn.queryInt("SELECT coalesce(max(seq), 0) FROM srv_audit_log"); }

Result<std::vector<AuditEntry>> PgRecordStore::auditEntries(int64_t fromSeq, int64_t limit) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kAuditColumns + " FROM srv_audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
                                               {param(fromSeq), limit < 0 ? Param() : param(limit)}));
    return readAuditRows(rows);
}

Result<std::vector<AuditEntry>> PgRecordStore::auditEntriesOf(const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kAuditColumns +
                                                   " FROM srv_audit_log WHERE record_type = $1 AND record_id = $2 ORDER BY seq",
                                               {param(type), param(id)}));
    return readAuditRows(rows);
}

Result<AuditReport> PgRecordStore::verifyAudit() {
    AuditReport report;
    // One snapshot for the chain and the records: a write committed between the two passes would
    // otherwise look like a record without its entry.
    const Status walked = m_conn.transaction(
        [&]() -> Status {
            report = AuditReport();  // the body may run again
            return verifyChain(report);
        },
        "REPEATABLE READ");
    if (!walked.ok()) return walked.error();
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const AuditProblem& a, const AuditProblem& b) { return a.seq < b.seq; });
    return report;
}

Status PgRecordStore::verifyChain(AuditReport& report) {
    struct LastEntry {
        int64_t seq;
        std::string hash;
        int schemaVersion;
    };
    std::map<std::pair<std::string, std::string>, LastEntry> lastByRecord;

    // 1. The chain: consecutive numbers from 1, each linked to the one before, each hash recomputed
    //    from its content, each written by this server. A page at a time, by number.
    int64_t expectedSeq = 1;
    std::string prevHash = kGenesisHash;
    for (int64_t after = 0;;) {
        FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kAuditColumns + " FROM srv_audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                                                   {param(after), param(kVerifyPage)}));
        for (int i = 0; i < rows.size(); ++i) {
            const AuditEntry e = readAuditRow(rows, i);
            report.entries += 1;
            auto problem = [&](const char* kind, const std::string& message) {
                report.problems.push_back({e.seq, kind, "audit entry " + std::to_string(e.seq) + ": " + message});
            };
            if (e.seq != expectedSeq) {
                problem("sequence-gap", "expected sequence number " + std::to_string(expectedSeq) + " here; entries " +
                                            std::to_string(expectedSeq) + ".." + std::to_string(e.seq - 1) + " are missing or were moved");
            } else if (e.prevHash != prevHash) {
                problem("broken-link", "does not link to the entry before it (entry deleted, replaced or reordered)");
            } else if (e.computeHash() != e.entryHash) {
                problem("entry-edited", "its content does not match its hash (entry edited)");
            } else if (e.deviceId != m_deviceId) {
                problem("foreign-device", "was written by device " + e.deviceId + ", not by this server");
            }
            if (!report.problems.empty()) return {};  // after the first bad entry nothing can be trusted
            expectedSeq = e.seq + 1;
            prevHash = e.entryHash;
            lastByRecord[{e.recordType, e.recordId}] = {e.seq, e.fieldsSha256, e.schemaVersion};
            after = e.seq;
        }
        if (rows.size() < kVerifyPage) break;
    }
    // Entries deleted from the end leave no gap behind them; the head, moved with every append,
    // still names the last one.
    const int64_t lastSeq = expectedSeq - 1;
    FC_ASSIGN_OR_RETURN(Rows head, m_conn.exec("SELECT seq, entry_hash FROM srv_audit_head WHERE id = 1"));
    if (head.empty()) {
        report.problems.push_back({lastSeq, "head-mismatch", "the head of the audit chain (srv_audit_head) was deleted"});
        return {};
    }
    const int64_t headSeq = head.int64(0, 0);
    if (headSeq > lastSeq) {
        report.problems.push_back({lastSeq + 1, "sequence-gap", "audit entry " + std::to_string(lastSeq + 1) + ": entries " +
                                                                    std::to_string(lastSeq + 1) + ".." + std::to_string(headSeq) +
                                                                    " are missing (deleted from the end of the chain)"});
        return {};
    }
    if (headSeq != lastSeq || head.text(0, 1) != prevHash) {
        report.problems.push_back({lastSeq, "head-mismatch", "the chain ends at entry " + std::to_string(lastSeq) +
                                                                 " but its head names entry " + std::to_string(headSeq) +
                                                                 " (entries appended or replaced behind the server's back)"});
        return {};
    }

    // 2. The records: each must match its last audit entry, and every record must have one. This
    //    catches a row edited, inserted or deleted without going through the server.
    std::vector<std::string> known;
    for (const auto& spec : recordTypes()) {
        known.push_back(spec.name);
        std::set<std::string> seen;
        for (std::optional<std::string> after;;) {
            FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kRecordColumns +
                                                           " FROM srv_record_data WHERE record_type = $1 AND ($2::text IS NULL OR record_id > $2) "
                                                           "ORDER BY record_id LIMIT $3",
                                                       {param(spec.name), after, param(kVerifyPage)}));
            for (int i = 0; i < rows.size(); ++i) {
                const std::string id = rows.text(i, 0);
                seen.insert(id);
                after = id;
                auto it = lastByRecord.find({spec.name, id});
                if (it == lastByRecord.end()) {
                    report.problems.push_back({0, "record-unaudited", spec.name + " '" + id + "' has no audit entry (inserted behind the store's back)"});
                    continue;
                }
                const auto r = readRecord(spec, rows, i);
                if (!r || it->second.hash != recordContentHash(*r, it->second.schemaVersion)) {
                    report.problems.push_back({it->second.seq, "record-mismatch",
                                               spec.name + " '" + id + "' differs from its last audit entry " +
                                                   std::to_string(it->second.seq) + " (edited behind the store's back)"});
                }
            }
            if (rows.size() < kVerifyPage) break;
        }
        for (auto it = lastByRecord.lower_bound({spec.name, std::string()}); it != lastByRecord.end() && it->first.first == spec.name; ++it) {
            if (seen.count(it->first.second) == 0) {
                report.problems.push_back({it->second.seq, "record-deleted",
                                           spec.name + " '" + it->first.second + "' is in the audit chain but was deleted"});
            }
        }
    }
    // A row of a type FieldCheck does not know was not written by it.
    FC_ASSIGN_OR_RETURN(Rows strays, m_conn.exec("SELECT record_type, record_id FROM srv_record_data WHERE NOT (record_type = ANY($1::text[])) "
                                                 "ORDER BY record_type, record_id",
                                                 {param(textArray(known))}));
    for (int i = 0; i < strays.size(); ++i) {
        report.problems.push_back({0, "record-unaudited", "'" + strays.text(i, 0) + "' '" + strays.text(i, 1) +
                                                              "' is of no record type FieldCheck knows (inserted behind the store's back)"});
    }
    return {};
}

}  // namespace fieldcheck::server::pg
