#include "schema.h"

#include "search_index.h"

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


// Version 3: the campaign domain — people and roles, assignments, checklists and visits, the
// finding and complaint life cycles, rectification (plans, measures, monthly reports, escalations,
// accountability), rules adopted and good practices, the spot-check draw and the search index.
constexpr const char* kV3 =
    "ALTER TABLE audit_log ADD COLUMN schema_version INTEGER;\n"
    "ALTER TABLE campaigns ADD COLUMN report_due_day INTEGER;\n"
    "ALTER TABLE findings ADD COLUMN status TEXT NOT NULL DEFAULT 'recorded';\n"
    "ALTER TABLE findings ADD COLUMN visit_id TEXT REFERENCES visits(id);\n"
    "ALTER TABLE findings ADD COLUMN complaint_id TEXT REFERENCES complaints(id);\n"
    "ALTER TABLE findings ADD COLUMN case_opened_date TEXT;\n"
    "CREATE INDEX findings_status ON findings(status);\n"
    // Finding counts per unit, state, case and withdrawal, kept by triggers, so that the dashboard
    // reads a few hundred rows instead of every finding (docs/benchmarks.md).
    "CREATE TABLE finding_counts (unit_id TEXT NOT NULL, status TEXT NOT NULL, case_opened INTEGER NOT NULL,\n"
    "  withdrawn INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (unit_id, status, case_opened, withdrawn));\n"
    "INSERT INTO finding_counts SELECT unit_id, status, case_opened_date IS NOT NULL, withdrawn_ms IS NOT NULL, count(*)\n"
    "  FROM findings GROUP BY 1, 2, 3, 4;\n"
    "CREATE TRIGGER finding_counts_insert AFTER INSERT ON findings BEGIN\n"
    "  INSERT OR IGNORE INTO finding_counts VALUES (NEW.unit_id, NEW.status, NEW.case_opened_date IS NOT NULL,\n"
    "    NEW.withdrawn_ms IS NOT NULL, 0);\n"
    "  UPDATE finding_counts SET n = n + 1 WHERE unit_id = NEW.unit_id AND status = NEW.status\n"
    "    AND case_opened = (NEW.case_opened_date IS NOT NULL) AND withdrawn = (NEW.withdrawn_ms IS NOT NULL);\n"
    "END;\n"
    "CREATE TRIGGER finding_counts_update AFTER UPDATE OF unit_id, status, case_opened_date, withdrawn_ms ON findings BEGIN\n"
    "  UPDATE finding_counts SET n = n - 1 WHERE unit_id = OLD.unit_id AND status = OLD.status\n"
    "    AND case_opened = (OLD.case_opened_date IS NOT NULL) AND withdrawn = (OLD.withdrawn_ms IS NOT NULL);\n"
    "  INSERT OR IGNORE INTO finding_counts VALUES (NEW.unit_id, NEW.status, NEW.case_opened_date IS NOT NULL,\n"
    "    NEW.withdrawn_ms IS NOT NULL, 0);\n"
    "  UPDATE finding_counts SET n = n + 1 WHERE unit_id = NEW.unit_id AND status = NEW.status\n"
    "    AND case_opened = (NEW.case_opened_date IS NOT NULL) AND withdrawn = (NEW.withdrawn_ms IS NOT NULL);\n"
    "END;\n"
    "CREATE TRIGGER finding_counts_delete AFTER DELETE ON findings BEGIN\n"
    "  UPDATE finding_counts SET n = n - 1 WHERE unit_id = OLD.unit_id AND status = OLD.status\n"
    "    AND case_opened = (OLD.case_opened_date IS NOT NULL) AND withdrawn = (OLD.withdrawn_ms IS NOT NULL);\n"
    "END;\n"
    "ALTER TABLE complaints ADD COLUMN ref_no TEXT;\n"
    "ALTER TABLE complaints ADD COLUMN supervision_status TEXT NOT NULL DEFAULT 'none';\n"
    "ALTER TABLE complaints ADD COLUMN supervisor TEXT;\n"
    "ALTER TABLE complaints ADD COLUMN supervision_deadline TEXT;\n"
    "ALTER TABLE complaints ADD COLUMN supervision_outcome TEXT;\n"
    "CREATE UNIQUE INDEX complaints_ref_no ON complaints(ref_no) WHERE ref_no IS NOT NULL;\n"
    "CREATE UNIQUE INDEX self_inspections_unit_period ON self_inspections(unit_id, period) WHERE withdrawn_ms IS NULL;\n"
    "CREATE TABLE persons (\n" FC_RECORD_COLUMNS
    "  name TEXT NOT NULL, user_name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,\n"
    "  group_id TEXT REFERENCES inspection_groups(id), unit_id TEXT REFERENCES units(id), phone TEXT);\n"
    "CREATE TABLE assignments (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), group_id TEXT NOT NULL REFERENCES inspection_groups(id),\n"
    "  unit_id TEXT NOT NULL REFERENCES units(id), task TEXT NOT NULL, period TEXT, due_date TEXT,\n"
    "  complaint_id TEXT REFERENCES complaints(id), note TEXT, status TEXT NOT NULL DEFAULT 'assigned');\n"
    "CREATE INDEX assignments_group ON assignments(group_id);\n"
    "CREATE INDEX assignments_unit ON assignments(unit_id);\n"
    "CREATE TABLE checklist_templates (\n" FC_RECORD_COLUMNS
    "  code TEXT NOT NULL, template_version INTEGER NOT NULL, name TEXT NOT NULL, items TEXT NOT NULL,\n"
    "  UNIQUE(code, template_version));\n"
    "CREATE TABLE visits (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT NOT NULL REFERENCES units(id),\n"
    "  group_id TEXT NOT NULL REFERENCES inspection_groups(id), assignment_id TEXT REFERENCES assignments(id),\n"
    "  checklist_template_id TEXT REFERENCES checklist_templates(id), inspectors_present TEXT,\n"
    "  planned_date TEXT, started_ms INTEGER, submitted_ms INTEGER, reviewed_ms INTEGER,\n"
    "  status TEXT NOT NULL DEFAULT 'planned', gps_latitude REAL, gps_longitude REAL, gps_accuracy_m REAL,\n"
    "  gps_time_ms INTEGER, distance_to_unit_m REAL, answers TEXT, notes TEXT, fewer_than_two INTEGER);\n"
    "CREATE INDEX visits_unit ON visits(unit_id);\n"
    "CREATE TABLE rectification_plans (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT NOT NULL REFERENCES units(id),\n"
    "  title TEXT NOT NULL, cause_analysis TEXT, status TEXT NOT NULL DEFAULT 'draft');\n"
    "CREATE INDEX rectification_plans_unit ON rectification_plans(unit_id);\n"
    "CREATE TABLE rectification_measures (\n" FC_RECORD_COLUMNS
    "  plan_id TEXT NOT NULL REFERENCES rectification_plans(id), finding_id TEXT REFERENCES findings(id),\n"
    "  description TEXT NOT NULL, owner TEXT NOT NULL, deadline TEXT NOT NULL, kind TEXT NOT NULL,\n"
    "  status TEXT NOT NULL DEFAULT 'planned', completion_evidence TEXT, completed_date TEXT);\n"
    "CREATE INDEX rectification_measures_plan ON rectification_measures(plan_id);\n"
    "CREATE INDEX rectification_measures_finding ON rectification_measures(finding_id);\n"
    "CREATE TABLE monthly_reports (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT NOT NULL REFERENCES units(id),\n"
    "  month TEXT NOT NULL, work_done TEXT, problems_remaining TEXT, next_plan TEXT,\n"
    "  submitted_date TEXT, status TEXT NOT NULL DEFAULT 'draft');\n"
    "CREATE UNIQUE INDEX monthly_reports_unit_month ON monthly_reports(unit_id, month) WHERE withdrawn_ms IS NULL;\n"
    "CREATE TABLE escalations (\n" FC_RECORD_COLUMNS
    "  unit_id TEXT REFERENCES units(id), measure_id TEXT REFERENCES rectification_measures(id),\n"
    "  question TEXT NOT NULL, to_whom TEXT NOT NULL, asked_date TEXT, answer TEXT, answered_date TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'open');\n"
    "CREATE TABLE accountability_cases (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT REFERENCES units(id), target TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL, measure TEXT, finding_id TEXT REFERENCES findings(id), basis TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'proposed', decision_note TEXT, decided_date TEXT);\n"
    "CREATE UNIQUE INDEX accountability_cases_basis ON accountability_cases(basis) WHERE basis IS NOT NULL;\n"
    "CREATE TABLE rules_adopted (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT REFERENCES units(id), title TEXT NOT NULL,\n"
    "  summary TEXT, adopted_date TEXT);\n"
    "CREATE TABLE rule_bases (\n" FC_RECORD_COLUMNS
    "  rule_id TEXT NOT NULL REFERENCES rules_adopted(id), finding_id TEXT NOT NULL REFERENCES findings(id));\n"
    "CREATE INDEX rule_bases_rule ON rule_bases(rule_id);\n"
    "CREATE TABLE good_practices (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), unit_id TEXT REFERENCES units(id), title TEXT NOT NULL,\n"
    "  description TEXT);\n"
    "CREATE TABLE spot_check_draws (\n" FC_RECORD_COLUMNS
    "  campaign_id TEXT REFERENCES campaigns(id), period TEXT NOT NULL, sample_size INTEGER NOT NULL,\n"
    "  candidates TEXT NOT NULL, candidates_sha256 TEXT NOT NULL, seed_parts TEXT NOT NULL,\n"
    "  seed TEXT NOT NULL, picks TEXT NOT NULL);\n"
    // Full-text index: one document per indexed record (search_docs maps it to the record); the
    // body holds the tokens made by core/src/search_index.cpp (CJK character bigrams, lower-cased
    // words), so FTS4's simple tokenizer suffices.
    "CREATE TABLE search_docs (docid INTEGER PRIMARY KEY, record_type TEXT NOT NULL, record_id TEXT NOT NULL,\n"
    "  UNIQUE(record_type, record_id));\n"
    "CREATE VIRTUAL TABLE search_index USING fts4(body, tokenize=simple);\n";

