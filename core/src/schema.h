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

constexpr int kCurrentSchemaVersion = 11;
// PRAGMA application_id of a FieldCheck device store: "FCK1".
constexpr int64_t kApplicationId = 0x46434B31;

// What a migration's step may need to know about the store it upgrades.
struct MigrationContext {
    // The store keeps the full-text index: a device store. The server's replica keeps none
    // (StoreOptions::serverReplica), so a step that fills the index leaves it alone.
    bool keepsSearchIndex = true;
};

struct Migration {
    int version;
    const char* description;
    const char* sql;
    // Work that SQL cannot do (tokenising text for the index), run after `sql` in the same
    // transaction; null for most. Like the SQL, it must keep doing what it did when released.
    Status (*step)(Database& db, const MigrationContext& context) = nullptr;
};

const std::vector<Migration>& migrations();

// Brings the store from its current user_version up to `target` (<= kCurrentSchemaVersion).
Status migrate(Database& db, int target, const MigrationContext& context);

}  // namespace fieldcheck::detail
