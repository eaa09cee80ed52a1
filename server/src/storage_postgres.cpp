// The storage on PostgreSQL: opening it, making it (with the demo data set), and moving an embedded
// server's data into it (fieldcheck-server admin migrate-to-postgres). The logic is the same as
// on the embedded database (sync_storage_impl.h); what differs is where things are kept: the
// records in PgRecordStore, the server's tables through PgDb, blob segments in PgBlobVault, and
// the change feed numbered after commit (pg_feed.h).
#include <algorithm>
#include <filesystem>

#include "fieldcheck/core/crypto.h"
#include "pg_blob_vault.h"
#include "pg_feed.h"
#include "pg_records.h"
#include "pg_schema.h"
#include "sql_pg.h"
#include "sync_storage_impl.h"

namespace fieldcheck::server {

using json = nlohmann::json;

namespace {

// The server's own tables as both backends have them, in an order that satisfies their foreign
// keys, with the columns copied (srv_counter and srv_meta are handled apart).
struct TableSpec {
    const char* name;
    std::vector<const char*> columns;
    std::vector<const char*> blobColumns;
};

const std::vector<TableSpec>& copiedTables() {
    static const std::vector<TableSpec> tables = {
        {"srv_users", {"user_name", "display_name", "role", "group_id", "unit_id", "pw_hash", "disabled", "created_ms"}, {}},
        {"srv_devices", {"device_id", "user_name", "token_hash", "store_device_id", "name", "enrolled_ms", "last_seen_ms", "audit_seq", "audit_hash",
                         "revoked", "wiped_ms", "next_token_hash", "token_renewal_due", "token_issued_ms"}, {}},
        {"srv_login_failures", {"key", "failures", "locked_until_ms"}, {}},
        {"srv_records", {"record_type", "record_id", "seq", "scope", "fv", "conflicts", "attachments"}, {}},
        {"srv_exits", {"seq", "record_type", "record_id", "old_scope"}, {}},
        {"srv_ops", {"op_id", "device_id", "status", "reason", "record_type", "record_id", "at_ms"}, {}},
        {"srv_device_audit", {"device_id", "seq", "entry_hash", "entry"}, {}},
        {"srv_audit_flags", {"id", "device_id", "user_name", "kind", "audit_seq", "message", "at_ms"}, {}},
        {"srv_attachments", {"attachment_id", "record_type", "record_id", "sha256", "size_bytes", "media_type", "file_name", "captured_ms",
                             "captured_by", "device_id", "user_name", "received_ms"}, {}},
        {"srv_blobs", {"sha256", "size_bytes", "file_name", "file_key", "received", "file_length", "segments", "complete", "created_ms",
                       "completed_ms"}, {"file_key"}},
        {"srv_blob_segments", {"sha256", "idx", "plain_offset", "plain_size", "file_offset"}, {}},
        {"srv_blob_holders", {"sha256", "device_id", "at_ms", "how"}, {}},
        {"srv_blob_challenges", {"device_id", "sha256", "challenge", "expires_ms"}, {}},
    };
    return tables;
}

std::string joined(const std::vector<const char*>& columns) {
    std::string out;
    for (const char* c : columns) out += std::string(out.empty() ? "" : ", ") + c;
    return out;
}

// Copies every row of `t` from `from` to PostgreSQL, many rows per statement; the number of rows.
Result<int64_t> copyTable(sql::Db& from, pg::Connection& to, const TableSpec& t) {
    std::vector<bool> isBlob;
    for (const char* c : t.columns) {
        isBlob.push_back(std::find_if(t.blobColumns.begin(), t.blobColumns.end(), [&](const char* b) { return std::string(b) == c; }) !=
                         t.blobColumns.end());
    }
    pg::BatchInsert rows(to, std::string(t.name) + "(" + joined(t.columns) + ")", t.columns.size());
    auto copying = [&](const Status& st) -> Status {
        if (st.ok()) return st;
        return makeError(st.error().code, "copying " + std::string(t.name) + ": " + st.error().message);
    };
    FC_ASSIGN_OR_RETURN(sql::Statement read, from.prepare("SELECT " + joined(t.columns) + " FROM " + t.name));
    int64_t n = 0;
    for (;;) {
        FC_ASSIGN_OR_RETURN(bool more, read.step());
        if (!more) break;
        pg::Params row;
        for (size_t i = 0; i < t.columns.size(); ++i) {
            const int col = static_cast<int>(i);
            if (read.isNull(col)) row.emplace_back(std::nullopt);
            else if (isBlob[i]) row.emplace_back("\\x" + toHex(read.blob(col)));  // bytea as text
            else row.emplace_back(read.text(col));
        }
        FC_TRY(copying(rows.add(std::move(row))));
        ++n;
    }
    FC_TRY(copying(rows.finish()));
    return n;
}

Status requireEmpty(pg::Connection& conn) {
    FC_ASSIGN_OR_RETURN(int64_t used, conn.queryInt("SELECT (SELECT count(*) FROM srv_records) + (SELECT count(*) FROM srv_users) + "
                                                    "(SELECT count(*) FROM srv_record_data)"));
    if (used > 0) {
        return makeError(ErrorCode::AlreadyExists, conn.where() + " already holds a FieldCheck server's data: "
                                                                  "migrate into an empty database (a new one, made with CREATE DATABASE)");
    }
    return {};
}

}  // namespace

json SyncStorage::MigrationReport::toJson() const {
    return {{"rows", rows}, {"records", records}, {"audit_entries", auditEntries}, {"blobs", blobs}, {"blob_bytes", blobBytes},
            {"problems", problems}, {"ok", ok()}};
}

Result<std::unique_ptr<SyncStorage>> SyncStorage::openPostgres(const std::string& conninfo, StorageOptions options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    FC_ASSIGN_OR_RETURN(impl->pgConn, pg::Connection::open(conninfo));
    FC_TRY(pg::migrate(*impl->pgConn));
    impl->tables = std::make_unique<sql::PgDb>(*impl->pgConn);
    impl->numberAfterCommit = true;
    FC_TRY(impl->loadKeys());
    // The name the server's audit entries carry (the embedded Store's device id, moved with its
    // chain by migrateToPostgres); made once.
    FC_TRY(impl->pgConn->run("INSERT INTO srv_meta(key, value) VALUES ('audit_device_id', $1) ON CONFLICT (key) DO NOTHING",
                             {pg::param(randomId())}));
    FC_ASSIGN_OR_RETURN(std::string auditDevice, impl->pgConn->queryText("SELECT value FROM srv_meta WHERE key = 'audit_device_id'"));
    impl->records = std::make_unique<pg::PgRecordStore>(*impl->pgConn, auditDevice);
    impl->blobBytes = std::make_unique<PgBlobVault>(*impl->pgConn);
    // Changes a process committed and could not number before it stopped.
    FC_TRY(impl->publish());
    return std::unique_ptr<SyncStorage>(new SyncStorage(std::move(impl)));
}

Status SyncStorage::createPostgres(const std::string& conninfo, bool seedDemo, const SecretBytes& demoPassword) {
    {
        FC_ASSIGN_OR_RETURN(auto conn, pg::Connection::open(conninfo));
        FC_TRY(pg::migrate(*conn));
        FC_TRY(requireEmpty(*conn));
    }
    if (!seedDemo) {
        FC_ASSIGN_OR_RETURN(auto storage, openPostgres(conninfo));
        return {};
    }
    // The demo data set is made as on the embedded storage (core's seedDemoData writes into a
    // Store), then moved over the same way an embedded server's data is: one path, checked.
    const std::string dir = (std::filesystem::temp_directory_path() / ("fieldcheck-demo-" + randomId())).string();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return makeError(ErrorCode::IoError, "cannot create " + dir + ": " + ec.message());
    struct Cleanup {
        std::string dir;
        ~Cleanup() {
            std::error_code e;
            std::filesystem::remove_all(dir, e);
        }
    } cleanup{dir};
    const SecretBytes passphrase = SecretBytes::random(32);
    FC_TRY(create(dir + "/demo.db", passphrase, KdfParams::minimumForTests(), true, demoPassword));
    FC_ASSIGN_OR_RETURN(MigrationReport report, migrateToPostgres(dir + "/demo.db", passphrase, conninfo));
    if (!report.ok()) return makeError(ErrorCode::Internal, "the demo data did not arrive whole: " + report.problems.front());
    return {};
}

Result<SyncStorage::MigrationReport> SyncStorage::migrateToPostgres(const std::string& path, const SecretBytes& passphrase,
                                                                    const std::string& conninfo) {
    FC_ASSIGN_OR_RETURN(auto source, open(path, passphrase));
    Impl& from = *source->m_impl;
    std::lock_guard<std::mutex> lock(from.mutex);
    FC_ASSIGN_OR_RETURN(auto conn, pg::Connection::open(conninfo));
    FC_TRY(pg::migrate(*conn));
    FC_TRY(requireEmpty(*conn));
    const std::string auditDevice = from.store->deviceId();
    pg::PgRecordStore records(*conn, auditDevice);
    auto* files = dynamic_cast<FileBlobVault*>(from.blobBytes.get());
    if (files == nullptr) return makeError(ErrorCode::Internal, "the source has no blob files");
    MigrationReport report;

    // 1. Copy, in one transaction: a failed copy leaves the database empty for the next attempt.
    Status copied = conn->transaction([&]() -> Status {
        for (const auto& spec : recordTypes()) {
            ListQuery all;
            all.includeWithdrawn = true;
            FC_ASSIGN_OR_RETURN(std::vector<Record> rs, from.records->list(spec.name, all));
            FC_TRY(records.importRecords(rs));
            report.records += static_cast<int64_t>(rs.size());
        }
        FC_ASSIGN_OR_RETURN(std::vector<AuditEntry> chain, from.records->auditEntries(1, -1));
        FC_TRY(records.importAudit(chain));
        report.auditEntries = static_cast<int64_t>(chain.size());
        for (const auto& t : copiedTables()) {
            FC_ASSIGN_OR_RETURN(report.rows[t.name], copyTable(from.db(), *conn, t));
        }
        // The keys (cursor, receipts) and the audit chain's device id: devices keep what they hold.
        FC_TRY(sql::forEachRow(from.db(), "SELECT key, value FROM srv_meta WHERE key <> 'schema_version'", {},
                               [&](const sql::Statement& row) -> Status {
            return conn->run("INSERT INTO srv_meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                             {pg::param(row.text(0)), pg::param(row.text(1))});
        }));
        FC_TRY(conn->run("INSERT INTO srv_meta(key, value) VALUES ('audit_device_id', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                         {pg::param(auditDevice)}));
        // The feed goes on numbering above what devices' cursors hold.
        FC_ASSIGN_OR_RETURN(int64_t head, from.db().queryInt("SELECT seq FROM srv_counter WHERE id = 1"));
        FC_TRY(conn->run("UPDATE srv_counter SET seq = $1 WHERE id = 1", {pg::param(head)}));
        if (head > 0) FC_TRY(conn->run("SELECT setval('srv_feed_seq', $1)", {pg::param(head)}));
        FC_TRY(conn->run("SELECT setval(pg_get_serial_sequence('srv_audit_flags', 'id'), greatest(1, (SELECT coalesce(max(id), 0) FROM srv_audit_flags)))"));
        // The blobs' sealed segments, as they are in the files (never opened on the way).
        return sql::forEachRow(from.db(), "SELECT s.sha256, s.file_offset, s.plain_size, b.file_name FROM srv_blob_segments s "
                                          "JOIN srv_blobs b ON b.sha256 = s.sha256 ORDER BY s.sha256, s.idx",
                               {}, [&](const sql::Statement& row) -> Status {
            FC_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed,
                                files->readSealed(row.text(3), row.int64(1), row.int64(2) + static_cast<int64_t>(kSegmentOverhead)));
            report.blobBytes += row.int64(2);
            return conn->run("INSERT INTO srv_blob_bytes(name, file_offset, sealed) VALUES ($1, $2, $3::bytea)",
                             {pg::param(row.text(3)), pg::param(row.int64(1)), pg::param("\\x" + toHex(sealed))});
        });
    });
    FC_TRY(copied);

    // 2. Read everything back through the PostgreSQL storage and compare.
    FC_ASSIGN_OR_RETURN(auto target, openPostgres(conninfo));
    Impl& into = *target->m_impl;
    for (const auto& t : copiedTables()) {
        FC_ASSIGN_OR_RETURN(int64_t n, into.db().queryInt("SELECT count(*) FROM " + std::string(t.name)));
        if (n != report.rows[t.name]) {
            report.problems.push_back(std::string(t.name) + ": " + std::to_string(report.rows[t.name]) + " rows copied, " + std::to_string(n) +
                                      " found");
        }
    }
    for (const auto& spec : recordTypes()) {
        ListQuery all;
        all.includeWithdrawn = true;
        FC_ASSIGN_OR_RETURN(std::vector<Record> was, from.records->list(spec.name, all));
        for (const auto& r : was) {
            auto now = into.records->get(spec.name, r.id);
            if (!now.ok()) {
                report.problems.push_back(spec.name + " '" + r.id + "' is missing: " + now.error().message);
            } else if (replication::recordDigest(now.value()) != replication::recordDigest(r)) {
                report.problems.push_back(spec.name + " '" + r.id + "' differs from the original");
            }
        }
    }
    FC_ASSIGN_OR_RETURN(std::vector<AuditEntry> chainWas, from.records->auditEntries(1, -1));
    FC_ASSIGN_OR_RETURN(std::vector<AuditEntry> chainNow, into.records->auditEntries(1, -1));
    if (chainNow.size() != chainWas.size()) {
        report.problems.push_back("the audit chain has " + std::to_string(chainNow.size()) + " entries, not " + std::to_string(chainWas.size()));
    } else {
        for (size_t i = 0; i < chainWas.size(); ++i) {
            if (chainNow[i].entryHash != chainWas[i].entryHash || chainNow[i].computeHash() != chainNow[i].entryHash) {
                report.problems.push_back("audit entry " + std::to_string(chainWas[i].seq) + " differs from the original");
                break;
            }
        }
    }
    FC_ASSIGN_OR_RETURN(AuditReport audit, into.records->verifyAudit());
    for (const auto& p : audit.problems) report.problems.push_back("audit chain on PostgreSQL: " + p.message);
    // Every blob decrypts segment by segment (authenticated) and, when complete, has its SHA-256.
    std::vector<Impl::BlobRow> blobs;
    FC_TRY(sql::forEachRow(into.db(), "SELECT sha256 FROM srv_blobs ORDER BY sha256", {}, [&](const sql::Statement& row) -> Status {
        FC_ASSIGN_OR_RETURN(auto blob, into.blobRow(row.text(0)));
        if (blob) blobs.push_back(std::move(*blob));
        return {};
    }));
    for (const auto& blob : blobs) {
        Sha256 whole;
        Status read = into.forEachBlobSegment(blob, 0, blob.received, [&](int64_t, const std::vector<uint8_t>& plain) -> Status {
            whole.update(plain.data(), plain.size());
            return {};
        });
        if (!read.ok()) {
            report.problems.push_back("blob " + blob.sha256 + ": " + read.error().message);
        } else if (blob.complete && whole.finalHex() != blob.sha256) {
            report.problems.push_back("blob " + blob.sha256 + " does not have its SHA-256 after the move");
        }
    }
    report.blobs = static_cast<int64_t>(blobs.size());
    return report;
}

}  // namespace fieldcheck::server
