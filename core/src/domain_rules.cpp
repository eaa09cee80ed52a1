#include "domain_rules.h"

#include "search_index.h"

namespace fieldcheck::detail {

Result<Record> StoreLookup::fetch(const RecordTypeSpec& spec, const std::string& id) { return m_store.fetch(spec, id); }

Result<bool> StoreLookup::exists(const RecordTypeSpec& spec, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Statement * st, m_store.db.cached("SELECT 1 FROM " + spec.table + " WHERE id = ?"));
    st->bind(1, id);
    auto row = st->step();
    st->reset();
    if (!row.ok()) return row.error();
    return row.value();
}

Result<std::vector<Record>> StoreLookup::active(const RecordTypeSpec& spec, const std::string& field, const std::string& value) {
    if (spec.field(field) == nullptr) return makeError(ErrorCode::Internal, spec.name + " has no field '" + field + "'");
    std::vector<Record> out;
    FC_TRY(forEachRow(m_store.db,
                      "SELECT " + recordSelectColumns(spec) + " FROM " + spec.table + " WHERE " + field +
                          " = ? AND withdrawn_ms IS NULL ORDER BY id",
                      {value}, [&](const Statement& row) { out.push_back(readRecord(spec, row)); }));
    return out;
}

Status afterRecordWrite(Store::Impl& store, const RecordTypeSpec& spec, const Record* before, const Record& after) {
    // Nobody searches on the server (yet), and its follow-ups arrive as ops of their own.
    if (store.options.serverReplica) return {};
    StoreLookup lookup(store);
    FC_ASSIGN_OR_RETURN(auto followUps, record_rules::followUps(spec, before, after, store.nowMs(), lookup));
    for (const auto& f : followUps) FC_TRY(store.self->createRecord(f.type, f.fields));
    return updateSearchIndex(store.db, spec, after);
}

}  // namespace fieldcheck::detail
