#include "unwrapped_create.h"

#include "bench_support.h"
#include "domain_rules.h"
#include "schema.h"
#include "store_impl.h"
#include "values.h"

namespace fieldcheck::bench {

BulkTransaction::BulkTransaction(Store& store) : m_store(store) {
    Store::Impl& impl = m_store.impl();
    check(impl.txDepth == 0, "BulkTransaction: a transaction is already open");
    must(impl.db.exec("BEGIN IMMEDIATE"), "begin bulk transaction");
    impl.txDepth = 1;
    m_open = true;
}

BulkTransaction::~BulkTransaction() {
    if (!m_open) return;
    Store::Impl& impl = m_store.impl();
    (void)impl.db.exec("ROLLBACK");
    impl.txDepth = 0;
}

void BulkTransaction::commit() {
    Store::Impl& impl = m_store.impl();
    must(impl.db.exec("COMMIT"), "commit bulk transaction");
    impl.txDepth = 0;
    m_open = false;
}

Result<Record> createRecordUnwrapped(Store& store, const std::string& type, const nlohmann::json& fields) {
    Store::Impl& impl = store.impl();
    const RecordTypeSpec* spec = findRecordType(type);
    if (spec == nullptr) return makeError(ErrorCode::InvalidArgument, "unknown record type '" + type + "'");
    FC_ASSIGN_OR_RETURN(nlohmann::json normalized, detail::normalizeFields(*spec, fields, true));
    FC_TRY(impl.checkReferences(*spec, normalized));

    Record r;
    r.type = spec->name;
    r.id = randomId();
    r.version = 1;
    r.createdMs = r.updatedMs = impl.options.clock->nowMs();
    r.createdBy = r.updatedBy = impl.options.actor;
    for (const auto& f : spec->fields) {
        auto it = normalized.find(f.name);
        r.fields[f.name] = it != normalized.end() ? *it : f.defaultValue;
    }
    FC_TRY(detail::beforeRecordWrite(impl, *spec, nullptr, r));

    std::string cols = "id, version, created_ms, created_by, updated_ms, updated_by";
    std::string marks = "?,?,?,?,?,?";
    for (const auto& f : spec->fields) {
        cols += ", " + f.name;
        marks += ",?";
    }
    auto ins = impl.db.prepare("INSERT INTO " + spec->table + "(" + cols + ") VALUES (" + marks + ")");
    if (!ins.ok()) return ins.error();
    ins->bind(1, r.id).bind(2, r.version).bind(3, r.createdMs).bind(4, r.createdBy);
    ins->bind(5, r.updatedMs).bind(6, r.updatedBy);
    int i = 7;
    for (const auto& f : spec->fields) detail::bindField(ins.value(), i++, f, r.fields[f.name]);
    FC_TRY(ins->run());

    FC_TRY(impl.appendAuditAndOutbox("create", spec->name, r.id,
                                     detail::recordHash(r, detail::kCurrentSchemaVersion), 0, r.fields));
    FC_TRY(detail::afterRecordWrite(impl, *spec, nullptr, r));
    return r;
}

void setPageCacheMiB(Store& store, int mib) {
    must(store.impl().db.exec("PRAGMA cache_size = -" + std::to_string(mib * 1024)), "cache_size");
}

}  // namespace fieldcheck::bench
