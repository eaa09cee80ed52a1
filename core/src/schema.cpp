#include "schema.h"

namespace fieldcheck::detail {
namespace {

// Version 1: the store's own machinery — identity, the audit hash chain, the sync outbox and the
// attachment vault's index.
constexpr const char* kV1 = R"SQL(
CREATE TABLE store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY,        -- device sequence number, 1, 2, 3, ...
  device_id     TEXT NOT NULL,
  prev_hash     TEXT NOT NULL,              -- entry_hash of seq-1 (64 zeros for seq 1)
  actor         TEXT NOT NULL,
  at_ms         INTEGER NOT NULL,
  action        TEXT NOT NULL,              -- create | update | withdraw | attach
  record_type   TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  fields_sha256 TEXT NOT NULL,              -- SHA-256 of the record's canonical field values
  entry_hash    TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log(record_type, record_id, seq);
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY,         -- device order
  op_id        TEXT NOT NULL UNIQUE,        -- client op id, idempotency key for the server
  audit_seq    INTEGER NOT NULL REFERENCES audit_log(seq),
  action       TEXT NOT NULL,
  record_type  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  base_version INTEGER NOT NULL,            -- record version the author saw (0 for create)
  payload      TEXT NOT NULL,               -- JSON of the changed fields
  created_ms   INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','applied','rejected')),
  result       TEXT
);
CREATE INDEX outbox_state ON outbox(state, seq);
CREATE TABLE attachments (
  id           TEXT PRIMARY KEY,
  record_type  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  media_type   TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  size_bytes   INTEGER NOT NULL,
  sha256       TEXT NOT NULL,               -- of the original bytes, at capture
  captured_ms  INTEGER NOT NULL,
  captured_by  TEXT NOT NULL,
  file_key     BLOB NOT NULL,               -- secretstream key; lives only inside SQLCipher
  storage_name TEXT NOT NULL                -- sealed file under <db>.attachments/
);
CREATE INDEX attachments_record ON attachments(record_type, record_id);
)SQL";

// Common columns of every record table.
#define FC_RECORD_COLUMNS                                  \
    "  id               TEXT PRIMARY KEY,\n"               \
    "  version          INTEGER NOT NULL,\n"               \
    "  created_ms       INTEGER NOT NULL,\n"               \
    "  created_by       TEXT NOT NULL,\n"                  \
    "  updated_ms       INTEGER NOT NULL,\n"               \
    "  updated_by       TEXT NOT NULL,\n"                  \
    "  withdrawn_ms     INTEGER,\n"                        \
    "  withdrawn_reason TEXT,\n"

// Version 2: the first record types of the campaign.
constexpr const char* kV2 =
    "CREATE TABLE campaigns (\n" FC_RECORD_COLUMNS
    "  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, start_date TEXT, end_date TEXT,\n"
    "  description TEXT);\n"
    "CREATE TABLE units (\n" FC_RECORD_COLUMNS
    "  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, unit_type TEXT NOT NULL, address TEXT,\n"
    "  latitude REAL, longitude REAL, leader_in_charge TEXT, key_rectification INTEGER);\n"
    "CREATE TABLE inspection_groups (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT NOT NULL REFERENCES campaigns(id), code TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL, leader TEXT, members TEXT);\n"
    "CREATE TABLE complaints (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT NOT NULL REFERENCES units(id),\n"
    "  channel TEXT NOT NULL, received_date TEXT NOT NULL, category TEXT NOT NULL,\n"
    "  summary TEXT NOT NULL, conclusion TEXT, complainant TEXT);\n"
    "CREATE INDEX complaints_unit ON complaints(unit_id, received_date);\n"
    "CREATE TABLE self_inspections (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT NOT NULL REFERENCES units(id),\n"
    "  period TEXT NOT NULL, zero_report INTEGER NOT NULL, problem_count INTEGER, summary TEXT);\n"
    "CREATE INDEX self_inspections_unit ON self_inspections(unit_id, period);\n"
    "CREATE TABLE findings (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT NOT NULL REFERENCES units(id),\n"
    "  category TEXT NOT NULL, subcategory TEXT, description TEXT NOT NULL,\n"
    "  money_involved INTEGER, persons_involved TEXT, source TEXT NOT NULL, found_date TEXT);\n"
    "CREATE INDEX findings_unit ON findings(unit_id);\n"
    "CREATE INDEX findings_category ON findings(category);\n";

#undef FC_RECORD_COLUMNS

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, "store machinery: meta, audit chain, outbox, attachments", kV1},
        {2, "campaign records: campaigns, units, groups, complaints, self-inspections, findings", kV2},
    };
    return all;
}

Status migrate(Database& db, int target) {
    auto current = db.queryInt("PRAGMA user_version");
    if (!current.ok()) return current.error();
    if (current.value() > kCurrentSchemaVersion) {
        return makeError(ErrorCode::TooNew,
                         "the store has schema version " + std::to_string(current.value()) +
                             " but this FieldCheck knows only up to " +
                             std::to_string(kCurrentSchemaVersion) + "; update FieldCheck to open it");
    }
    for (const auto& m : migrations()) {
        if (m.version <= current.value() || m.version > target) continue;
        FC_TRY(db.exec("BEGIN IMMEDIATE"));
        Status st = db.exec(m.sql);
        if (st.ok()) st = db.exec("PRAGMA user_version = " + std::to_string(m.version));
        if (st.ok()) st = db.exec("COMMIT");
        if (!st.ok()) {
            (void)db.exec("ROLLBACK");
            return makeError(st.error().code, "migration to schema version " + std::to_string(m.version) +
                                                  " (" + m.description + ") failed: " + st.error().message);
        }
    }
    return {};
}

}  // namespace fieldcheck::detail
