// The device side of replication without a server: hybrid clocks, pulled pages (parents first,
// parked children, removals, the manifest in the audit chain), local edits that wait for an
// answer, and the server's answers.
#include <catch2/catch.hpp>

#include <map>
#include <tuple>

#include "database.h"
#include "fieldcheck/core/hlc.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/search.h"
#include "schema.h"
#include "test_support.h"
#include "values.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;
namespace rep = fieldcheck::replication;

namespace {

rep::RecordDoc doc(const std::string& type, const std::string& id, json fields, int64_t version = 1) {
    rep::RecordDoc d;
    d.record.type = type;
    d.record.id = id;
    d.record.version = version;
    d.record.createdMs = d.record.updatedMs = 1780000000000;
    d.record.createdBy = d.record.updatedBy = "server";
    d.record.fields = std::move(fields);
    d.scope = type == "unit" ? "unit:" + id : "unit:" + d.record.fields.value("unit_id", std::string());
    for (auto it = d.record.fields.begin(); it != d.record.fields.end(); ++it) d.fieldVersions[it.key()] = version;
    return d;
}

rep::PulledChange upsert(rep::RecordDoc d) {
    rep::PulledChange c;
    c.doc = std::move(d);
    return c;
}

json unitFields(const std::string& code) { return {{"code", code}, {"name", "单位" + code}, {"unit_type", "elderly_home"}}; }
json findingOf(const std::string& unit, const std::string& description) {
    return {{"unit_id", unit}, {"category", "safety"}, {"description", description}, {"source", "visit"}, {"status", "recorded"}};
}

}  // namespace

TEST_CASE("hybrid clock stamps order events across nodes and survive encoding", "[core][replication]") {
    HybridClock a("device-a"), b("device-b");
    const HlcStamp a1 = a.tick(1000);
    const HlcStamp a2 = a.tick(1000);  // same wall time: the counter moves
    CHECK(a1 < a2);
    b.observe(a2, 500);  // b's wall clock is behind: it still orders after what it saw
    const HlcStamp b1 = b.tick(500);
    CHECK(a2 < b1);
    CHECK(a2.encode() < b1.encode());
    auto parsed = HlcStamp::parse(b1.encode());
    REQUIRE(parsed);
    CHECK(*parsed == b1);
    CHECK_FALSE(HlcStamp::parse("not a stamp"));
    CHECK_FALSE(HlcStamp::parse("00000000000000000x-00000-n"));
}

TEST_CASE("a pulled page is applied parents first with children waiting for their parent and the audit chain accounts for all", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    // The finding comes before its unit, in two different pages.
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "f1", findingOf("u1", "消防通道堵塞")))}, "c1").ok());
    CHECK(rep::parkedCount(*s).value() == 1);
    CHECK_FALSE(s->getRecord("finding", "f1").ok());
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1")))}, "c2").ok());
    CHECK(rep::parkedCount(*s).value() == 0);
    auto f = s->getRecord("finding", "f1");
    REQUIRE(f.ok());
    CHECK(f->fields["description"] == "消防通道堵塞");
    CHECK(rep::syncState(*s, "cursor").value() == std::optional<std::string>("c2"));
    // Nothing pulled goes to the outbox; the chain verifies through the page manifests.
    CHECK(s->pendingOutbox()->empty());
    auto report = s->verifyAudit();
    REQUIRE(report.ok());
    CHECK(report->ok());
}

TEST_CASE("removing a scope removes its records children first and the chain still verifies", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1"))), upsert(doc("finding", "f1", findingOf("u1", "甲"))),
                                      upsert(doc("unit", "u2", unitFields("U2"))), upsert(doc("finding", "f2", findingOf("u2", "乙")))},
                                 "c1")
                .ok());
    rep::PulledChange gone;
    gone.kind = rep::PulledChange::Kind::RemoveScope;
    gone.scope = "unit:u1";
    REQUIRE(rep::applyPulledPage(*s, {gone}, "c2").ok());
    CHECK_FALSE(s->getRecord("unit", "u1").ok());
    CHECK_FALSE(s->getRecord("finding", "f1").ok());
    CHECK(s->getRecord("finding", "f2").ok());
    CHECK(s->verifyAudit()->ok());
    CHECK(s->checkIntegrity().ok());
}

