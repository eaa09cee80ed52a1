#include <cstdlib>
#include <iterator>

#include "sync_storage_impl.h"

namespace fieldcheck::server {

namespace {

// The server's own tables, one numbered step each; a step is never changed once released: a new
// one is appended. Version 1 is the layout of the first release ("IF NOT EXISTS": databases made
// before the steps were numbered hold it already, with schema_version 1).
struct Migration {
    int version;
    const char* what;
    const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, "change feed, accounts, devices, applied ops, device audit chains and flags", R"SQL(
CREATE TABLE IF NOT EXISTS srv_counter (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
INSERT OR IGNORE INTO srv_counter(id, seq) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS srv_records (
  record_type TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  seq         INTEGER NOT NULL,    -- number of the record's last change (commit order)
  scope       TEXT NOT NULL,
  fv          TEXT NOT NULL,       -- field versions, JSON
  conflicts   TEXT NOT NULL,       -- open conflicts, JSON array
  PRIMARY KEY (record_type, record_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS srv_records_seq ON srv_records(seq);
CREATE INDEX IF NOT EXISTS srv_records_scope_seq ON srv_records(scope, seq);
CREATE TABLE IF NOT EXISTS srv_exits (   -- a record left a scope (its unit changed)
  seq INTEGER PRIMARY KEY, record_type TEXT NOT NULL, record_id TEXT NOT NULL, old_scope TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS srv_users (
  user_name TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, group_id TEXT NOT NULL,
  unit_id TEXT NOT NULL, pw_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS srv_devices (
  device_id TEXT PRIMARY KEY, user_name TEXT NOT NULL REFERENCES srv_users(user_name),
  token_hash TEXT NOT NULL UNIQUE, store_device_id TEXT NOT NULL, name TEXT NOT NULL,
  enrolled_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL, audit_seq INTEGER NOT NULL DEFAULT 0,
  audit_hash TEXT NOT NULL DEFAULT '', revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS srv_login_failures (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS srv_ops (    -- every op answered, by client op id
  op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL,
  record_type TEXT NOT NULL, record_id TEXT NOT NULL, at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS srv_device_audit (
  device_id TEXT NOT NULL, seq INTEGER NOT NULL, entry_hash TEXT NOT NULL, entry TEXT NOT NULL,
  PRIMARY KEY (device_id, seq)
);
CREATE TABLE IF NOT EXISTS srv_audit_flags (
  id INTEGER PRIMARY KEY, device_id TEXT NOT NULL, user_name TEXT NOT NULL, kind TEXT NOT NULL,
  audit_seq INTEGER NOT NULL, message TEXT NOT NULL, at_ms INTEGER NOT NULL,
  UNIQUE (device_id, kind, audit_seq)
);
)SQL"},
    {2, "photos and documents (attachments, blobs and their segments, holders, challenges); wiped devices", R"SQL(
-- A revoked device that carried out its wipe order says so (docs/server.md, "Lost devices").
ALTER TABLE srv_devices ADD COLUMN wiped_ms INTEGER;
-- A record with attachments carries their metadata in the feed (pull, protocol 4).
ALTER TABLE srv_records ADD COLUMN attachments INTEGER NOT NULL DEFAULT 0;
CREATE TABLE srv_attachments (    -- attach ops received: an attachment's metadata and who sent it
  attachment_id TEXT PRIMARY KEY, record_type TEXT NOT NULL, record_id TEXT NOT NULL, sha256 TEXT NOT NULL,
  size_bytes INTEGER NOT NULL, media_type TEXT NOT NULL, file_name TEXT NOT NULL, captured_ms INTEGER NOT NULL,
  captured_by TEXT NOT NULL, device_id TEXT NOT NULL, user_name TEXT NOT NULL, received_ms INTEGER NOT NULL
);
CREATE INDEX srv_attachments_record ON srv_attachments(record_type, record_id);
CREATE INDEX srv_attachments_device_sha ON srv_attachments(device_id, sha256);
CREATE TABLE srv_blobs (          -- the bytes, by SHA-256: a file of encrypted segments in <db>.blobs/
  sha256 TEXT PRIMARY KEY, size_bytes INTEGER NOT NULL, file_name TEXT NOT NULL, file_key BLOB NOT NULL,
  received INTEGER NOT NULL, file_length INTEGER NOT NULL, segments INTEGER NOT NULL,
  complete INTEGER NOT NULL, created_ms INTEGER NOT NULL, completed_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE srv_blob_segments (
  sha256 TEXT NOT NULL, idx INTEGER NOT NULL, plain_offset INTEGER NOT NULL, plain_size INTEGER NOT NULL,
  file_offset INTEGER NOT NULL, PRIMARY KEY (sha256, idx)
);
CREATE TABLE srv_blob_holders (   -- devices that uploaded a blob or proved they hold its bytes
  sha256 TEXT NOT NULL, device_id TEXT NOT NULL, at_ms INTEGER NOT NULL, how TEXT NOT NULL,
  PRIMARY KEY (sha256, device_id)
);
CREATE TABLE srv_blob_challenges (
  device_id TEXT NOT NULL, sha256 TEXT NOT NULL, challenge TEXT NOT NULL, expires_ms INTEGER NOT NULL,
  PRIMARY KEY (device_id, sha256)
);
)SQL"},
    {3, "device token renewal", R"SQL(
-- A renewed token waits beside the current one until its first use (storage.h, issueNextToken).
ALTER TABLE srv_devices ADD COLUMN next_token_hash TEXT;
ALTER TABLE srv_devices ADD COLUMN token_renewal_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE srv_devices ADD COLUMN token_issued_ms INTEGER;  -- NULL: at enrolment
CREATE INDEX srv_devices_next_token ON srv_devices(next_token_hash);
)SQL"},
};

constexpr int kLatest = kMigrations[std::size(kMigrations) - 1].version;

}  // namespace

Status migrateServerTables(Store& store) {
    sqlite::Database& db = store.companionDatabase();
    Status migrated = store.transaction([&]() -> Status {
        FC_TRY(db.exec("CREATE TABLE IF NOT EXISTS srv_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
        int version = 0;
        auto stored = db.queryText("SELECT value FROM srv_meta WHERE key = 'schema_version'");
        if (stored.ok()) {
            version = std::atoi(stored.value().c_str());
            if (version < 1) return makeError(ErrorCode::Corrupt, "the server database's schema version '" + stored.value() + "' is not a number");
            if (version > kLatest) {
                return makeError(ErrorCode::TooNew, "the server database was written by a newer fieldcheck-server (its tables are at version " +
                                                        std::to_string(version) + ", this server knows " + std::to_string(kLatest) + ")");
            }
        } else if (stored.error().code != ErrorCode::NotFound) {
            return stored.error();
        }
        for (const auto& m : kMigrations) {
            if (m.version <= version) continue;
            Status st = db.exec(m.sql);
            if (!st.ok()) return makeError(st.error().code, "server table migration " + std::to_string(m.version) + " (" + m.what + "): " + st.error().message);
        }
        auto put = db.prepare(version == 0 ? "INSERT INTO srv_meta(key, value) VALUES ('schema_version', ?)"
                                           : "UPDATE srv_meta SET value = ? WHERE key = 'schema_version'");
        if (!put.ok()) return put.error();
        FC_TRY(put->bind(1, std::to_string(kLatest)).run());
        return {};
    });
    return migrated;
}

}  // namespace fieldcheck::server
