#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/search.h"
#include "fieldcheck/core/visit_rules.h"
#include "schema.h"
#include "test_support.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

const char* kFixturePassphrase = "fixture-passphrase-正风";

// Copies tests/data/schema-vN.db (+ keyring, vault) into `dir` so the upgrade happens on a copy.
std::string copyFixture(const TempDir& dir, int version) {
    const std::string name = "schema-v" + std::to_string(version) + ".db";
    const std::string from = std::string(FIELDCHECK_TEST_DATA_DIR) + "/" + name;
    REQUIRE(std::filesystem::exists(from));
    const std::string to = dir.file(name);
    std::filesystem::copy_file(from, to);
    std::filesystem::copy_file(from + ".keyring", to + ".keyring");
    if (std::filesystem::exists(from + ".attachments")) copyTree(from + ".attachments", to + ".attachments");
    return to;
}

}  // namespace

TEST_CASE("migrations are numbered 1..N without gaps", "[core][migrations]") {
    const auto& all = detail::migrations();
    REQUIRE(all.size() == static_cast<size_t>(detail::kCurrentSchemaVersion));
    for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].version == static_cast<int>(i) + 1);
}

TEST_CASE("a store of every released schema version opens and upgrades to the current one", "[core][migrations]") {
    const int version = GENERATE(range(1, detail::kCurrentSchemaVersion + 1));
    CAPTURE(version);
    TempDir dir;
    const std::string db = copyFixture(dir, version);
    auto s = Store::open(db, passphrase(kFixturePassphrase), testOptions());
    REQUIRE(s.ok());
    CHECK(s.value()->schemaVersion() == detail::kCurrentSchemaVersion);
    auto report = s.value()->verifyAudit();
    REQUIRE(report.ok());
    CHECK(report->ok());
    REQUIRE(s.value()->checkIntegrity().ok());

    if (version >= 2) {
        // What the v2 fixture holds is still there, unchanged.
        auto findings = s.value()->listRecords("finding").value();
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].fields["money_involved"] == "3200.50");
        CHECK(findings[0].fields["subcategory"] == "救灾救济");
        CHECK(findings[0].version == (version >= 3 ? 3 : 2));
        // Fields a later migration added have their defaults, or what the fixture set.
        CHECK(findings[0].fields["status"] == (version >= 3 ? "submitted" : "recorded"));
        CHECK(findings[1].withdrawn);
        auto atts = s.value()->attachmentsOf("finding", findings[0].id).value();
        REQUIRE(atts.size() == 1);
        auto bytes = s.value()->readAttachment(atts[0].id);
        REQUIRE(bytes.ok());
        CHECK(std::string(bytes->begin(), bytes->end()) == "fixture photo bytes");
        CHECK(s.value()->countRecords("complaint").value() == 1);
        // The "四风" complaint concluded "否" has supervision status none before 3 (set only on write)
        // and "required" when written at 3.
        auto complaint = s.value()->listRecords("complaint")->front();
        CHECK(complaint.fields["supervision_status"] == (version >= 3 ? "required" : "none"));
    }
    if (version >= 2) {
        // Migration 8 indexed the unit, and the records written before the index existed (schema
        // 2) as well as those after.
        SearchOptions units;
        units.types = {"unit"};
        auto hits = search(*s.value(), "福利", units);
        REQUIRE(hits.ok());
        REQUIRE(hits->size() == 1);
        CHECK(hits->front().recordId == s.value()->listRecords("unit")->front().id);
        auto findings = search(*s.value(), "物资发放", {});
        REQUIRE(findings.ok());
        REQUIRE(findings->size() == 1);
        CHECK(findings->front().recordType == "finding");
        // Nothing indexed twice: one document per record.
        auto& raw = s.value()->companionDatabase();
        CHECK(raw.queryInt("SELECT count(*) FROM (SELECT record_type, record_id FROM search_docs GROUP BY 1, 2 HAVING count(*) > 1)").value() == 0);
        CHECK(raw.queryInt("SELECT count(*) FROM search_docs WHERE record_type = 'unit'").value() == 1);
    }
    if (version >= 3) {
        auto plans = s.value()->listRecords("rectification_plan").value();
        REQUIRE(plans.size() == 1);
        CHECK(plans[0].fields["status"] == "submitted");
        CHECK(s.value()->countRecords("rectification_measure").value() == 4);
        CHECK(s.value()->countRecords("escalation").value() == 1);  // opened by the needs_support measure
        CHECK(s.value()->countRecords("rule_basis").value() == 1);
    }
    if (version >= 6) {
        auto answers = s.value()->listRecords("finding_answer").value();
        REQUIRE(answers.size() == 1);
        CHECK(answers[0].fields["status"] == "submitted");
        CHECK(answers[0].fields["submitted_date"].is_string());
    }
    if (version >= 7) {
        auto plan = s.value()->listRecords("rectification_plan")->front();
        auto states = replication::attachmentSyncStates(*s.value(), "rectification_plan", plan.id).value();
        REQUIRE(states.size() == 1);
        CHECK(states[0].attachment.fileName == "plan.pdf");
        CHECK(states[0].state == "queued");  // its attach op was never sent: no server
        CHECK(s.value()->companionDatabase().queryInt("SELECT bytes_done FROM attachment_uploads").value() == 7);
    }
    if (version >= 9) {
        // The fixture's visit, checked in and signed by the unit at schema 9: still signed over what
        // it holds, its signature image still readable and matching its recorded SHA-256.
        auto visits = s.value()->listRecords("visit").value();
        REQUIRE(visits.size() == 1);
        CHECK(visits[0].fields["gps_simulated"] == false);
        CHECK(visits[0].fields["signed_by"] == "李院长");
        CHECK(visit_rules::visitSignatureState(visits[0]) == visit_rules::SignatureState::Valid);
        auto png = s.value()->readAttachment(visits[0].fields["signature_attachment_id"].get<std::string>());
        REQUIRE(png.ok());
        CHECK(std::string(png->begin(), png->begin() + 4) == "\x89PNG");
    }
    // The upgraded store takes new records and still verifies; its finding counts (triggers before
    // version 11, the store's own writes since) follow a create, a move, a state and a withdrawal.
    Record unit = createUnit(*s.value(), "NEW1", "新单位");
    auto created = s.value()->createRecord("finding", findingFields(unit.id, "升级后"));
    REQUIRE(created.ok());
    if (version >= 2) {
        auto old = s.value()->listRecords("finding")->front();
        REQUIRE(s.value()->updateRecord("finding", old.id, {{"unit_id", unit.id}}).ok());
        REQUIRE(s.value()->updateRecord("finding", created->id, {{"status", "submitted"}}).ok());
        REQUIRE(s.value()->withdrawRecord("finding", old.id, "升级后撤回").ok());
    }
    REQUIRE(s.value()->checkIntegrity().ok());
    CHECK(s.value()->companionDatabase().queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").value() == 0);
    CHECK(s.value()->verifyAudit()->ok());
}

