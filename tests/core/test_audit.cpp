#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

// A store with a few changes: 1 unit, 3 findings, an update, a withdrawal → 6 entries.
std::vector<std::string> populate(Store& s) {
    Record unit = createUnit(s);
    std::vector<std::string> ids;
    for (const char* d : {"一", "二", "三"}) ids.push_back(s.createRecord("finding", findingFields(unit.id, d))->id);
    REQUIRE(s.updateRecord("finding", ids[0], {{"subcategory", "截留挪用"}}).ok());
    REQUIRE(s.withdrawRecord("finding", ids[1], "重复").ok());
    return ids;
}

}  // namespace

TEST_CASE("an untouched audit chain verifies", "[core][audit]") {
    TempDir dir;
    auto s = createTestStore(dir.file("s.db"));
    populate(*s);
    auto report = s->verifyAudit();
    REQUIRE(report.ok());
    CHECK(report->ok());
    CHECK(report->entries == 6);
    auto entries = s->auditEntries().value();
    CHECK(entries[0].prevHash == std::string(64, '0'));
    for (size_t i = 1; i < entries.size(); ++i) {
        CHECK(entries[i].seq == entries[i - 1].seq + 1);
        CHECK(entries[i].prevHash == entries[i - 1].entryHash);
        CHECK(entries[i].computeHash() == entries[i].entryHash);
    }
}

TEST_CASE("audit verify names the first edited, deleted or reordered entry", "[core][audit][tamper]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    { auto s = createTestStore(db); populate(*s); }

    // tampering (SQL run with the real key, as an insider would), expected first bad seq, kind
    auto [sql, badSeq, kind] = GENERATE(table<std::string, int64_t, std::string>({
        {"UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3", 3, "entry-edited"},
        {"UPDATE audit_log SET at_ms = at_ms + 1 WHERE seq = 5", 5, "entry-edited"},
        {"DELETE FROM audit_log WHERE seq = 4", 5, "sequence-gap"},
        {"DELETE FROM audit_log WHERE seq = 6", 0, "record-mismatch"},  // tail deleted: the record no longer matches
        // Swap entries 2 and 3 (ids and contents stay, sequence numbers exchanged).
        {"UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; "
         "UPDATE audit_log SET seq = 3 WHERE seq = -2",
         2, "broken-link"},
        // The newest entry has no successor to break: its own hash gives it away.
        {"UPDATE audit_log SET action = 'create' WHERE seq = 6", 6, "entry-edited"},
    }));
    CAPTURE(sql);
    {
        auto raw = openRawKeyed(db);
        REQUIRE(raw.exec(sql).ok());
    }
    auto s = openTestStore(db);
    auto report = s->verifyAudit();
    REQUIRE(report.ok());
    REQUIRE_FALSE(report->ok());
    const auto& first = report->problems.front();
    if (badSeq != 0) CHECK(first.seq == badSeq);
    CHECK(first.kind == kind);
    CHECK_FALSE(first.message.empty());
}

TEST_CASE("audit verify catches records changed or deleted behind the store's back", "[core][audit][tamper]") {
    TempDir dir;
    const std::string db = dir.file("s.db");
    std::vector<std::string> ids;
    { auto s = createTestStore(db); ids = populate(*s); }
    // The ids are new on every run of the test case, so the table holds templates: {0} is ids[0], ...
    auto [sqlTemplate, kind] = GENERATE(table<std::string, std::string>({
        {"UPDATE findings SET description = '无问题' WHERE id = '{2}'", "record-mismatch"},
        {"UPDATE findings SET withdrawn_ms = NULL, withdrawn_reason = NULL WHERE id = '{1}'", "record-mismatch"},
        {"DELETE FROM findings WHERE id = '{0}'", "record-deleted"},
        {"INSERT INTO findings(id, version, created_ms, created_by, updated_ms, updated_by, unit_id, category, "
         "description, source) SELECT 'forged', 1, 0, 'x', 0, 'x', unit_id, category, description, source FROM findings LIMIT 1",
         "record-unaudited"},
    }));
    std::string sql = sqlTemplate;
    for (size_t i = 0; i < ids.size(); ++i) {
        const std::string mark = "{" + std::to_string(i) + "}";
        if (auto at = sql.find(mark); at != std::string::npos) sql.replace(at, mark.size(), ids[i]);
    }
    CAPTURE(sql);
    {
        auto raw = openRawKeyed(db);
        REQUIRE(raw.exec(sql).ok());
    }
    auto s = openTestStore(db);
    auto report = s->verifyAudit();
    REQUIRE(report.ok());
    REQUIRE_FALSE(report->ok());
    bool found = false;
    for (const auto& p : report->problems) found = found || p.kind == kind;
    CHECK(found);
}