#undef FC_RECORD_COLUMNS

// Version 4: sync (docs/sync-protocol.md). Outbox entries carry the author's hybrid logical clock
// and, per changed field, the server's version of that field the author saw (field-level
// conflicts). sync_records keeps what the server last said about each record; sync_pages keeps the
// manifest of each applied pull page, which its audit entry hashes.
constexpr const char* kV4 = R"SQL(
ALTER TABLE outbox ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN field_bases TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_record ON outbox(record_type, record_id, state);
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE sync_records (
  record_type    TEXT NOT NULL,
  record_id      TEXT NOT NULL,
  scope          TEXT NOT NULL,             -- the server's scope key ("unit:<id>", "ref", ...)
  server_version INTEGER NOT NULL,
  field_versions TEXT NOT NULL,             -- JSON {field: {"v": n, "h": hlc, "d": device}}
  conflicts      TEXT NOT NULL,             -- JSON array of open conflicts
  open_conflicts INTEGER NOT NULL,
  PRIMARY KEY (record_type, record_id)
);
CREATE INDEX sync_records_open ON sync_records(open_conflicts) WHERE open_conflicts > 0;
CREATE INDEX sync_records_scope ON sync_records(scope);
CREATE TABLE sync_parked (                  -- pulled records waiting for a parent record to arrive
  record_type TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  doc         TEXT NOT NULL,
  PRIMARY KEY (record_type, record_id)
);
CREATE TABLE sync_pages (
  audit_seq INTEGER PRIMARY KEY REFERENCES audit_log(seq),
  manifest  TEXT NOT NULL                   -- "type<TAB>id<TAB>record hash" lines; hash "" = removed
);
)SQL";