TEST_CASE("a migration that fails leaves the store at its old version", "[core][migrations]") {
    TempDir dir;
    const std::string db = copyFixture(dir, 1);
    {
        // Put an obstacle in migration 2's way: a table it wants to create.
        auto raw = openRawKeyed(db, kFixturePassphrase);
        REQUIRE(raw.exec("CREATE TABLE units(x)").ok());
    }
    auto s = Store::open(db, passphrase(kFixturePassphrase), testOptions());
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error().message, Catch::Contains("migration to schema version 2"));
    auto raw = openRawKeyed(db, kFixturePassphrase);
    CHECK(raw.queryInt("PRAGMA user_version").value() == 1);
    CHECK_FALSE(raw.queryInt("SELECT count(*) FROM campaigns").ok());  // nothing half-created
}

TEST_CASE("migration 8 indexes units on a device store but leaves the server's store without an index", "[core][migrations][search]") {
    const bool serverReplica = GENERATE(false, true);
    CAPTURE(serverReplica);
    TempDir dir;
    const std::string db = copyFixture(dir, 7);
    StoreOptions options = testOptions();
    options.serverReplica = serverReplica;
    auto s = Store::open(db, passphrase(kFixturePassphrase), options);
    REQUIRE(s.ok());
    REQUIRE(s.value()->schemaVersion() == detail::kCurrentSchemaVersion);
    auto& raw = s.value()->companionDatabase();
    const int64_t units = raw.queryInt("SELECT count(*) FROM search_docs WHERE record_type = 'unit'").value();
    CHECK(units == (serverReplica ? 0 : 1));
    // The unit list pages by name through an index, not a sort of every unit.
    auto plan = raw.prepare("EXPLAIN QUERY PLAN SELECT id FROM units WHERE 1 ORDER BY name, rowid LIMIT 50 OFFSET 0");
    REQUIRE(plan.ok());
    std::string steps;
    while (plan->step().value()) steps += plan->text(3) + "\n";
    CHECK_THAT(steps, Catch::Contains("units_name"));
    CHECK_THAT(steps, !Catch::Contains("TEMP B-TREE"));
}

