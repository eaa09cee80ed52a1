// Scope changes under a device must never break its sync: a record leaving the device's scope
// while a record the device keeps still cites it.
#include <catch2/catch.hpp>

#include <memory>

#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("a finding moved out of a liaison's unit leaves its measures citing nothing, and sync goes on", "[sync][scope]") {
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    const Record f = anyRecord(liaison.store(), "finding");
    const std::string unitId = f.fields["unit_id"];
    auto plan = liaison.store().createRecord("rectification_plan", {{"unit_id", unitId}, {"title", "整改方案"}});
    REQUIRE(plan.ok());
    auto measure = liaison.store().createRecord("rectification_measure", {{"plan_id", plan->id}, {"finding_id", f.id},
                                                                          {"description", "整改消防通道"}, {"owner", "院长"},
                                                                          {"deadline", "2026-12-31"}, {"kind", "immediate"}});
    REQUIRE(measure.ok());
    syncOk(liaison);
    syncOk(office);

    // The office moves the finding to another unit.
    std::string other;
    for (const auto& u : office.store().listRecords("unit").value()) {
        if (u.id != unitId) {
            other = u.id;
            break;
        }
    }
    REQUIRE(office.store().updateRecord("finding", f.id, {{"unit_id", other}}).ok());
    syncOk(office);

    for (int i = 0; i < 2; ++i) {
        auto r = liaison.sync();
        INFO((r.ok() ? std::string() : r.error().toString()));
        REQUIRE(r.ok());
    }
    CHECK_FALSE(liaison.store().getRecord("finding", f.id).ok());
    auto kept = liaison.store().getRecord("rectification_measure", measure->id);
    REQUIRE(kept.ok());
    CHECK(kept->fields["finding_id"].is_null());
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
    CHECK(liaison.store().verifyAudit()->ok());
    CHECK(liaison.store().checkIntegrity().ok());

    // And the device goes on receiving changes.
    REQUIRE(liaison.store().createRecord("monthly_report", {{"unit_id", unitId}, {"month", "2026-11"}}).ok());
    syncOk(liaison);
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
}

TEST_CASE("a conflict reaches a liaison without the ids of other units' records", "[sync][scope][conflicts]") {
    ServerProcess server;
    server.start();
    Device liaison(server.url(), "liaison3");
    Device first(server.url(), "jijian1"), second(server.url(), "jijian1");
    syncOk(liaison);
    syncOk(first);
    syncOk(second);
    const Record f = anyRecord(liaison.store(), "finding");
    std::string other;
    for (const auto& u : first.store().listRecords("unit").value()) {
        if (u.id != f.fields["unit_id"]) other = u.id;
    }
    // One discipline inspector withdraws the finding while another, offline, moves it to another
    // unit: the move waits as the withdrawal conflict's "restore" candidate — on the liaison's unit.
    REQUIRE(first.store().withdrawRecord("finding", f.id, "重复登记").ok());
    REQUIRE(second.store().updateRecord("finding", f.id, {{"unit_id", other}}).ok());
    syncOk(first);
    auto r = second.sync();
    REQUIRE(r.ok());
    CHECK(r->conflicts == 1);
    syncOk(liaison);
    auto open = replication::openConflicts(liaison.store());
    REQUIRE(open.ok());
    REQUIRE(open->size() == 1);
    CHECK(open->front().candidates.dump().find(other) == std::string::npos);
    CHECK(liaison.dump().find(other) == std::string::npos);
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
    // Those who may see it still see the candidate whole.
    syncOk(first);
    CHECK(replication::openConflicts(first.store())->front().candidates.dump().find(other) != std::string::npos);
}