TEST_CASE("an edited page manifest or a pulled record changed behind the store's back is found", "[core][replication]") {
    TempDir dir;
    const std::string path = dir.file("d.db");
    {
        auto s = createTestStore(path);
        REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1"))), upsert(doc("finding", "f1", findingOf("u1", "原文")))}, "c1").ok());
    }
    SECTION("record edited") {
        {
            auto raw = openRawKeyed(path);
            REQUIRE(raw.exec("UPDATE findings SET description = '被改过' WHERE id = 'f1'").ok());
        }
        auto s = openTestStore(path);
        auto report = s->verifyAudit();
        REQUIRE(report.ok());
        REQUIRE_FALSE(report->ok());
        CHECK(report->problems[0].kind == "record-mismatch");
    }
    SECTION("manifest edited") {
        {
            auto raw = openRawKeyed(path);
            REQUIRE(raw.exec("UPDATE sync_pages SET manifest = replace(manifest, 'f1', 'f9')").ok());
        }
        auto s = openTestStore(path);
        auto report = s->verifyAudit();
        REQUIRE(report.ok());
        REQUIRE_FALSE(report->ok());
        CHECK(report->problems[0].kind == "manifest-edited");
    }
}

TEST_CASE("a local edit not yet answered keeps its value when the server's copy arrives", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1"))), upsert(doc("finding", "f1", findingOf("u1", "原文")))}, "c1").ok());
    REQUIRE(s->updateRecord("finding", "f1", {{"description", "本机修改"}}).ok());
    auto ops = rep::unansweredOps(*s, -1);
    REQUIRE(ops->size() == 1);
    CHECK(ops->front().fieldBases["description"] == 1);  // the server's field version this edit saw
    CHECK(HlcStamp::parse(ops->front().hlc).has_value());
    // Another device changed another field meanwhile.
    json fields = findingOf("u1", "原文");
    fields["subcategory"] = "别处补充";
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "f1", fields, 2))}, "c2").ok());
    auto f = s->getRecord("finding", "f1");
    CHECK(f->fields["description"] == "本机修改");
    CHECK(f->fields["subcategory"] == "别处补充");
    CHECK(s->verifyAudit()->ok());
}

TEST_CASE("a rejected create stays in the outbox with its reason and leaves the device", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1")))}, "c1").ok());
    auto created = s->createRecord("finding", findingOf("u1", "越权登记"));
    REQUIRE(created.ok());
    auto ops = rep::unansweredOps(*s, -1).value();
    REQUIRE(ops.size() == 1);
    CHECK(rep::unansweredOpCount(*s).value() == 1);
    REQUIRE(rep::markSent(*s, {ops[0].opId}).ok());
    CHECK(rep::unansweredOpCount(*s).value() == 1);  // sent is not yet answered
    rep::OpOutcome o;
    o.opId = ops[0].opId;
    o.status = "rejected";
    o.reason = "outside this device's scope";
    o.recordGone = true;
    REQUIRE(rep::recordPushOutcomes(*s, {o}).ok());
    CHECK_FALSE(s->getRecord("finding", created->id).ok());
    auto rejected = rep::rejectedOps(*s).value();
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].payload["description"] == "越权登记");
    CHECK(rejected[0].result["reason"] == "outside this device's scope");
    CHECK(rep::unansweredOps(*s, -1)->empty());
    CHECK(rep::unansweredOpCount(*s).value() == 0);
    CHECK(s->verifyAudit()->ok());
}

