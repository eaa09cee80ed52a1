// Conflicts that must not happen, or must not get stuck: a device's own two edits of one field, and
// a resolution that meets a withdrawal made meanwhile.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("a device's later edit of a field supersedes its own earlier one: no conflict", "[sync][conflicts]") {
    ServerProcess server;
    server.start();
    Device d(server.url(), "g1m2");
    syncOk(d);
    const Record f = anyRecord(d.store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(d.store().updateRecord("finding", f.id, {{"subcategory", "第一次"}}).ok());
    REQUIRE(d.store().updateRecord("finding", f.id, {{"subcategory", "第二次"}}).ok());
    auto r = d.sync();
    REQUIRE(r.ok());
    CHECK(r->conflicts == 0);
    CHECK(replication::openConflicts(d.store())->empty());
    CHECK(d.store().getRecord("finding", f.id)->fields["subcategory"] == "第二次");
    syncOk(d);
    CHECK(d.dump() == server.dumpFor("g1m2"));
}

TEST_CASE("a conflict resolved after the record was withdrawn is decided like an edit, not left open", "[sync][conflicts]") {
    ServerProcess server;
    server.start();
    Device leader(server.url(), "g1m1"), inspector(server.url(), "g1m2");
    syncOk(leader);
    syncOk(inspector);
    const Record f = anyRecord(leader.store(), "finding", false, {{"status", "recorded"}});
    REQUIRE(leader.store().updateRecord("finding", f.id, {{"description", "组长的说法"}}).ok());
    REQUIRE(inspector.store().updateRecord("finding", f.id, {{"description", "组员的说法"}}).ok());
    syncOk(leader);
    syncOk(inspector);
    syncOk(leader);
    auto open = replication::openConflicts(inspector.store());
    REQUIRE(open->size() == 1);
    // The leader withdraws the finding; the inspector, not yet knowing, resolves the conflict.
    REQUIRE(leader.store().withdrawRecord("finding", f.id, "重复登记").ok());
    syncOk(leader);
    REQUIRE(replication::resolveConflict(inspector.store(), "finding", f.id, open->front().conflictId, 1).ok());
    auto r = inspector.sync();
    REQUIRE(r.ok());
    CHECK(r->rejected == 0);
    CHECK(r->conflicts == 1);
    for (int i = 0; i < 2; ++i) {
        syncOk(leader);
        syncOk(inspector);
    }
    // The field conflict is decided; what stays open is the withdrawal, with the choice as restore.
    for (Device* d : {&leader, &inspector}) {
        auto now = replication::openConflicts(d->store());
        REQUIRE(now->size() == 1);
        CHECK(now->front().field == "_withdrawn");
        CHECK(d->store().getRecord("finding", f.id)->withdrawn);
    }
    CHECK(leader.dump() == server.dumpFor("g1m1"));
    CHECK(inspector.dump() == server.dumpFor("g1m2"));
}
