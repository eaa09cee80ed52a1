// Keeping the full-text index in step with the records (called from domain_rules.cpp in the same
// transaction as the change).
#pragma once

#include "database.h"
#include "fieldcheck/core/records.h"

namespace fieldcheck::detail {

// Replaces the record's document in the index (no-op for types that are not indexed).
Status updateSearchIndex(Database& db, const RecordTypeSpec& spec, const Record& record);
// Removes the record's document from the index (a record that left the device's scope).
Status removeFromSearchIndex(Database& db, const std::string& type, const std::string& id);
// The text of a record that goes into the index (its indexed fields, one per line).
std::string indexedText(const Record& record);
// The fields of a type that are indexed (empty: not indexed).
const std::vector<std::string>& indexedFields(const std::string& type);

}  // namespace fieldcheck::detail