// Version 5: the finding-count triggers no longer depend on the conflict clause of the statement
// that fires them. A trigger's statements take the outer statement's ON CONFLICT policy, so the
// former "INSERT OR IGNORE" became "INSERT OR FAIL" under an "UPDATE OR FAIL" of a finding. Writes
// use OR FAIL so that SQLite keeps no statement journal, whose every page SQLCipher would encrypt
// (docs/benchmarks.md, "Sync"; database.h).
#define FC_COUNT_MATCH(R)                                                                                  \
    "unit_id = " R ".unit_id AND status = " R ".status AND case_opened = (" R ".case_opened_date IS NOT NULL)" \
    " AND withdrawn = (" R ".withdrawn_ms IS NOT NULL)"
constexpr const char* kV5 =
    "DROP TRIGGER finding_counts_insert;\n"
    "DROP TRIGGER finding_counts_update;\n"
    "CREATE TRIGGER finding_counts_insert AFTER INSERT ON findings BEGIN\n"
    "  INSERT INTO finding_counts SELECT NEW.unit_id, NEW.status, NEW.case_opened_date IS NOT NULL,\n"
    "    NEW.withdrawn_ms IS NOT NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM finding_counts WHERE " FC_COUNT_MATCH("NEW") ");\n"
    "  UPDATE finding_counts SET n = n + 1 WHERE " FC_COUNT_MATCH("NEW") ";\n"
    "END;\n"
    "CREATE TRIGGER finding_counts_update AFTER UPDATE OF unit_id, status, case_opened_date, withdrawn_ms ON findings BEGIN\n"
    "  UPDATE finding_counts SET n = n - 1 WHERE " FC_COUNT_MATCH("OLD") ";\n"
    "  INSERT INTO finding_counts SELECT NEW.unit_id, NEW.status, NEW.case_opened_date IS NOT NULL,\n"
    "    NEW.withdrawn_ms IS NOT NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM finding_counts WHERE " FC_COUNT_MATCH("NEW") ");\n"
    "  UPDATE finding_counts SET n = n + 1 WHERE " FC_COUNT_MATCH("NEW") ";\n"
    "END;\n";
