#include "statement_replica.h"

#include <algorithm>
#include <filesystem>

#include "bench_support.h"
#include "fieldcheck/core/crypto.h"
#include "schema.h"
#include "store_like_database.h"

namespace fieldcheck::bench {

namespace {

constexpr const char* kCategories[] = {"safety",      "public_interest", "internal",   "eight_rules",
                                       "four_styles", "inaction",        "misconduct", "responsibility"};

void insertOneFinding(detail::Database& db, const std::string& unitId, int64_t i, int64_t nowMs) {
    // 1. checkReferences: the unit must exist.
    auto ref = must(db.prepare("SELECT 1 FROM units WHERE id = ?"), "prepare reference check");
    ref.bind(1, unitId);
    check(must(ref.step(), "reference check"), "replica: unit missing");

    // 2. The finding row.
    const std::string id = randomId();
    const std::string description = "第" + std::to_string(i + 1) + "条：消防通道被杂物堵塞，夜间值班人员不足，已现场拍照取证。";
    auto ins = must(db.prepare("INSERT INTO findings(id, version, created_ms, created_by, updated_ms, updated_by, "
                               "campaign_id, unit_id, category, subcategory, description, money_involved, "
                               "persons_involved, source, found_date) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
                    "prepare finding insert");
    ins.bind(1, id).bind(2, int64_t{1}).bind(3, nowMs).bind(4, std::string_view("local")).bind(5, nowMs);
    ins.bind(6, std::string_view("local")).bindNull(7).bind(8, unitId).bind(9, std::string_view(kCategories[i % 8]));
    ins.bind(10, std::string_view("现场检查发现")).bind(11, description);
    if (i % 5 == 0) ins.bind(12, int64_t{10050});
    else ins.bindNull(12);
    ins.bindNull(13).bind(14, std::string_view("visit")).bind(15, std::string_view("2026-11-27"));
    must(ins.run(), "insert finding");
    const std::string fieldsHash = sha256Hex(description + id);

    // 3. The audit chain head, 4. the new audit entry linked to it.
    auto head = must(db.prepare("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"), "prepare head");
    const bool hasHead = must(head.step(), "audit head");
    const int64_t seq = hasHead ? head.int64(0) + 1 : 1;
    const std::string prevHash = hasHead ? head.text(1) : std::string(64, '0');
    const std::string entryHash = sha256Hex(std::to_string(seq) + prevHash + fieldsHash);
    auto audit = must(db.prepare("INSERT INTO audit_log(seq, device_id, prev_hash, actor, at_ms, action, record_type, "
                                 "record_id, fields_sha256, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?)"),
                      "prepare audit insert");
    audit.bind(1, seq).bind(2, std::string_view("0123456789abcdef0123456789abcdef")).bind(3, prevHash);
    audit.bind(4, std::string_view("local")).bind(5, nowMs).bind(6, std::string_view("create"));
    audit.bind(7, std::string_view("finding")).bind(8, id).bind(9, fieldsHash).bind(10, entryHash);
    must(audit.run(), "insert audit entry");

    // 5. The outbox entry, with the fields as JSON.
    auto out = must(db.prepare("INSERT INTO outbox(op_id, audit_seq, action, record_type, record_id, base_version, "
                               "payload, created_ms) VALUES (?,?,?,?,?,?,?,?)"),
                    "prepare outbox insert");
    out.bind(1, randomId()).bind(2, seq).bind(3, std::string_view("create")).bind(4, std::string_view("finding"));
    out.bind(5, id).bind(6, int64_t{0});
    out.bind(7, "{\"unit_id\":\"" + unitId + "\",\"category\":\"" + kCategories[i % 8] + "\",\"description\":\"" +
                    description + "\",\"source\":\"visit\",\"found_date\":\"2026-11-27\"}");
    out.bind(8, nowMs);
    must(out.run(), "insert outbox entry");
}

}  // namespace

ReplicaRun runStatementReplica(const std::string& path, bool encrypted, int64_t records, int64_t batch,
                               bool savepointPerRecord) {
    detail::Database db = openStoreLikeDatabase(path, encrypted);
    must(detail::migrate(db, detail::kCurrentSchemaVersion), "replica: schema");
    const std::string unitId = randomId();
    const int64_t nowMs = 1'795'000'000'000;
    {
        auto unit = must(db.prepare("INSERT INTO units(id, version, created_ms, created_by, updated_ms, updated_by, "
                                    "code, name, unit_type) VALUES (?,1,?,'local',?,'local','U1','测试单位','elderly_home')"),
                         "prepare unit");
        unit.bind(1, unitId).bind(2, nowMs).bind(3, nowMs);
        must(unit.run(), "insert unit");
    }

    ReplicaRun run;
    Stopwatch sw;
    for (int64_t done = 0; done < records; done += batch) {
        const int64_t n = std::min(batch, records - done);
        must(db.exec("BEGIN IMMEDIATE"), "begin");
        for (int64_t i = 0; i < n; ++i) {
            // What detail::Transaction does at depth 1: SAVEPOINT sp1 … RELEASE sp1.
            if (savepointPerRecord) must(db.exec("SAVEPOINT sp1"), "savepoint");
            insertOneFinding(db, unitId, done + i, nowMs);
            if (savepointPerRecord) must(db.exec("RELEASE sp1"), "release");
        }
        must(db.exec("COMMIT"), "commit");
    }
    run.seconds = sw.seconds();

    check(must(db.queryInt("SELECT count(*) FROM findings"), "count") == records, "replica: findings missing");
    checkEncryptedOnDisk(db, path, encrypted);
    std::error_code ec;
    run.fileBytes = static_cast<int64_t>(std::filesystem::file_size(path, ec));
    return run;
}

}  // namespace fieldcheck::bench
