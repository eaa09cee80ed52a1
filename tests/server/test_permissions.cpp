// The permission table at the server, the authority: what a role may not do is rejected with a
// reason, nothing of it is applied, and the attempt goes into the server's audit chain and the
// discipline inspectors' flags — also when the request is made by hand, bypassing the device's own
// check. The cases are those found by trying the demo data as a unit liaison, a leader in charge
// and an inspector would.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

namespace {

std::vector<std::pair<std::string, std::string>> auth(const std::string& token) {
    return {{"FieldCheck-Protocol", "2"}, {"Authorization", "Bearer " + token}};
}

json op(const std::string& opId, const std::string& action, const std::string& type, const std::string& id, json payload) {
    return {{"op_id", opId}, {"action", action}, {"type", type}, {"id", id}, {"payload", std::move(payload)}};
}

// Pushes `ops` by hand as `user` and returns the results.
json pushRaw(ServerProcess& server, const std::string& user, const json& ops) {
    auto [deviceId, token] = rawEnroll(server.port(), user, "raw-" + user);
    auto r = rawPost(server.port(), "/v1/push", json{{"ops", ops}}.dump(), auth(token));
    REQUIRE(r.status == 200);
    auto results = json::parse(r.body)["results"];
    REQUIRE(results.size() == ops.size());
    return results;
}

json refusalFlags(ServerProcess& server, const std::string& user) {
    auto flags = server.admin({"audit-flags", "--json"});
    REQUIRE(flags.exitCode == 0);
    json out = json::array();
    for (const auto& f : json::parse(flags.out)) {
        if (f["kind"] == "refused-op" && f["user"] == user) out.push_back(f);
    }
    return out;
}

// A unit the device does not hold (it lies outside the device's scope).
std::string unitOutside(Store& device, Store& everything) {
    for (const auto& u : everything.listRecords("unit").value()) {
        if (!device.getRecord("unit", u.id).ok()) return u.id;
    }
    FAIL("every unit is in the device's scope");
    return {};
}

}  // namespace

TEST_CASE("a unit liaison cannot bury a finding against its unit, from its device or by hand", "[sync][permissions]") {
    ServerProcess server;
    server.start();
    Device liaison(server.url(), "liaison3");
    syncOk(liaison);
    Device office(server.url(), "jijian1");
    syncOk(office);
    const Record f = anyRecord(liaison.store(), "finding");

    // The device refuses before it queues anything.
    const auto queued = liaison.store().pendingOutbox()->size();
    auto edit = liaison.store().updateRecord("finding", f.id, {{"description", "已整改无问题"}});
    REQUIRE_FALSE(edit.ok());
    CHECK(edit.error().code == ErrorCode::Unauthorized);
    CHECK(liaison.store().withdrawRecord("finding", f.id, "误报").error().code == ErrorCode::Unauthorized);
    CHECK(liaison.store().pendingOutbox()->size() == queued);

    // By hand: every one rejected with a reason, nothing applied, every attempt flagged.
    const std::string before = server.dumpFor("jijian1");
    const json results = pushRaw(server, "liaison3", json::array({
        op("lia-1", "update", "finding", f.id, {{"description", "已整改无问题"}}),
        op("lia-2", "withdraw", "finding", f.id, {{"reason", "误报"}}),
        op("lia-3", "update", "finding", f.id, {{"unit_id", unitOutside(liaison.store(), office.store())}}),
        op("lia-4", "update", "finding", f.id, {{"status", f.fields["status"] == "closed" ? "rectifying" : "closed"}}),
        op("lia-5", "create", "accountability_case", "raw-case-1",
           {{"unit_id", f.fields["unit_id"]}, {"target", "某人"}, {"reason", "concealed"}}),
    }));
    for (const auto& r : results) {
        INFO(r.dump());
        CHECK(r["status"] == "rejected");
        const std::string reason = r.value("reason", "");
        CHECK((reason.find("not allowed") != std::string::npos || reason.find("may not") != std::string::npos));
        CHECK(reason.find("unit:") == std::string::npos);  // names no unit outside its scope
    }
    CHECK(server.dumpFor("jijian1") == before);
    CHECK(refusalFlags(server, "liaison3").size() == results.size());
    auto verify = server.admin({"verify"});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);  // the refusals are entries of the server's own chain

    // What it may do still goes through.
    REQUIRE(liaison.store().createRecord("rectification_plan", {{"unit_id", f.fields["unit_id"]}, {"title", "消防整改方案"}}).ok());
    syncOk(liaison);
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
}