TEST_CASE("a damaged record from the server is refused with the field named", "[core][replication]") {
    json bad = doc("finding", "f1", findingOf("u1", "x")).toJson();
    bad["fields"]["found_date"] = "2026-13-45";
    auto parsed = rep::RecordDoc::fromJson(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.find("found_date") != std::string::npos);
    json noType = bad;
    noType.erase("type");
    CHECK_FALSE(rep::RecordDoc::fromJson(noType).ok());
    json badId = doc("unit", "u1", unitFields("U1")).toJson();
    badId["id"] = "../../etc";
    CHECK_FALSE(rep::RecordDoc::fromJson(badId).ok());
}

TEST_CASE("a malformed change of a pull page is an error naming it, never an exception", "[core][replication]") {
    // Found by fuzz_pulled_page: an "op" that is an object made json::value() throw.
    for (const char* page : {R"([{"op": {"x": 1}}])", R"([{"op": "upsert"}, 7])", R"([{"op": "remove", "type": 3, "id": "f1"}])",
                             R"([{"op": "remove_scope", "scope": null}])", R"([{"op": "remove", "type": "finding"}])"}) {
        CAPTURE(page);
        auto parsed = rep::parsePulledChanges(json::parse(page));
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == ErrorCode::IoError);
        CHECK(parsed.error().message.find("change ") == 0);
    }
    auto fine = rep::parsePulledChanges(json::parse(R"([{"op": "remove", "type": "finding", "id": "f1"}, {"op": "remove_scope", "scope": "unit:u1"}])"));
    REQUIRE(fine.ok());
    CHECK(fine->size() == 2);
}

TEST_CASE("a page of new records is written together and a child whose parent is missing is parked alone", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    // One page: a unit, three of its findings and one finding of a unit that has not arrived.
    std::vector<rep::PulledChange> page = {upsert(doc("finding", "f1", findingOf("u1", "台账缺失"))),
                                           upsert(doc("finding", "f2", findingOf("u2", "资金发放拖拉"))),
                                           upsert(doc("unit", "u1", unitFields("U1"))),
                                           upsert(doc("finding", "f3", findingOf("u1", "消防通道堵塞"))),
                                           upsert(doc("finding", "f4", findingOf("u1", "登记不规范")))};
    REQUIRE(rep::applyPulledPage(*s, page, "c1").ok());
    CHECK(s->countRecords("finding").value() == 3);
    CHECK(rep::parkedCount(*s).value() == 1);
    CHECK_FALSE(s->getRecord("finding", "f2").ok());
    // Each written record got what the server said about it, its search entry and its manifest line.
    auto hits = search(*s, "通道堵塞", {});
    REQUIRE(hits.ok());
    REQUIRE(hits->size() == 1);
    CHECK(hits->front().recordId == "f3");
    auto docs = rep::localDocs(*s).value();
    CHECK(docs.size() == 4);  // u1, f1, f3, f4
    REQUIRE(s->checkIntegrity().ok());  // foreign keys and the dashboard's finding counts
    // The parent arrives: the parked child follows.
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u2", unitFields("U2")))}, "c2").ok());
    CHECK(rep::parkedCount(*s).value() == 0);
    CHECK(s->getRecord("finding", "f2")->fields["description"] == "资金发放拖拉");
    CHECK(s->verifyAudit()->ok());
    REQUIRE(s->checkIntegrity().ok());
}

