// The record rules (fieldcheck/core/record_rules.h) as the device's store applies them: its
// tables answer the rules' lookups, and the follow-ups and the search index are written in the
// writer's transaction.
#pragma once

#include "fieldcheck/core/record_rules.h"
#include "store_impl.h"

namespace fieldcheck::detail {

// record_rules::Lookup over the store's own tables.
class StoreLookup final : public record_rules::Lookup {
public:
    explicit StoreLookup(Store::Impl& store) : m_store(store) {}
    Result<Record> fetch(const RecordTypeSpec& spec, const std::string& id) override;
    Result<bool> exists(const RecordTypeSpec& spec, const std::string& id) override;
    Result<std::vector<Record>> active(const RecordTypeSpec& spec, const std::string& field, const std::string& value) override;

private:
    Store::Impl& m_store;
};

// After the row, its audit and outbox entries are written, in the same transaction: the
// follow-ups (a device's only: on the server they arrive as ops of their own) and the search index.
Status afterRecordWrite(Store::Impl& store, const RecordTypeSpec& spec, const Record* before, const Record& after);

}  // namespace fieldcheck::detail
