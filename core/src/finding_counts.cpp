#include "finding_counts.h"

namespace fieldcheck::detail::finding_counts {

std::optional<Key> keyOf(const Record& r) {
    if (r.type != "finding") return std::nullopt;
    Key k;
    const auto unit = r.fields.find("unit_id");
    if (unit != r.fields.end() && unit->is_string()) k.unitId = unit->get<std::string>();
    const auto status = r.fields.find("status");
    // The column's default, for a finding written before it had a state (schema version 3).
    k.status = status != r.fields.end() && status->is_string() ? status->get<std::string>() : std::string("recorded");
    const auto opened = r.fields.find("case_opened_date");
    k.caseOpened = opened != r.fields.end() && !opened->is_null();
    k.withdrawn = r.withdrawn;
    return k;
}

Result<std::optional<Key>> storedKey(Database& db, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Statement * st, db.cached("SELECT unit_id, status, case_opened_date IS NOT NULL, withdrawn_ms IS NOT NULL "
                                                  "FROM findings WHERE id = ?"));
    st->bind(1, id);
    auto row = st->step();
    if (!row.ok()) return row.error();
    std::optional<Key> out;
    if (row.value()) out = Key{st->text(0), st->text(1), st->int64(2) != 0, st->int64(3) != 0};
    st->reset();
    return out;
}

Status add(Database& db, const Key& key, int64_t delta) {
    if (delta == 0) return {};
    // UPDATE, and INSERT the first time: single-row statements on a table without triggers or
    // foreign keys, for which SQLite keeps no statement journal.
    FC_ASSIGN_OR_RETURN(Statement * upd, db.cached("UPDATE OR FAIL finding_counts SET n = n + ? "
                                                   "WHERE unit_id = ? AND status = ? AND case_opened = ? AND withdrawn = ?"));
    upd->bind(1, delta).bind(2, key.unitId).bind(3, key.status);
    FC_TRY(upd->bind(4, int64_t{key.caseOpened}).bind(5, int64_t{key.withdrawn}).run());
    if (db.changes() > 0) return {};
    FC_ASSIGN_OR_RETURN(Statement * ins, db.cached("INSERT INTO finding_counts(unit_id, status, case_opened, withdrawn, n) VALUES (?,?,?,?,?)"));
    ins->bind(1, key.unitId).bind(2, key.status).bind(3, int64_t{key.caseOpened}).bind(4, int64_t{key.withdrawn});
    return ins->bind(5, delta).run();
}

Status move(Database& db, const std::optional<Key>& before, const std::optional<Key>& after) {
    if (before == after) return {};
    if (before) FC_TRY(add(db, *before, -1));
    if (after) FC_TRY(add(db, *after, +1));
    return {};
}

Status Tally::apply(Database& db) {
    for (const auto& [key, delta] : m_deltas) FC_TRY(add(db, key, delta));
    m_deltas.clear();
    return {};
}

}  // namespace fieldcheck::detail::finding_counts