TEST_CASE("pulled changes of state keep the dashboard's finding counts and write only what changed", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1"))), upsert(doc("unit", "u2", unitFields("U2"))),
                                      upsert(doc("finding", "f1", findingOf("u1", "原文")))}, "c1").ok());
    // The server's copy moves the finding to another unit and state, then only its wording.
    json moved = findingOf("u2", "原文");
    moved["status"] = "verified";
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "f1", moved, 2))}, "c2").ok());
    REQUIRE(s->checkIntegrity().ok());
    json reworded = moved;
    reworded["description"] = "改写后的描述";
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "f1", reworded, 3))}, "c3").ok());
    auto f = s->getRecord("finding", "f1");
    REQUIRE(f.ok());
    CHECK(f->version == 3);
    CHECK(f->fields["unit_id"] == "u2");
    CHECK(f->fields["status"] == "verified");
    CHECK(f->fields["description"] == "改写后的描述");
    CHECK(search(*s, "改写", {})->size() == 1);
    CHECK(search(*s, "原文", {})->empty());
    REQUIRE(s->checkIntegrity().ok());
    // A local edit of the state, then withdrawal from the server: counts follow every write.
    REQUIRE(s->updateRecord("finding", "f1", {{"subcategory", "本机补充"}}).ok());
    REQUIRE(s->withdrawRecord("finding", "f1", "重复登记").ok());
    REQUIRE(s->checkIntegrity().ok());
    CHECK(s->verifyAudit()->ok());
}

namespace {

// The dashboard's finding counts as the store keeps them, and as a GROUP BY of the findings makes
// them: (unit, state, case opened, withdrawn) -> n, groups of none left out.
using Counts = std::map<std::tuple<std::string, std::string, int64_t, int64_t>, int64_t>;
Counts countsKept(Store& s) {
    Counts out;
    REQUIRE(detail::forEachRow(s.companionDatabase(), "SELECT unit_id, status, case_opened, withdrawn, n FROM finding_counts WHERE n <> 0", {},
                               [&](const detail::Statement& r) { out[{r.text(0), r.text(1), r.int64(2), r.int64(3)}] = r.int64(4); }).ok());
    return out;
}
Counts countsOfFindings(Store& s) {
    Counts out;
    REQUIRE(detail::forEachRow(s.companionDatabase(),
                               "SELECT unit_id, status, case_opened_date IS NOT NULL, withdrawn_ms IS NOT NULL, count(*) FROM findings GROUP BY 1, 2, 3, 4",
                               {}, [&](const detail::Statement& r) { out[{r.text(0), r.text(1), r.int64(2), r.int64(3)}] = r.int64(4); }).ok());
    return out;
}

}  // namespace

TEST_CASE("the finding counts follow every path that writes a finding, local and pulled", "[core][replication][dashboard]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    auto same = [&](const char* after) {
        INFO("after " << after);
        CHECK(countsKept(*s) == countsOfFindings(*s));
    };
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1"))), upsert(doc("unit", "u2", unitFields("U2"))),
                                      upsert(doc("unit", "u3", unitFields("U3")))}, "c1").ok());
    // Local writes: create, a move to another unit, life-cycle steps (the case opened), withdrawal
    // and its restoration.
    std::vector<std::string> local;
    for (int i = 0; i < 4; ++i) local.push_back(s->createRecord("finding", findingOf(i % 2 ? "u1" : "u2", "本机记录"))->id);
    same("local creates");
    REQUIRE(s->updateRecord("finding", local[0], {{"unit_id", "u3"}}).ok());
    same("a local move to another unit");
    for (const char* st : {"submitted", "verified", "case_opened"}) REQUIRE(s->updateRecord("finding", local[1], {{"status", st}}).ok());
    CHECK_FALSE(s->getRecord("finding", local[1])->fields["case_opened_date"].is_null());
    same("local life-cycle steps");
    REQUIRE(s->withdrawRecord("finding", local[2], "重复").ok());
    same("a local withdrawal");
    REQUIRE(rep::restoreRecord(*s, "finding", local[2]).ok());
    same("a restoration");
    // Pulled: new findings written together, one whose unit has not come yet (parked, then written
    // alone), changes of unit, state and withdrawal, a removal and the removal of a whole scope.
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "p1", findingOf("u1", "甲"))), upsert(doc("finding", "p2", findingOf("u2", "乙"))),
                                      upsert(doc("finding", "p3", findingOf("u9", "丙"))), upsert(doc("finding", "p4", findingOf("u3", "丁")))},
                                 "c2").ok());
    CHECK(rep::parkedCount(*s).value() == 1);
    same("a pulled page of new findings");
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u9", unitFields("U9")))}, "c3").ok());
    CHECK(rep::parkedCount(*s).value() == 0);
    same("a parked finding written");
    json moved = findingOf("u3", "甲");
    moved["status"] = "verified";
    rep::RecordDoc withdrawn = doc("finding", "p2", findingOf("u2", "乙"), 2);
    withdrawn.record.withdrawn = true;
    withdrawn.record.withdrawnReason = "重复登记";
    REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "p1", moved, 2)), upsert(withdrawn)}, "c4").ok());
    same("pulled changes of unit, state and withdrawal");
    rep::PulledChange removal;
    removal.kind = rep::PulledChange::Kind::Remove;
    removal.type = "finding";
    removal.id = "p4";
    REQUIRE(rep::applyPulledPage(*s, {removal}, "c5").ok());
    same("a pulled removal");
    rep::PulledChange scopeGone;
    scopeGone.kind = rep::PulledChange::Kind::RemoveScope;
    scopeGone.scope = "unit:u9";
    REQUIRE(rep::applyPulledPage(*s, {scopeGone}, "c6").ok());
    CHECK_FALSE(s->getRecord("finding", "p3").ok());
    same("the removal of a scope");
    CHECK(countsOfFindings(*s).size() >= 5);  // the writes above left several groups to compare
    REQUIRE(s->checkIntegrity().ok());
    CHECK(s->verifyAudit()->ok());
}

