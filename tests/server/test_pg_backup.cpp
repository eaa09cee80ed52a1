// A backup of the server's PostgreSQL database taken with pg_dump while the server runs, restored
// into a new database: the server runs on the restored copy, its audit chain verifies, and devices
// carry on from where the backup was taken — what they pushed after it they push again.
#include <catch2/catch.hpp>

#include "fieldcheck/sync/receipts.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("a pg_dump taken beside a running server restores into a server that devices go on syncing with", "[sync][postgres-only][backup]") {
    REQUIRE(testingOnPostgres());  // registered for the PostgreSQL run only (CMakeLists.txt)
    auto cluster = PgCluster::start();
    INFO((cluster.ok() ? std::string() : cluster.error().toString()));
    REQUIRE(cluster.ok());
    PgCluster& pg = *cluster.value();
    auto name = pg.createDatabase("live");
    REQUIRE(name.ok());
    const std::string live = "postgresql://postgres@127.0.0.1:" + std::to_string(pg.port()) + "/" + name.value();
    ServerProcess server(ServerProcess::OnDatabase{live});
    server.start();
    Device inspector(server.url(), "g1m2");
    syncOk(inspector);
    const std::string unitId = anyRecord(inspector.store(), "unit").id;
    auto before = inspector.store().createRecord("finding", {{"unit_id", unitId}, {"category", "misconduct"},
                                                             {"description", "备份前的问题"}, {"source", "visit"}});
    REQUIRE(before.ok());
    REQUIRE(inspector.store().attach("finding", before->id, std::vector<uint8_t>(40000, 7), "image/jpeg", "备份前.jpg").ok());
    syncOk(inspector);

    // The backup, taken while the server serves (one consistent snapshot).
    TempDir dir;
    const std::string dump = dir.file("fieldcheck.dump");
    auto dumped = pg.client("pg_dump", {"-Fc", "-f", dump, "-d", name.value()});
    INFO((dumped.ok() ? std::string() : dumped.error().toString()));
    REQUIRE(dumped.ok());

    // Work after the backup: lost with the database, kept on the device.
    auto after = inspector.store().createRecord("finding", {{"unit_id", unitId}, {"category", "misconduct"},
                                                            {"description", "备份后的问题"}, {"source", "visit"}});
    REQUIRE(after.ok());
    syncOk(inspector);
    server.stop();

    // Restore into a new database and serve from it.
    auto restoredName = pg.createDatabase("restored");
    REQUIRE(restoredName.ok());
    auto restored = pg.client("pg_restore", {"--exit-on-error", "-d", restoredName.value(), dump});
    INFO((restored.ok() ? std::string() : restored.error().toString()));
    REQUIRE(restored.ok());
    server.useDatabase("postgresql://postgres@127.0.0.1:" + std::to_string(pg.port()) + "/" + restoredName.value());
    auto verified = server.admin({"verify"});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    // The restore procedure's last step (docs/operations.md): devices' cursors point into the feed
    // as it was when they last synced, past the restored one's end.
    auto newFeed = server.admin({"restored"});
    INFO(newFeed.out << newFeed.err);
    REQUIRE(newFeed.exitCode == 0);
    server.start();

    // The device's receipt for the finding made after the backup names it as gone: the office
    // learns what the restore lost.
    auto receipts = sync::verifyReceipts(inspector.store());
    REQUIRE(receipts.ok());
    INFO(receipts->toJson().dump());
    bool namesLost = false;
    for (const auto& p : receipts->problems) namesLost = namesLost || (p.id == after->id && p.kind == "removed");
    CHECK(namesLost);
    // What the backup holds is all there, the photo included.
    const std::string office = server.dumpFor("jijian1");
    CHECK(office.find(before->id) != std::string::npos);
    CHECK(office.find(after->id) == std::string::npos);
    // A colleague's new finding after the restore reaches the inspector, although the restored
    // feed numbers it below the inspector's old cursor.
    Device colleague(server.url(), "g1m1");
    syncOk(colleague);
    CHECK(colleague.store().getRecord("finding", before->id).ok());
    auto fresh = colleague.store().createRecord("finding", {{"unit_id", unitId}, {"category", "misconduct"},
                                                            {"description", "恢复后的新问题"}, {"source", "visit"}});
    REQUIRE(fresh.ok());
    syncOk(colleague);
    syncOk(inspector);
    CHECK(inspector.store().getRecord("finding", fresh->id).ok());
    CHECK(colleague.dump() == server.dumpFor("g1m1"));
}
