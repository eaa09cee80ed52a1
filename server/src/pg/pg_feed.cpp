#include "pg_feed.h"

#include "pg_schema.h"

namespace fieldcheck::server::pg {

namespace {

const char* kRowColumns = "record_type, record_id, coalesce(seq, 0), scope, fv, conflicts, attachments";

FeedRow readRow(const Rows& rows, int i) {
    FeedRow r;
    r.recordType = rows.text(i, 0);
    r.recordId = rows.text(i, 1);
    r.seq = rows.int64(i, 2);
    r.scope = rows.text(i, 3);
    r.fieldVersions = rows.text(i, 4);
    r.conflicts = rows.text(i, 5);
    r.attachments = rows.int64(i, 6) != 0;
    return r;
}

std::vector<FeedRow> readRows(const Rows& rows) {
    std::vector<FeedRow> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) out.push_back(readRow(rows, i));
    return out;
}

}  // namespace

Result<std::optional<FeedRow>> ChangeFeed::row(const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kRowColumns + " FROM srv_records WHERE record_type = $1 AND record_id = $2",
                                               {param(type), param(id)}));
    if (rows.empty()) return std::optional<FeedRow>();
    return std::optional<FeedRow>(readRow(rows, 0));
}

Status ChangeFeed::noteChange(const FeedRow& r) {
    return m_conn.run(
        "INSERT INTO srv_records(record_type, record_id, seq, scope, fv, conflicts, attachments) VALUES ($1, $2, NULL, $3, $4, $5, $6) "
        "ON CONFLICT (record_type, record_id) DO UPDATE SET seq = NULL, scope = EXCLUDED.scope, fv = EXCLUDED.fv, "
        "conflicts = EXCLUDED.conflicts, attachments = EXCLUDED.attachments",
        {param(r.recordType), param(r.recordId), param(r.scope), param(r.fieldVersions), param(r.conflicts), param(r.attachments ? 1 : 0)});
}

Status ChangeFeed::noteExit(const std::string& type, const std::string& id, const std::string& oldScope) {
    return m_conn.run("INSERT INTO srv_exits(seq, record_type, record_id, old_scope) VALUES (NULL, $1, $2, $3)",
                      {param(type), param(id), param(oldScope)});
}

Status ChangeFeed::touch(const std::string& type, const std::string& id, bool hasAttachments) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec("UPDATE srv_records SET seq = NULL, attachments = $3 WHERE record_type = $1 AND record_id = $2",
                                               {param(type), param(id), param(hasAttachments ? 1 : 0)}));
    if (rows.affected() == 0) return makeError(ErrorCode::NotFound, "no " + type + " '" + id + "' in the change feed");
    return {};
}

Result<int64_t> ChangeFeed::sequence() {
    if (m_conn.inTransaction()) {
        // Inside a writer's transaction the writer's own rows are not committed yet: numbering
        // them there would hand out numbers in the order of writing, not of committing.
        return makeError(ErrorCode::Internal, "the change feed's sequencer must run in a transaction of its own");
    }
    FC_ASSIGN_OR_RETURN(Rows pending, m_conn.exec("SELECT EXISTS (SELECT 1 FROM srv_records WHERE seq IS NULL) "
                                                  "OR EXISTS (SELECT 1 FROM srv_exits WHERE seq IS NULL)"));
    if (!pending.boolean(0, 0)) return m_conn.queryInt("SELECT seq FROM srv_counter WHERE id = 1");
    int64_t headNow = 0;
    Status numbered = m_conn.transaction([&]() -> Status {
        FC_TRY(m_conn.run("SELECT pg_advisory_xact_lock($1)", {param(kSequencerLock)}));
        // Exits first: a record that moves is removed from its old scope's readers no later than
        // it appears in its new one.
        FC_TRY(m_conn.run("UPDATE srv_exits e SET seq = nextval('srv_feed_seq') FROM "
                          "(SELECT id FROM srv_exits WHERE seq IS NULL ORDER BY id FOR UPDATE SKIP LOCKED) p WHERE e.id = p.id"));
        FC_TRY(m_conn.run("UPDATE srv_records r SET seq = nextval('srv_feed_seq') FROM "
                          "(SELECT record_type, record_id FROM srv_records WHERE seq IS NULL FOR UPDATE SKIP LOCKED) p "
                          "WHERE r.record_type = p.record_type AND r.record_id = p.record_id"));
        // The head moves in the same transaction as the numbers it covers.
        FC_ASSIGN_OR_RETURN(headNow, m_conn.queryInt(
            "UPDATE srv_counter SET seq = greatest(seq, (SELECT coalesce(max(seq), 0) FROM srv_records), "
            "(SELECT coalesce(max(seq), 0) FROM srv_exits)) WHERE id = 1 RETURNING seq"));
        return {};
    });
    if (!numbered.ok()) return numbered.error();
    return headNow;
}

Result<int64_t> ChangeFeed::head() { return m_conn.queryInt("SELECT seq FROM srv_counter WHERE id = 1"); }

Result<std::vector<FeedRow>> ChangeFeed::after(int64_t afterSeq, int64_t limit) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kRowColumns + " FROM srv_records WHERE seq > $1 ORDER BY seq LIMIT $2",
                                               {param(afterSeq), param(limit)}));
    return readRows(rows);
}

Result<std::vector<FeedRow>> ChangeFeed::inScope(const std::string& scope, int64_t from, int64_t upto, int64_t limit) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec(std::string("SELECT ") + kRowColumns +
                                                   " FROM srv_records WHERE scope = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4",
                                               {param(scope), param(from), param(upto), param(limit)}));
    return readRows(rows);
}

Result<std::vector<FeedExit>> ChangeFeed::exits(int64_t from, int64_t upto) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec("SELECT e.seq, e.record_type, e.record_id, e.old_scope, coalesce(r.scope, '') FROM srv_exits e "
                                               "LEFT JOIN srv_records r ON r.record_type = e.record_type AND r.record_id = e.record_id "
                                               "WHERE e.seq > $1 AND e.seq <= $2 ORDER BY e.seq",
                                               {param(from), param(upto)}));
    std::vector<FeedExit> out;
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back({rows.int64(i, 0), rows.text(i, 1), rows.text(i, 2), rows.text(i, 3), rows.text(i, 4)});
    }
    return out;
}

Result<std::set<std::string>> ChangeFeed::scopes() {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec("SELECT DISTINCT scope FROM srv_records"));
    std::set<std::string> out;
    for (int i = 0; i < rows.size(); ++i) out.insert(rows.text(i, 0));
    return out;
}

Result<std::string> ChangeFeed::scopeOf(const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Rows rows, m_conn.exec("SELECT scope FROM srv_records WHERE record_type = $1 AND record_id = $2", {param(type), param(id)}));
    return rows.empty() ? std::string("bureau") : rows.text(0, 0);
}

}  // namespace fieldcheck::server::pg