TEST_CASE("pull pages arrive parsed and prepared and a malformed change is named", "[core][replication]") {
    json changes = json::array({{{"op", "upsert"}, {"record", doc("unit", "u1", unitFields("U1")).toJson()}},
                                {{"op", "upsert"}, {"record", doc("finding", "f1", findingOf("u1", "台账缺失")).toJson()}},
                                {{"op", "remove"}, {"type", "finding"}, {"id", "f0"}},
                                {{"op", "remove_scope"}, {"scope", "unit:u9"}}});
    auto parsed = rep::parsePulledChanges(changes);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->size() == 4);
    const auto& f1 = (*parsed)[1];
    CHECK(f1.prepared.hash == detail::recordHash(f1.doc.record, detail::kCurrentSchemaVersion));
    CHECK(f1.prepared.searchText.find("台账") != std::string::npos);
    CHECK(json::parse(f1.prepared.fieldVersions) == f1.doc.fieldVersions);
    CHECK((*parsed)[2].kind == rep::PulledChange::Kind::Remove);
    CHECK((*parsed)[3].scope == "unit:u9");

    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    REQUIRE(rep::applyPulledPage(*s, *parsed, "c1").ok());
    CHECK(s->getRecord("finding", "f1").ok());
    CHECK(s->verifyAudit()->ok());

    json unknown = changes;
    unknown[2]["op"] = "merge";
    auto bad = rep::parsePulledChanges(unknown);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("change 2") != std::string::npos);
    CHECK(bad.error().message.find("'merge'") != std::string::npos);
    json damaged = changes;
    damaged[1]["record"]["fields"]["found_date"] = "2026-13-45";
    auto broken = rep::parsePulledChanges(damaged);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.find("change 1") != std::string::npos);
    CHECK(broken.error().message.find("found_date") != std::string::npos);
}