TEST_CASE("migration 10 lets the findings list page newest first without sorting every finding", "[core][migrations]") {
    TempDir dir;
    const std::string db = copyFixture(dir, 9);
    auto s = Store::open(db, passphrase(kFixturePassphrase), testOptions());
    REQUIRE(s.ok());
    REQUIRE(s.value()->schemaVersion() == detail::kCurrentSchemaVersion);
    auto& raw = s.value()->companionDatabase();
    // Store::listRecords' order for a type without orderBy, descending (FindingListModel's).
    auto plan = raw.prepare("EXPLAIN QUERY PLAN SELECT id FROM findings WHERE 1 AND withdrawn_ms IS NULL "
                            "ORDER BY created_ms DESC, rowid DESC LIMIT 50 OFFSET 0");
    REQUIRE(plan.ok());
    std::string steps;
    while (plan->step().value()) steps += plan->text(3) + "\n";
    CHECK_THAT(steps, Catch::Contains("findings_created"));
    CHECK_THAT(steps, !Catch::Contains("TEMP B-TREE"));
    CHECK(s.value()->listRecords("finding").value().size() == 2);  // the fixture's, still there
}

TEST_CASE("migration 9 gives visits the simulated check-in flag and the unit's signature, unset on visits from before",
          "[core][migrations][visits]") {
    TempDir dir;
    const std::string db = copyFixture(dir, 8);
    {
        auto raw = openRawKeyed(db, kFixturePassphrase);
        REQUIRE(raw.queryInt("PRAGMA user_version").value() == 8);
        // A visit written at schema 8, as a store of that version held it (the fixture has none).
        auto unit = raw.prepare("SELECT id FROM units LIMIT 1");
        REQUIRE(unit.ok());
        REQUIRE(unit->step().value());
        const std::string unitId = unit->text(0);
        auto group = raw.prepare("SELECT id FROM inspection_groups LIMIT 1");
        REQUIRE(group.ok());
        REQUIRE(group->step().value());
        const std::string groupId = group->text(0);
        REQUIRE(raw.exec("INSERT INTO visits(id, version, created_ms, created_by, updated_ms, updated_by, unit_id, group_id, status, "
                         "inspectors_present, gps_latitude, gps_longitude) VALUES ('v8visit', 1, 1, 'fixture', 1, 'fixture', '" +
                         unitId + "', '" + groupId + "', 'started', '张三、李四', 39.9, 116.4)")
                    .ok());
    }
    auto s = Store::open(db, passphrase(kFixturePassphrase), testOptions());
    REQUIRE(s.ok());
    REQUIRE(s.value()->schemaVersion() == detail::kCurrentSchemaVersion);
    auto& raw = s.value()->companionDatabase();
    std::vector<std::string> columns;
    auto info = raw.prepare("PRAGMA table_info(visits)");
    REQUIRE(info.ok());
    while (info->step().value()) columns.push_back(info->text(1));
    for (const char* column : {"gps_simulated", "signature_attachment_id", "signed_by", "signed_ms", "signed_content_sha256"}) {
        CAPTURE(column);
        CHECK(std::find(columns.begin(), columns.end(), column) != columns.end());
    }
    auto old = s.value()->getRecord("visit", "v8visit");
    REQUIRE(old.ok());
    CHECK(old->fields["gps_simulated"].is_null());
    CHECK(old->fields["signed_content_sha256"].is_null());
    CHECK(visit_rules::visitSignatureState(old.value()) == visit_rules::SignatureState::Unsigned);
    // It takes the new fields like a visit made today.
    auto flagged = s.value()->updateRecord("visit", "v8visit", {{"gps_simulated", true}});
    REQUIRE(flagged.ok());
    CHECK(flagged->fields["gps_simulated"] == true);
}