#undef FC_COUNT_MATCH

// Version 6: the unit's answers to findings (finding_answer).
constexpr const char* kV6 = R"SQL(
CREATE TABLE finding_answers (
  id               TEXT PRIMARY KEY,
  version          INTEGER NOT NULL,
  created_ms       INTEGER NOT NULL,
  created_by       TEXT NOT NULL,
  updated_ms       INTEGER NOT NULL,
  updated_by       TEXT NOT NULL,
  withdrawn_ms     INTEGER,
  withdrawn_reason TEXT,
  finding_id       TEXT NOT NULL REFERENCES findings(id),
  stance           TEXT NOT NULL,
  answer           TEXT NOT NULL,
  submitted_date   TEXT,
  status           TEXT NOT NULL DEFAULT 'draft'
);
CREATE INDEX finding_answers_finding ON finding_answers(finding_id);
)SQL";

// Version 7: how far each photo's or document's upload got (docs/sync-protocol.md, "Photos and
// documents"). A row appears with the first byte the server acknowledged; no row = not begun.
constexpr const char* kV7 = R"SQL(
CREATE TABLE attachment_uploads (
  attachment_id TEXT PRIMARY KEY REFERENCES attachments(id),
  bytes_done    INTEGER NOT NULL,           -- as far as the server has acknowledged
  done_ms       INTEGER,                    -- the server holds the whole (uploaded or proven)
  how           TEXT,                       -- 'uploaded' | 'proven'
  last_error    TEXT                        -- why the last attempt stopped, for people
);
-- Photos and documents of records this device received, taken on other devices: their metadata
-- from the pull; once the server holds the bytes ("available") the device downloads and seals them
-- into its vault like its own (file_key, storage_name).
CREATE TABLE remote_attachments (
  id           TEXT PRIMARY KEY,
  record_type  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  media_type   TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  size_bytes   INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  captured_ms  INTEGER NOT NULL,
  captured_by  TEXT NOT NULL,
  available    INTEGER NOT NULL,           -- the server holds the bytes (else: pending)
  file_key     BLOB,
  storage_name TEXT,
  downloaded_ms INTEGER
);
CREATE INDEX remote_attachments_record ON remote_attachments(record_type, record_id);
-- The server's signed receipts of this device's pushes (docs/sync-protocol.md, "Receipts").
CREATE TABLE sync_receipts (
  seq          INTEGER PRIMARY KEY,
  received_ms  INTEGER NOT NULL,
  payload      TEXT NOT NULL,               -- as signed: op ids, statuses, digests
  signature    TEXT NOT NULL,               -- Ed25519, hex
  key          TEXT NOT NULL                -- the public key the server named, hex
);
)SQL";

