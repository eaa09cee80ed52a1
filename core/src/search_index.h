// Keeping the full-text index in step with the records (called from domain_rules.cpp in the same
// transaction as the change).
#pragma once

#include "database.h"
#include "fieldcheck/core/records.h"

namespace fieldcheck::detail {

// Replaces the record's document in the index (no-op for types that are not indexed).
Status updateSearchIndex(Database& db, const RecordTypeSpec& spec, const Record& record);
// A record's document number in the index; `existed` false when it was just given one.
struct SearchDocId {
    int64_t docid = 0;
    bool existed = false;
};
Result<SearchDocId> searchDocId(Database& db, const std::string& type, const std::string& id);
// Replaces the index's document `doc` with `body` (indexBody()); an empty body leaves none.
// FTS4 keeps the terms of a transaction in memory only while documents come in ascending docid
// order; an out-of-order one makes it write them out as a new segment first (and segments are
// merged sixteen at a time), so bulk writers sort by docid (replication.cpp).
Status writeSearchDoc(Database& db, const SearchDocId& doc, const std::string& body);
// The document the index keeps for a record: the tokens of its indexed text ("" for types that
// are not indexed). A pure function: any thread may call it.
std::string indexBody(const Record& record);
// Removes the record's document from the index (a record that left the device's scope).
Status removeFromSearchIndex(Database& db, const std::string& type, const std::string& id);
// Gives a document to every record of `type` (table `table`) that has none yet, from the text
// columns `columns` (migration 8). Reads those columns only, so that a released migration keeps
// working when the type gains fields.
Status indexMissingDocuments(Database& db, const std::string& type, const std::string& table,
                             const std::vector<std::string>& columns);
// The text of a record that goes into the index (its indexed fields, one per line).
std::string indexedText(const Record& record);
// The fields of a type that are indexed (empty: not indexed).
const std::vector<std::string>& indexedFields(const std::string& type);

}  // namespace fieldcheck::detail
