// The device side of replication without a server: hybrid clocks, pulled pages (parents first,
// parked children, removals, the manifest in the audit chain), local edits that wait for an
// answer, and the server's answers.
#include <catch2/catch.hpp>

#include "database.h"
#include "fieldcheck/core/hlc.h"
#include "fieldcheck/core/replication.h"
#include "test_support.h"

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
    REQUIRE(rep::markSent(*s, {ops[0].opId}).ok());
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
