// The PostgreSQL backend's schema: numbered migrations, applied in order, each once, in one
// transaction with the schema version. Several server processes may start at once against one
// database: a transaction-scoped advisory lock lets one of them migrate while the others wait and
// then find the work done. A database migrated by a newer server is refused (TooNew).
#pragma once

#include "fieldcheck/core/result.h"
#include "pg.h"

namespace fieldcheck::server::pg {

// The version this build's migrations reach.
int currentSchemaVersion();

// Applies the migrations the database has not had. Returns the version it is at afterwards.
Result<int> migrate(Connection& conn);

// Advisory lock keys (pg_advisory_xact_lock): one number per purpose, the same in every process.
inline constexpr int64_t kMigrationLock = 0x46430001;  // "FC" 1
inline constexpr int64_t kSequencerLock = 0x46430002;  // "FC" 2: the change feed's sequencer
inline constexpr int64_t kWriterLock = 0x46430003;     // "FC" 3: one writing transaction at a time (sql_pg.h)

}  // namespace fieldcheck::server::pg