TEST_CASE("a pulled record of the wrong shape anywhere is refused with a reason, never thrown", "[core][replication][fuzz]") {
    // Found by fuzzing (tests/fuzz/corpus/pulled_page/regression-withdrawn-reason-type.json): a
    // string member of another type made the JSON library throw through the sync client.
    auto [path, value] = GENERATE(table<std::vector<std::string>, std::string>({
        {{"withdrawn_reason"}, "5"},
        {{"scope"}, "[]"},
        {{"fv"}, "[1]"},
        {{"fv", "description"}, "\"x\""},
        {{"fv", "description"}, "{\"v\": 1e300}"},
        {{"fv", "description"}, "{\"h\": 7}"},
        {{"conflicts"}, "{}"},
        {{"conflicts"}, "[5]"},
        {{"conflicts"}, "[{\"id\": \"c\", \"field\": \"description\", \"candidates\": [7]}]"},
        {{"conflicts"}, "[{\"id\": \"c\", \"field\": \"description\", \"candidates\": [], \"shown\": 1.5}]"},
        {{"conflicts"}, "[{\"id\": 1, \"field\": \"description\", \"candidates\": []}]"},
    }));
    CAPTURE(path, value);
    json record = doc("finding", "f1", findingOf("u1", "台账缺失")).toJson();
    record["withdrawn"] = true;
    json* at = &record;
    for (size_t i = 0; i + 1 < path.size(); ++i) at = &(*at)[path[i]];
    (*at)[path.back()] = json::parse(value);
    auto parsed = rep::parsePulledChanges(json::array({{{"op", "upsert"}, {"record", record}}}));
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.find("change 0") != std::string::npos);
}

TEST_CASE("pages applied in one pull batch are kept together or not at all", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    {
        rep::PullBatch batch(*s);
        REQUIRE(batch.begin().ok());
        REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1")))}, "c1").ok());
        REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "f1", findingOf("u1", "台账缺失")))}, "c2").ok());
        // Not committed: a crash here loses both pages, and the cursor with them.
    }
    CHECK_FALSE(s->getRecord("unit", "u1").ok());
    CHECK_FALSE(rep::syncState(*s, "cursor").value().has_value());
    {
        rep::PullBatch batch(*s);
        REQUIRE(batch.begin().ok());
        CHECK(batch.open());
        CHECK_FALSE(batch.begin().ok());  // one at a time
        REQUIRE(rep::applyPulledPage(*s, {upsert(doc("unit", "u1", unitFields("U1")))}, "c1").ok());
        REQUIRE(rep::applyPulledPage(*s, {upsert(doc("finding", "f1", findingOf("u1", "台账缺失")))}, "c2").ok());
        REQUIRE(batch.commit().ok());
        CHECK_FALSE(batch.open());
    }
    CHECK(s->getRecord("finding", "f1").ok());
    CHECK(rep::syncState(*s, "cursor").value() == std::optional<std::string>("c2"));
    CHECK(s->verifyAudit()->ok());
}

TEST_CASE("records re-worded by one page in any order are found by their new words only", "[core][replication]") {
    TempDir dir;
    auto s = createTestStore(dir.file("d.db"));
    std::vector<rep::PulledChange> first = {upsert(doc("unit", "u1", unitFields("U1")))};
    for (int i = 0; i < 6; ++i) first.push_back(upsert(doc("finding", "f" + std::to_string(i), findingOf("u1", "旧描述第" + std::to_string(i) + "条"))));
    REQUIRE(rep::applyPulledPage(*s, first, "c1").ok());
    // The search index is written in document order, whatever the order of the page.
    std::vector<rep::PulledChange> second;
    for (int i : {4, 1, 5, 0}) {
        second.push_back(upsert(doc("finding", "f" + std::to_string(i), findingOf("u1", "新描述甲乙" + std::string(i % 2 ? "丙" : "丁")), 2)));
    }
    second.push_back(upsert(doc("finding", "f9", findingOf("u1", "新描述甲乙戊"))));
    REQUIRE(rep::applyPulledPage(*s, second, "c2").ok());
    CHECK(search(*s, "新描述甲乙", {})->size() == 5);
    CHECK(search(*s, "甲乙丙", {})->size() == 2);
    CHECK(search(*s, "旧描述", {})->size() == 2);  // f2, f3 kept their words
    CHECK(search(*s, "第4条", {})->empty());
    CHECK(s->verifyAudit()->ok());
    REQUIRE(s->checkIntegrity().ok());
}
