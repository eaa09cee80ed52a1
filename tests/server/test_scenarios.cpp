// Two or more devices and the server: offline edits to different and to the same fields, edit
// against withdrawal, the previous protocol version — each ending with every replica equal to
// what the server says it must hold.
#include <catch2/catch.hpp>
#include <set>

#include "fieldcheck/core/hlc.h"
#include "harness.h"
#include "store_impl.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

namespace {

// Two members of inspection group 1, each with the group's data.
struct GroupPair {
    ServerProcess server;
    std::unique_ptr<Device> a, b;
    GroupPair() {
        server.start();
        a = std::make_unique<Device>(server.url(), "g1m1");
        b = std::make_unique<Device>(server.url(), "g1m2");
        syncOk(*a);
        syncOk(*b);
    }
    void converge() {
        for (int i = 0; i < 2; ++i) {
            syncOk(*a);
            syncOk(*b);
        }
        CHECK(a->dump() == server.dumpFor("g1m1"));
        CHECK(b->dump() == server.dumpFor("g1m2"));
    }
};

std::string text(const Record& r, const std::string& field) { return r.fields.value(field, json()).is_string() ? r.fields[field].get<std::string>() : ""; }

}  // namespace

TEST_CASE("a device receives its group's data and equals the server after the first sync", "[sync]") {
    GroupPair g;
    CHECK(g.a->dump() == g.server.dumpFor("g1m1"));
    CHECK(g.b->dump() == g.server.dumpFor("g1m2"));
    auto findings = g.a->store().countRecords("finding");
    REQUIRE(findings.ok());
    CHECK(findings.value() > 0);
    // Complainants never reach an inspector's device (only discipline inspectors see them).
    auto complaints = g.a->store().listRecords("complaint");
    REQUIRE(complaints.ok());
    REQUIRE(!complaints->empty());
    for (const auto& c : complaints.value()) CHECK(c.fields["complainant"].is_null());
    CHECK(g.a->store().verifyAudit()->ok());
}