TEST_CASE("a unit whose assignments are all done can be taken from a group, and its devices purge it", "[sync][scope]") {
    ServerProcess server;
    server.start();
    Device leader(server.url(), "g1m1");
    syncOk(leader);
    // MZ024 belongs to group 3 in the demo; assign it to group 1 and finish the task there.
    REQUIRE(server.admin({"assign", "--group", "G1", "--unit", "MZ024", "--task", "visit"}).exitCode == 0);
    syncOk(leader);
    std::string unitId;
    for (const auto& u : leader.store().listRecords("unit").value()) {
        if (u.fields["code"] == "MZ024") unitId = u.id;
    }
    REQUIRE_FALSE(unitId.empty());
    const Record task = anyRecord(leader.store(), "assignment", false, {{"unit_id", unitId}, {"status", "assigned"}});
    REQUIRE(leader.store().updateRecord("assignment", task.id, {{"status", "in_progress"}}).ok());
    REQUIRE(leader.store().updateRecord("assignment", task.id, {{"status", "done"}}).ok());
    syncOk(leader);

    auto taken = server.admin({"unassign", "--group", "G1", "--unit", "MZ024"});
    INFO(taken.out << taken.err);
    REQUIRE(taken.exitCode == 0);
    syncOk(leader);
    CHECK_FALSE(leader.store().getRecord("unit", unitId).ok());
    CHECK(leader.dump() == server.dumpFor("g1m1"));
    CHECK(leader.store().verifyAudit()->ok());
}

TEST_CASE("a liaison moved to another unit: its device purges the old unit and receives the new one", "[sync][scope]") {
    ServerProcess server;
    server.start();
    Device liaison(server.url(), "liaison3");
    syncOk(liaison);
    const auto unitsBefore = liaison.store().listRecords("unit").value();
    REQUIRE(unitsBefore.size() == 1);
    auto moved = server.admin({"set-user", "--user", "liaison3", "--unit", "MZ024"});
    INFO(moved.out << moved.err);
    REQUIRE(moved.exitCode == 0);
    syncOk(liaison);
    const auto unitsAfter = liaison.store().listRecords("unit").value();
    REQUIRE(unitsAfter.size() == 1);
    CHECK(unitsAfter.front().fields["code"] == "MZ024");
    CHECK_FALSE(liaison.store().getRecord("unit", unitsBefore.front().id).ok());
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
    CHECK(liaison.store().verifyAudit()->ok());
    // A role without a unit gets none; an unknown user is named.
    CHECK(server.admin({"set-user", "--user", "g1m2", "--unit", "MZ024"}).exitCode != 0);
    CHECK(server.admin({"set-user", "--user", "nobody", "--group", "G2"}).exitCode != 0);
}

TEST_CASE("records that take their parent's scope move with it at once", "[sync][scope]") {
    // A rule's bases take the rule's scope. When the office moves the rule to another unit, the
    // bases must reach the new unit's devices with it (and leave the old unit's), not when they
    // are next written.
    LiaisonAndOffice fx;
    auto& [server, liaison, office] = fx;
    const std::string unitId = anyRecord(liaison.store(), "finding").fields["unit_id"];
    // A device that sees a finding of another unit but not the liaison's unit.
    std::unique_ptr<Device> watcher;
    Record cited;
    for (const char* user : {"g1m2", "leader1"}) {
        auto d = std::make_unique<Device>(server.url(), user);
        syncOk(*d);
        if (d->store().getRecord("unit", unitId).ok()) continue;
        auto findings = d->store().listRecords("finding").value();
        if (findings.empty()) continue;
        cited = findings.front();
        watcher = std::move(d);
        break;
    }
    REQUIRE(watcher);
    const std::string other = cited.fields["unit_id"];
    auto rule = office.store().createRecord("rule_adopted", {{"unit_id", unitId}, {"title", "食堂账目公示制度"}});
    REQUIRE(rule.ok());
    auto basis = office.store().createRecord("rule_basis", {{"rule_id", rule->id}, {"finding_id", cited.id}});
    REQUIRE(basis.ok());
    syncOk(office);
    syncOk(liaison);
    syncOk(*watcher);
    REQUIRE(liaison.store().getRecord("rule_adopted", rule->id).ok());
    CHECK_FALSE(watcher->store().getRecord("rule_basis", basis->id).ok());

    REQUIRE(office.store().updateRecord("rule_adopted", rule->id, {{"unit_id", other}}).ok());
    syncOk(office);
    syncOk(liaison);
    syncOk(*watcher);
    CHECK_FALSE(liaison.store().getRecord("rule_adopted", rule->id).ok());
    CHECK_FALSE(liaison.store().getRecord("rule_basis", basis->id).ok());
    CHECK(watcher->store().getRecord("rule_adopted", rule->id).ok());
    CHECK(watcher->store().getRecord("rule_basis", basis->id).ok());
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
    CHECK(office.dump() == server.dumpFor("jijian1"));
    CHECK(liaison.store().verifyAudit()->ok());
    CHECK(watcher->store().verifyAudit()->ok());
}
