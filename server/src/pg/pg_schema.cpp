#include "pg_schema.h"

#include <string>
#include <vector>

namespace fieldcheck::server::pg {

namespace {

// Each migration is a list of statements, run in one transaction with the version bump. Never
// edit one that has shipped: add the next.
const std::vector<std::vector<std::string>>& migrations() {
    static const std::vector<std::vector<std::string>> all = {
        // 1: the change feed (docs/sync-protocol.md, "Cursors and commit order"). A record's row
        // carries its place in the feed; `seq` is NULL from the writer's change until the
        // sequencer (pg_feed.h) numbers it, after the writer committed.
        {
            "CREATE SEQUENCE srv_feed_seq AS bigint",
            "CREATE TABLE srv_feed_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL)",
            "INSERT INTO srv_feed_head(id, seq) VALUES (1, 0)",
            "CREATE TABLE srv_records ("
            "  record_type text NOT NULL,"
            "  record_id text NOT NULL,"
            "  seq bigint,"
            "  scope text NOT NULL,"
            "  fv text NOT NULL DEFAULT '{}',"
            "  conflicts text NOT NULL DEFAULT '[]',"
            "  attachments boolean NOT NULL DEFAULT false,"
            "  PRIMARY KEY (record_type, record_id))",
            "CREATE UNIQUE INDEX srv_records_by_seq ON srv_records(seq)",
            "CREATE INDEX srv_records_by_scope ON srv_records(scope, seq)",
            "CREATE INDEX srv_records_pending ON srv_records(record_type, record_id) WHERE seq IS NULL",
            "CREATE TABLE srv_exits ("
            "  id bigserial PRIMARY KEY,"
            "  seq bigint UNIQUE,"
            "  record_type text NOT NULL,"
            "  record_id text NOT NULL,"
            "  old_scope text NOT NULL)",
            "CREATE INDEX srv_exits_pending ON srv_exits(id) WHERE seq IS NULL",
        },
    };
    return all;
}

}  // namespace

int currentSchemaVersion() { return static_cast<int>(migrations().size()); }

Result<int> migrate(Connection& conn) {
    int version = 0;
    Status migrated = conn.transaction([&]() -> Status {
        FC_TRY(conn.run("SELECT pg_advisory_xact_lock($1)", {param(kMigrationLock)}));
        FC_TRY(conn.run("CREATE TABLE IF NOT EXISTS srv_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)"));
        FC_TRY(conn.run("INSERT INTO srv_schema(id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"));
        FC_ASSIGN_OR_RETURN(int64_t at, conn.queryInt("SELECT version FROM srv_schema WHERE id = 1"));
        if (at > currentSchemaVersion()) {
            return makeError(ErrorCode::TooNew, conn.where() + " has schema version " + std::to_string(at) +
                                                     "; this server knows up to " + std::to_string(currentSchemaVersion()) +
                                                     ": upgrade the server before pointing it at this database");
        }
        for (int v = static_cast<int>(at); v < currentSchemaVersion(); ++v) {
            for (const auto& sql : migrations()[static_cast<size_t>(v)]) {
                Status st = conn.run(sql);
                if (!st.ok()) {
                    return makeError(st.error().code, "migration " + std::to_string(v + 1) + " of the PostgreSQL schema failed: " +
                                                          st.error().message);
                }
            }
        }
        FC_TRY(conn.run("UPDATE srv_schema SET version = $1 WHERE id = 1", {param(currentSchemaVersion())}));
        version = currentSchemaVersion();
        return {};
    });
    if (!migrated.ok()) return migrated.error();
    return version;
}

}  // namespace fieldcheck::server::pg