// Version 8: units in the full-text index (by name, address and code), and an index on their
// name for the app's unit list, which pages through them in name order. Records written before
// the full-text index existed (schema 2) never had a document; the step gives one to every record
// of an indexed type that has none — the units of every store, and the findings and complaints of
// a store begun at schema 2.
constexpr const char* kV8 = R"SQL(
CREATE INDEX units_name ON units(name);
)SQL";

// Version 9: a visit's check-in says whether the position was simulated, and the visit carries
// the unit's signature (被检查单位签字确认): the sealed PNG's attachment id, who signed, when, and
// the SHA-256 of the content signed (core/include/fieldcheck/core/visit_rules.h).
constexpr const char* kV9 = R"SQL(
ALTER TABLE visits ADD COLUMN gps_simulated INTEGER;
ALTER TABLE visits ADD COLUMN signature_attachment_id TEXT;
ALTER TABLE visits ADD COLUMN signed_by TEXT;
ALTER TABLE visits ADD COLUMN signed_ms INTEGER;
ALTER TABLE visits ADD COLUMN signed_content_sha256 TEXT;
)SQL";

// Version 10: the findings list pages newest first (created_ms DESC, rowid DESC) through an index
// instead of sorting every finding for each page of 50 (bench_app: 237 s waiting for rows while
// scrolling 50,000 of 100,000 findings).
constexpr const char* kV10 = R"SQL(
CREATE INDEX findings_created ON findings(created_ms);
)SQL";

// Version 11: the finding counts are kept by the store's C++ (finding_counts.h), in the transaction
// of each write: the triggers made every findings INSERT a multi-row write, with a statement journal
// that SQLCipher encrypted page by page (docs/benchmarks.md, "The floor"). The counts are made anew
// from the findings, as migration 3 first made them.
constexpr const char* kV11 = R"SQL(
DROP TRIGGER finding_counts_insert;
DROP TRIGGER finding_counts_update;
DROP TRIGGER finding_counts_delete;
DELETE FROM finding_counts;
INSERT INTO finding_counts SELECT unit_id, status, case_opened_date IS NOT NULL, withdrawn_ms IS NOT NULL, count(*)
  FROM findings GROUP BY 1, 2, 3, 4;
)SQL";

// The indexed columns as of version 8, named here rather than taken from search_index.cpp so that
// this step reads only columns that exist at version 7 whatever the index covers later.
Status indexRecordsWithoutDocument(Database& db, const MigrationContext& context) {
    if (!context.keepsSearchIndex) return {};
    struct Indexed {
        const char* type;
        const char* table;
        std::vector<std::string> columns;
    };
    static const std::vector<Indexed> indexed = {
        {"finding", "findings", {"description", "subcategory"}},
        {"visit", "visits", {"notes"}},
        {"rectification_measure", "rectification_measures", {"description", "completion_evidence"}},
        {"finding_answer", "finding_answers", {"answer"}},
        {"complaint", "complaints", {"summary", "supervision_outcome"}},
        {"unit", "units", {"name", "address", "code"}},
    };
    for (const auto& t : indexed) FC_TRY(indexMissingDocuments(db, t.type, t.table, t.columns));
    return {};
}

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, "store machinery: meta, audit chain, outbox, attachments", kV1},
        {2, "campaign records: campaigns, units, groups, complaints, self-inspections, findings", kV2},
        {3, "campaign domain: people, assignments, visits, life cycles, rectification, draws, search", kV3},
        {4, "sync: clocks and field bases in the outbox, server state per record, pull manifests", kV4},
        {5, "finding-count triggers that work under any conflict clause of the statement firing them", kV5},
        {6, "the unit's answers to findings", kV6},
        {7, "photos and documents (upload state, those received from other devices); push receipts", kV7},
        {8, "units in the search index and listed by name; index documents for records that had none", kV8,
         indexRecordsWithoutDocument},
        {9, "visits: simulated check-in position, the unit's signature bound to the visit's content", kV9},
        {10, "findings listed newest first through an index on their creation time", kV10},
        {11, "finding counts kept by the store in each write's transaction instead of by triggers", kV11},
    };
    return all;
}

Status migrate(Database& db, int target, const MigrationContext& context) {
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
        if (st.ok() && m.step != nullptr) st = m.step(db, context);
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
