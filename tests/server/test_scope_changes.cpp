// Scope changes under a device must never break its sync: a record leaving the device's scope
// while a record the device keeps still cites it.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("a finding moved out of a liaison's unit leaves its measures citing nothing, and sync goes on", "[sync][scope]") {
    ServerProcess server;
    server.start();
    Device liaison(server.url(), "liaison3");
    Device office(server.url(), "jijian1");
    syncOk(liaison);
    syncOk(office);
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
