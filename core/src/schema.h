// Numbered schema migrations of the device store.
//
// Each migration runs in one transaction that ends by setting PRAGMA user_version to its number,
// so a crash leaves the store at the old or the new version, never between. A store whose
// user_version is higher than kCurrentSchemaVersion was written by newer code: refuse to open.
// Released migrations are never edited; changes go into a new one (and a fixture of the old
// version goes to tests/data/).
#pragma once

#include "database.h"

namespace fieldcheck::detail {

constexpr int kCurrentSchemaVersion = 7;
// PRAGMA application_id of a FieldCheck device store: "FCK1".
constexpr int64_t kApplicationId = 0x46434B31;

struct Migration {
    int version;
    const char* description;
    const char* sql;
};

const std::vector<Migration>& migrations();

// Brings the store from its current user_version up to `target` (<= kCurrentSchemaVersion).
Status migrate(Database& db, int target);

}  // namespace fieldcheck::detail