TEST_CASE("a liaison cannot resolve a conflict on a finding against its unit", "[sync][permissions][conflicts]") {
    ServerProcess server;
    server.start();
    Device a(server.url(), "jijian1"), b(server.url(), "jijian1");
    Device liaison(server.url(), "liaison3");
    syncOk(a);
    syncOk(b);
    syncOk(liaison);
    const Record f = anyRecord(liaison.store(), "finding");
    REQUIRE(a.store().updateRecord("finding", f.id, {{"subcategory", "甲的说法"}}).ok());
    REQUIRE(b.store().updateRecord("finding", f.id, {{"subcategory", "乙的说法"}}).ok());
    syncOk(a);
    syncOk(b);
    syncOk(liaison);
    auto open = replication::openConflicts(liaison.store());
    REQUIRE(open.ok());
    REQUIRE(open->size() == 1);
    CHECK(replication::resolveConflict(liaison.store(), "finding", f.id, open->front().conflictId, 0).error().code ==
          ErrorCode::Unauthorized);
    const json results = pushRaw(server, "liaison3", json::array({
        op("lia-r1", "resolve", "finding", f.id, {{"conflict_id", open->front().conflictId}, {"choice", 0}}),
    }));
    CHECK(results[0]["status"] == "rejected");
    CHECK_THAT(results[0].value("reason", ""), Catch::Contains("not allowed"));
    syncOk(a);
    CHECK(replication::openConflicts(a.store())->size() == 1);  // still open for a person who may decide
}