TEST_CASE("offline edits to different fields of one record both survive", "[sync]") {
    GroupPair g;
    const Record f = anyRecord(g.a->store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(g.a->store().updateRecord("finding", f.id, {{"description", "A 改写的问题描述"}}).ok());
    REQUIRE(g.b->store().updateRecord("finding", f.id, {{"subcategory", "B 补充的具体问题"}}).ok());
    syncOk(*g.a);
    auto rb = g.b->sync();
    REQUIRE(rb.ok());
    CHECK(rb->conflicts == 0);
    g.converge();
    for (Device* d : {g.a.get(), g.b.get()}) {
        auto r = d->store().getRecord("finding", f.id);
        REQUIRE(r.ok());
        CHECK(text(r.value(), "description") == "A 改写的问题描述");
        CHECK(text(r.value(), "subcategory") == "B 补充的具体问题");
    }
    CHECK(replication::openConflicts(g.a->store())->empty());
}

TEST_CASE("offline edits to the same field conflict and show one value everywhere until a person's choice syncs", "[sync]") {
    GroupPair g;
    const Record f = anyRecord(g.a->store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(g.a->store().updateRecord("finding", f.id, {{"description", "甲的说法"}}).ok());
    REQUIRE(g.b->store().updateRecord("finding", f.id, {{"description", "乙的说法"}}).ok());
    syncOk(*g.a);
    auto rb = g.b->sync();
    REQUIRE(rb.ok());
    CHECK(rb->conflicts == 1);
    g.converge();

    // Both values are kept; both replicas show the same one.
    auto ca = replication::openConflicts(g.a->store());
    auto cb = replication::openConflicts(g.b->store());
    REQUIRE(ca->size() == 1);
    REQUIRE(cb->size() == 1);
    CHECK(ca->front().conflictId == cb->front().conflictId);
    CHECK(ca->front().field == "description");
    REQUIRE(ca->front().candidates.size() == 2);
    std::set<std::string> values;
    for (const auto& c : ca->front().candidates) values.insert(c["value"].get<std::string>());
    CHECK(values == std::set<std::string>{"甲的说法", "乙的说法"});
    const std::string shown = ca->front().candidates[static_cast<size_t>(ca->front().shown)]["value"];
    CHECK(text(g.a->store().getRecord("finding", f.id).value(), "description") == shown);
    CHECK(text(g.b->store().getRecord("finding", f.id).value(), "description") == shown);

    // The group leader chooses the value that is not shown; the choice reaches everyone.
    const int other = 1 - ca->front().shown;
    const std::string chosen = ca->front().candidates[static_cast<size_t>(other)]["value"];
    REQUIRE(replication::resolveConflict(g.a->store(), "finding", f.id, ca->front().conflictId, other).ok());
    g.converge();
    CHECK(replication::openConflicts(g.a->store())->empty());
    CHECK(replication::openConflicts(g.b->store())->empty());
    CHECK(text(g.b->store().getRecord("finding", f.id).value(), "description") == chosen);
    CHECK(g.a->store().verifyAudit()->ok());
    CHECK(g.b->store().verifyAudit()->ok());
}

TEST_CASE("an edit against a withdrawal is a conflict: the withdrawal stands until someone restores", "[sync]") {
    GroupPair g;
    const Record f = anyRecord(g.a->store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(g.a->store().withdrawRecord("finding", f.id, "重复登记").ok());
    REQUIRE(g.b->store().updateRecord("finding", f.id, {{"description", "补充核实情况"}}).ok());
    syncOk(*g.a);
    auto rb = g.b->sync();
    REQUIRE(rb.ok());
    CHECK(rb->conflicts == 1);
    g.converge();
    for (Device* d : {g.a.get(), g.b.get()}) CHECK(d->store().getRecord("finding", f.id)->withdrawn);
    auto open = replication::openConflicts(g.b->store());
    REQUIRE(open->size() == 1);
    CHECK(open->front().field == "_withdrawn");
    int restore = -1;
    for (size_t i = 0; i < open->front().candidates.size(); ++i) {
        if (open->front().candidates[i]["value"] == "restore") restore = static_cast<int>(i);
    }
    REQUIRE(restore >= 0);
    REQUIRE(replication::resolveConflict(g.b->store(), "finding", f.id, open->front().conflictId, restore).ok());
    g.converge();
    for (Device* d : {g.a.get(), g.b.get()}) {
        auto r = d->store().getRecord("finding", f.id);
        CHECK_FALSE(r->withdrawn);
        CHECK(text(r.value(), "description") == "补充核实情况");
    }
}

TEST_CASE("records created offline on two devices reach each other once", "[sync]") {
    GroupPair g;
    const Record unit = anyRecord(g.a->store(), "unit");
    const Record campaign = anyRecord(g.a->store(), "campaign");
    auto base = [&](const std::string& d) {
        return json{{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"category", "four_styles"}, {"description", d}, {"source", "visit"}};
    };
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(g.a->store().createRecord("finding", base("甲新增" + std::to_string(i)))->id);
        ids.push_back(g.b->store().createRecord("finding", base("乙新增" + std::to_string(i)))->id);
    }
    g.converge();
    for (const auto& id : ids) {
        CHECK(g.a->store().getRecord("finding", id).ok());
        CHECK(g.b->store().getRecord("finding", id).ok());
    }
    // The server has each exactly once (the dump is keyed by id) and a resync changes nothing.
    const std::string before = g.server.dumpFor("g1m1");
    syncOk(*g.a);
    CHECK(g.server.dumpFor("g1m1") == before);
}

TEST_CASE("a device speaking the previous protocol version still syncs", "[sync]") {
    GroupPair g;
    const Record f = anyRecord(g.a->store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(g.a->store().updateRecord("finding", f.id, {{"subcategory", "旧版本客户端的修改"}}).ok());
    sync::SyncOptions v1 = Device::fastOptions();
    v1.protocol = 1;
    syncOk(*g.a, v1);
    syncOk(*g.b);
    CHECK(text(g.b->store().getRecord("finding", f.id).value(), "subcategory") == "旧版本客户端的修改");
    // A concurrent edit of the same field by a protocol-1 device is still found as a conflict.
    REQUIRE(g.a->store().updateRecord("finding", f.id, {{"subcategory", "旧客户端再改"}}).ok());
    REQUIRE(g.b->store().updateRecord("finding", f.id, {{"subcategory", "新客户端也改"}}).ok());
    syncOk(*g.b);
    auto ra = g.a->sync(v1);
    REQUIRE(ra.ok());
    CHECK(ra->conflicts == 1);
    g.converge();
}

TEST_CASE("a no-op sync is one small request", "[sync]") {
    GroupPair g;
    syncOk(*g.a);  // sends the audit entries of the last page
    auto r = g.a->sync();
    REQUIRE(r.ok());
    CHECK(r->requests == 1);
    CHECK(r->pulled == 0);
    CHECK(r->bytesReceived < 1024);
    CHECK(r->bytesSent < 1024);
}

TEST_CASE("the server checks each device's audit chain and flags an edited entry for discipline inspectors", "[sync][audit]") {
    GroupPair g;
    const Record f = anyRecord(g.a->store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(g.a->store().updateRecord("finding", f.id, {{"subcategory", "审计测试"}}).ok());
    const std::string path = g.a->path();
    g.a->close();
    {
        auto raw = openRawKeyed(path);
        REQUIRE(raw.exec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = (SELECT max(seq) FROM audit_log)").ok());
    }
    g.a->reopen();
    REQUIRE(g.a->sync().ok());
    auto [deviceId, token] = rawEnroll(g.server.port(), "jijian1");
    auto flags = rawGet(g.server.port(), "/v1/audit/flags", {{"Authorization", "Bearer " + token}});
    REQUIRE(flags.status == 200);
    auto j = json::parse(flags.body);
    REQUIRE(j["flags"].size() >= 1);
    CHECK(j["flags"][0]["kind"] == "entry-edited");
    CHECK(j["flags"][0]["user"] == "g1m1");
    // Not for other roles.
    auto [d2, inspectorToken] = rawEnroll(g.server.port(), "g1m3");
    CHECK(rawGet(g.server.port(), "/v1/audit/flags", {{"Authorization", "Bearer " + inspectorToken}}).status == 403);
    auto listed = g.server.admin({"audit-flags"});
    CHECK(listed.out.find("entry-edited") != std::string::npos);
}

TEST_CASE("a rewritten history on a device is flagged as a fork", "[sync][audit]") {
    GroupPair g;
    syncOk(*g.a);  // the server has A's chain so far
    const std::string path = g.a->path();
    g.a->close();
    {
        // Someone with the key edits an entry the server already has and makes the device send its
        // chain again from the start.
        auto raw = openRawKeyed(path);
        REQUIRE(raw.exec("UPDATE audit_log SET actor = 'rewritten' WHERE seq = 1").ok());
        REQUIRE(raw.exec("UPDATE sync_state SET value = '0' WHERE key = 'audit_acked'").ok());
    }
    g.a->reopen();
    REQUIRE(g.a->sync().ok());
    auto flags = g.server.admin({"audit-flags", "--json"});
    REQUIRE(flags.exitCode == 0);
    auto j = json::parse(flags.out);
    bool fork = false;
    for (const auto& f : j) fork = fork || (f["kind"] == "fork" && f["audit_seq"] == 1 && f["user"] == "g1m1");
    CHECK(fork);
}

TEST_CASE("a device clock far ahead is clamped by the server and corrected on the device", "[sync][clock]") {
    ServerProcess server;
    server.start();
    ManualClock clock(SystemClock::instance().nowMs());
    Device d(server.url(), "g1m2", &clock);
    syncOk(d);
    CHECK(replication::syncState(d.store(), "clock_offset_ms").value() == std::optional<std::string>("0"));
    // The device's clock jumps a day ahead after its last sync; an edit is stamped with it.
    clock.advanceMs(24 * 3600 * 1000);
    const Record f = anyRecord(d.store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(d.store().updateRecord("finding", f.id, {{"subcategory", "时钟超前时的修改"}}).ok());
    const std::string opId = replication::unansweredOps(d.store(), -1)->front().opId;
    syncOk(d);
    // The server applied it at its own time, said so, and told the device its time.
    auto ops = replication::rejectedOps(d.store());
    CHECK(ops->empty());
    auto offset = replication::syncState(d.store(), "clock_offset_ms").value();
    REQUIRE(offset.has_value());
    CHECK(std::stoll(*offset) < -23 * 3600 * 1000);
    const std::string dump = server.dumpFor("g1m2");
    CHECK(dump.find("时钟超前时的修改") != std::string::npos);
    // The next edit's clock is the corrected one: within minutes of the server's.
    REQUIRE(d.store().updateRecord("finding", f.id, {{"subcategory", "校正后的修改"}}).ok());
    auto next = replication::unansweredOps(d.store(), -1);
    REQUIRE(next->size() == 1);
    auto stamp = HlcStamp::parse(next->front().hlc);
    REQUIRE(stamp);
    CHECK(std::llabs(stamp->wallMs - SystemClock::instance().nowMs()) < 10 * 60 * 1000);
    auto result = d.store().impl().db.queryText("SELECT result FROM outbox WHERE op_id = '" + opId + "'");
    REQUIRE(result.ok());
    CHECK(result.value().find("clamped") != std::string::npos);
}

TEST_CASE("a first sync in small pages committed a few at a time keeps its progress when cancelled and then completes", "[sync]") {
    ServerProcess server;
    server.start();
    Device d(server.url(), "g1m1");
    sync::CancelToken cancel;
    sync::SyncOptions options = Device::fastOptions();
    options.pullLimit = 7;           // many pages,
    options.pullCommitRecords = 20;  // committed three pages at a time
    options.cancel = &cancel;
    options.progress = [&cancel](const sync::SyncProgress& p) {
        if (p.phase == "pull" && p.itemsDone >= 30) cancel.cancel();
    };
    auto first = d.sync(options);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().message.find("cancelled") != std::string::npos);
    // What was committed stays, with its cursor; nothing half-applied.
    auto cursor = replication::syncState(d.store(), "cursor");
    REQUIRE(cursor.ok());
    CHECK(cursor->has_value());
    auto docs = replication::localDocs(d.store());
    REQUIRE(docs.ok());
    CHECK(docs->size() >= 21);
    CHECK(d.store().verifyAudit()->ok());
    REQUIRE(d.store().checkIntegrity().ok());

    options.cancel = nullptr;
    options.progress = nullptr;
    auto rest = d.sync(options);
    INFO((rest.ok() ? rest->toJson().dump() : rest.error().toString()));
    REQUIRE(rest.ok());
    CHECK(rest->pages > 3);
    syncOk(d);
    CHECK(d.dump() == server.dumpFor("g1m1"));
    CHECK(d.store().verifyAudit()->ok());
    REQUIRE(d.store().checkIntegrity().ok());
}
