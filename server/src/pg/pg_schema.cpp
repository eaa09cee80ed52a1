#include "pg_schema.h"

#include <string>
#include <vector>

namespace fieldcheck::server::pg {

namespace {

// Each migration is a list of statements, run in one transaction with the version bump. Never
// edit one that has shipped: add the next.
const std::vector<std::vector<std::string>>& migrations() {
    static const std::vector<std::vector<std::string>> all = {
        // 1: the server's own tables, as the embedded storage has them (sqlite_schema.cpp), so that
        // one body of SQL (sql.h) serves both: integers for flags and times. What differs: the
        // change feed's numbers are given after commit (pg_feed.h: seq NULL until then), and a
        // blob's sealed segments are rows here (srv_blob_bytes), not files, so that every server
        // process reaches them.
        {
            "CREATE SEQUENCE srv_feed_seq AS bigint",
            "CREATE TABLE srv_counter (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL)",
            "INSERT INTO srv_counter(id, seq) VALUES (1, 0)",
            "CREATE TABLE srv_meta (key text PRIMARY KEY, value text NOT NULL)",
            "CREATE TABLE srv_records ("
            "  record_type text NOT NULL, record_id text NOT NULL,"
            "  seq bigint,"  // NULL: changed, waiting for the sequencer
            "  scope text NOT NULL, fv text NOT NULL, conflicts text NOT NULL,"
            "  attachments integer NOT NULL DEFAULT 0,"
            "  PRIMARY KEY (record_type, record_id))",
            "CREATE UNIQUE INDEX srv_records_seq ON srv_records(seq)",
            "CREATE INDEX srv_records_scope_seq ON srv_records(scope, seq)",
            "CREATE INDEX srv_records_pending ON srv_records(record_type, record_id) WHERE seq IS NULL",
            "CREATE TABLE srv_exits ("
            "  id bigserial PRIMARY KEY, seq bigint UNIQUE,"
            "  record_type text NOT NULL, record_id text NOT NULL, old_scope text NOT NULL)",
            "CREATE INDEX srv_exits_pending ON srv_exits(id) WHERE seq IS NULL",
            "CREATE TABLE srv_users ("
            "  user_name text PRIMARY KEY, display_name text NOT NULL, role text NOT NULL, group_id text NOT NULL,"
            "  unit_id text NOT NULL, pw_hash text NOT NULL, disabled integer NOT NULL DEFAULT 0, created_ms bigint NOT NULL)",
            "CREATE TABLE srv_devices ("
            "  device_id text PRIMARY KEY, user_name text NOT NULL REFERENCES srv_users(user_name),"
            "  token_hash text NOT NULL UNIQUE, store_device_id text NOT NULL, name text NOT NULL,"
            "  enrolled_ms bigint NOT NULL, last_seen_ms bigint NOT NULL, audit_seq bigint NOT NULL DEFAULT 0,"
            "  audit_hash text NOT NULL DEFAULT '', revoked integer NOT NULL DEFAULT 0, wiped_ms bigint)",
            "CREATE TABLE srv_login_failures (key text PRIMARY KEY, failures bigint NOT NULL, locked_until_ms bigint NOT NULL)",
            "CREATE TABLE srv_ops ("
            "  op_id text PRIMARY KEY, device_id text NOT NULL, status text NOT NULL, reason text NOT NULL,"
            "  record_type text NOT NULL, record_id text NOT NULL, at_ms bigint NOT NULL)",
            "CREATE INDEX srv_ops_device_record ON srv_ops(device_id, record_type, record_id)",
            "CREATE TABLE srv_device_audit ("
            "  device_id text NOT NULL, seq bigint NOT NULL, entry_hash text NOT NULL, entry text NOT NULL,"
            "  PRIMARY KEY (device_id, seq))",
            "CREATE TABLE srv_audit_flags ("
            "  id bigserial PRIMARY KEY, device_id text NOT NULL, user_name text NOT NULL, kind text NOT NULL,"
            "  audit_seq bigint NOT NULL, message text NOT NULL, at_ms bigint NOT NULL,"
            "  UNIQUE (device_id, kind, audit_seq))",
            "CREATE TABLE srv_attachments ("
            "  attachment_id text PRIMARY KEY, record_type text NOT NULL, record_id text NOT NULL, sha256 text NOT NULL,"
            "  size_bytes bigint NOT NULL, media_type text NOT NULL, file_name text NOT NULL, captured_ms bigint NOT NULL,"
            "  captured_by text NOT NULL, device_id text NOT NULL, user_name text NOT NULL, received_ms bigint NOT NULL)",
            "CREATE INDEX srv_attachments_record ON srv_attachments(record_type, record_id)",
            "CREATE INDEX srv_attachments_device_sha ON srv_attachments(device_id, sha256)",
            "CREATE TABLE srv_blobs ("
            "  sha256 text PRIMARY KEY, size_bytes bigint NOT NULL, file_name text NOT NULL, file_key bytea NOT NULL,"
            "  received bigint NOT NULL, file_length bigint NOT NULL, segments bigint NOT NULL,"
            "  complete integer NOT NULL, created_ms bigint NOT NULL, completed_ms bigint NOT NULL DEFAULT 0)",
            "CREATE TABLE srv_blob_segments ("
            "  sha256 text NOT NULL, idx bigint NOT NULL, plain_offset bigint NOT NULL, plain_size bigint NOT NULL,"
            "  file_offset bigint NOT NULL, PRIMARY KEY (sha256, idx))",
            "CREATE TABLE srv_blob_holders ("
            "  sha256 text NOT NULL, device_id text NOT NULL, at_ms bigint NOT NULL, how text NOT NULL,"
            "  PRIMARY KEY (sha256, device_id))",
            "CREATE TABLE srv_blob_challenges ("
            "  device_id text NOT NULL, sha256 text NOT NULL, challenge text NOT NULL, expires_ms bigint NOT NULL,"
            "  PRIMARY KEY (device_id, sha256))",
            "CREATE TABLE srv_blob_bytes ("  // a blob's sealed segments, by where they start
            "  name text NOT NULL, file_offset bigint NOT NULL, sealed bytea NOT NULL,"
            "  PRIMARY KEY (name, file_offset))",
        },
        // 2: the records themselves and the server's audit chain (pg_records.h). One table for
        // every record type: a record's fields are the JSON text record_rules returned, kept
        // verbatim so that it reads back with the hash its audit entry has. row_no is the order of
        // creation (the device's rowid). The chain's head row is what appends lock, one at a time.
        {
            "CREATE TABLE srv_record_data ("
            "  record_type text NOT NULL,"
            "  record_id text NOT NULL,"
            "  row_no bigserial NOT NULL,"
            "  version bigint NOT NULL,"
            "  created_ms bigint NOT NULL,"
            "  created_by text NOT NULL,"
            "  updated_ms bigint NOT NULL,"
            "  updated_by text NOT NULL,"
            "  withdrawn_ms bigint,"
            "  withdrawn_reason text,"
            "  fields text NOT NULL,"
            "  PRIMARY KEY (record_type, record_id))",
            "CREATE INDEX srv_record_data_by_creation ON srv_record_data(record_type, created_ms, row_no)",
            // The references most lists filter on (a unit's findings, visits, plans ...).
            "CREATE INDEX srv_record_data_by_unit ON srv_record_data(record_type, ((fields::json -> 'unit_id')::text))",
            "CREATE TABLE srv_audit_log ("
            "  seq bigint PRIMARY KEY,"
            "  device_id text NOT NULL,"
            "  prev_hash text NOT NULL,"
            "  actor text NOT NULL,"
            "  at_ms bigint NOT NULL,"
            "  action text NOT NULL,"
            "  record_type text NOT NULL,"
            "  record_id text NOT NULL,"
            "  fields_sha256 text NOT NULL,"
            "  entry_hash text NOT NULL,"
            "  schema_version integer NOT NULL)",
            "CREATE INDEX srv_audit_log_by_record ON srv_audit_log(record_type, record_id, seq)",
            "CREATE TABLE srv_audit_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, entry_hash text NOT NULL)",
            "INSERT INTO srv_audit_head(id, seq, entry_hash) VALUES (1, 0, repeat('0', 64))",
        },
        // 3: device token renewal (as the embedded database's migration 3).
        {
            "ALTER TABLE srv_devices ADD COLUMN next_token_hash text",
            "ALTER TABLE srv_devices ADD COLUMN token_renewal_due integer NOT NULL DEFAULT 0",
            "ALTER TABLE srv_devices ADD COLUMN token_issued_ms bigint",
            "CREATE INDEX srv_devices_next_token ON srv_devices(next_token_hash)",
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
            return makeError(ErrorCode::TooNew, conn.where() + " was migrated by a newer fieldcheck-server (schema version " +
                                                     std::to_string(at) + ", this server knows up to " + std::to_string(currentSchemaVersion()) +
                                                     "): upgrade the server before pointing it at this database");
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