TEST_CASE("only discipline inspectors confirm proposals and close cases", "[sync][permissions]") {
    ServerProcess server;
    server.start();
    Device leader(server.url(), "leader1");
    Device inspector(server.url(), "g1m2");
    Device office(server.url(), "jijian1");
    syncOk(leader);
    syncOk(inspector);
    syncOk(office);
    // A proposal about one of the leader's units (the rules propose them; the office here).
    const Record unit = anyRecord(leader.store(), "unit");
    auto proposed = office.store().createRecord("accountability_case", {{"unit_id", unit.id}, {"target", unit.fields["name"]},
                                                                         {"reason", "poor_rectification"}});
    REQUIRE(proposed.ok());
    const Record proposal = proposed.value();
    syncOk(office);
    syncOk(leader);
    REQUIRE(leader.store().getRecord("accountability_case", proposal.id).ok());
    CHECK(leader.store().updateRecord("accountability_case", proposal.id, {{"status", "confirmed"}}).error().code ==
          ErrorCode::Unauthorized);
    // A finding the group leader verified: past the group's part, only a discipline inspector
    // moves it on.
    Device groupLeader(server.url(), "g1m1");
    syncOk(groupLeader);
    const Record recorded = anyRecord(groupLeader.store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(groupLeader.store().updateRecord("finding", recorded.id, {{"status", "submitted"}}).ok());
    REQUIRE(groupLeader.store().updateRecord("finding", recorded.id, {{"status", "verified"}}).ok());
    syncOk(groupLeader);
    syncOk(inspector);
    syncOk(office);
    const Record verified = inspector.store().getRecord("finding", recorded.id).value();
    REQUIRE(verified.fields["status"] == "verified");
    const std::string next = "case_opened";
    CHECK(inspector.store().updateRecord("finding", verified.id, {{"status", next}}).error().code == ErrorCode::Unauthorized);
    const json byLeader = pushRaw(server, "leader1", json::array({
        op("led-1", "update", "accountability_case", proposal.id, {{"status", "confirmed"}, {"measure", "talk_reminder"}}),
    }));
    const json byInspector = pushRaw(server, "g1m2", json::array({
        op("ins-1", "update", "finding", verified.id, {{"status", next}}),
    }));
    CHECK(byLeader[0]["status"] == "rejected");
    CHECK(byInspector[0]["status"] == "rejected");
    CHECK(refusalFlags(server, "leader1").size() == 1);
    CHECK(refusalFlags(server, "g1m2").size() == 1);

    REQUIRE(office.store()
                .updateRecord("accountability_case", proposal.id,
                              {{"status", "confirmed"}, {"measure", "talk_reminder"}, {"decision_note", "经核实，予以谈话提醒"}})
                .ok());
    REQUIRE(office.store().updateRecord("finding", verified.id, {{"status", next}}).ok());
    auto r = office.sync();
    REQUIRE(r.ok());
    CHECK(r->rejected == 0);
    CHECK(office.dump() == server.dumpFor("jijian1"));
}

TEST_CASE("a change that would move a record out of its author's scope is refused", "[sync][permissions][scope]") {
    ServerProcess server;
    server.start();
    Device leader(server.url(), "g1m1");
    Device office(server.url(), "jijian1");
    syncOk(leader);
    syncOk(office);
    const Record f = anyRecord(leader.store(), "finding", false, {{"status", "recorded"}});
    const json results = pushRaw(server, "g1m1", json::array({
        op("mv-1", "update", "finding", f.id, {{"unit_id", unitOutside(leader.store(), office.store())}}),
    }));
    CHECK(results[0]["status"] == "rejected");
    CHECK_THAT(results[0].value("reason", ""), Catch::Contains("out of what this device may see"));
    CHECK(server.dumpFor("g1m1").find(f.id) != std::string::npos);
}

TEST_CASE("a liaison cannot tie its records to another unit's finding by hand", "[sync][permissions][scope]") {
    // The device holds only its unit's findings, so only a crafted op can name another's: refused,
    // flagged, and in the same words whether the finding exists or not (no probing for ids).
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    const Record own = anyRecord(liaison.store(), "finding");
    std::string foreign;
    for (const auto& f : office.store().listRecords("finding").value()) {
        if (!liaison.store().getRecord("finding", f.id).ok()) foreign = f.id;
    }
    REQUIRE_FALSE(foreign.empty());
    auto plan = liaison.store().createRecord("rectification_plan", {{"unit_id", own.fields["unit_id"]}, {"title", "整改方案"}});
    REQUIRE(plan.ok());
    syncOk(liaison);
    auto measure = [&](const std::string& findingId) {
        return json{{"plan_id", plan->id}, {"finding_id", findingId}, {"description", "整改"}, {"owner", "院长"},
                    {"deadline", "2026-12-31"}, {"kind", "immediate"}};
    };
    const std::string before = server.dumpFor("jijian1");
    const json results = pushRaw(server, "liaison3", json::array({
        op("ref-1", "create", "rectification_measure", "raw-measure-1", measure(foreign)),
        op("ref-2", "create", "rectification_measure", "raw-measure-2", measure("no-such-finding")),
    }));
    CHECK(results[0]["status"] == "rejected");
    CHECK(results[1]["status"] == "rejected");
    CHECK(results[0]["reason"] == json(std::string(results[1]["reason"]).replace(std::string(results[1]["reason"]).find("raw-measure-2"), 13, "raw-measure-1")));
    CHECK(server.dumpFor("jijian1") == before);
    CHECK(refusalFlags(server, "liaison3").size() == 2);
    // Its own finding is fine.
    const json ok = pushRaw(server, "liaison3", json::array({op("ref-3", "create", "rectification_measure", "raw-measure-3", measure(own.id))}));
    CHECK(ok[0]["status"] == "applied");
}
