// The dashboard's finding counts (table finding_counts): how many findings each unit has per state,
// per "case opened" and per withdrawal, so that the dashboard reads a few rows per unit instead of
// every finding. Private to core.
//
// Kept here, in the transaction of every write of the findings table, since schema version 11.
// Before, triggers kept them: a trigger makes each findings INSERT a multi-row write, for which
// SQLite keeps a statement journal that SQLCipher encrypts page by page, and that journal made FTS4
// flush the previous record's document on every create (docs/benchmarks.md, "The floor"). Every
// path that inserts, updates or deletes a finding row calls in here; checkIntegrity() compares the
// counts with a GROUP BY of the findings.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "database.h"
#include "fieldcheck/core/records.h"

namespace fieldcheck::detail::finding_counts {

// The group a finding is counted in.
struct Key {
    std::string unitId;
    std::string status;
    bool caseOpened = false;
    bool withdrawn = false;
    auto operator<=>(const Key&) const = default;
};

// The group of `r` as its row is written; nullopt for a record that is not a finding.
std::optional<Key> keyOf(const Record& r);

// The group of the stored finding row `id`; nullopt when there is no such row.
Result<std::optional<Key>> storedKey(Database& db, const std::string& id);

// Counts `delta` more findings in `key`'s group.
Status add(Database& db, const Key& key, int64_t delta);

// One row written: counted out of `before`'s group and into `after`'s (either may be null: a row
// inserted or deleted). Nothing to do when both are in the same group or neither is a finding.
Status move(Database& db, const std::optional<Key>& before, const std::optional<Key>& after);

// Changes to many rows, gathered and then written one UPDATE per group (a pulled page).
class Tally {
public:
    void count(const std::optional<Key>& key, int64_t delta) {
        if (key) m_deltas[*key] += delta;
    }
    Status apply(Database& db);

private:
    std::map<Key, int64_t> m_deltas;
};

}  // namespace fieldcheck::detail::finding_counts
