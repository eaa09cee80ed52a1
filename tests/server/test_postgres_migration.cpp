// Moving a running district's server from the embedded database to PostgreSQL
// (fieldcheck-server admin migrate-to-postgres): everything arrives, the copy is checked, and
// devices carry on with what they hold — their tokens, cursors and receipts — against the server
// on PostgreSQL, as if nothing had happened.
#include <catch2/catch.hpp>

#include "fieldcheck/sync/receipts.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

TEST_CASE("an embedded server's data moves to PostgreSQL whole — devices go on syncing with their tokens, cursors and receipts",
          "[sync][to-postgres]") {
    REQUIRE_FALSE(testingOnPostgres());  // the source is the embedded database (registered once: CMakeLists.txt)
    ServerProcess server;
    server.start();
    Device inspector(server.url(), "g1m2");
    Device liaison(server.url(), "liaison3");
    syncOk(inspector);
    syncOk(liaison);
    // Work on the embedded server: findings with a photo, an edit, a withdrawal.
    const std::string unitId = anyRecord(inspector.store(), "unit").id;
    auto finding = inspector.store().createRecord("finding", {{"unit_id", unitId}, {"category", "misconduct"},
                                                              {"description", "迁移前记录的问题"}, {"source", "visit"}});
    REQUIRE(finding.ok());
    std::vector<uint8_t> photo(150 * 1024);
    for (size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<uint8_t>((i * 131) ^ (i >> 7));
    REQUIRE(inspector.store().attach("finding", finding->id, photo, "image/jpeg", "迁移前.jpg").ok());
    auto second = inspector.store().createRecord("finding", {{"unit_id", unitId}, {"category", "misconduct"},
                                                             {"description", "误录，撤回"}, {"source", "visit"}});
    REQUIRE(second.ok());
    syncOk(inspector);
    REQUIRE(inspector.store().withdrawRecord("finding", second->id, "误录").ok());
    syncOk(inspector);
    syncOk(liaison);
    const std::string inspectorBefore = server.dumpFor("g1m2");
    const std::string liaisonBefore = server.dumpFor("liaison3");
    server.stop();

    auto cluster = PgCluster::start();
    INFO((cluster.ok() ? std::string() : cluster.error().toString()));
    REQUIRE(cluster.ok());
    auto name = cluster.value()->createDatabase("moved");
    REQUIRE(name.ok());
    const std::string target = "postgresql://postgres@127.0.0.1:" + std::to_string(cluster.value()->port()) + "/" + name.value();

    auto moved = server.admin({"migrate-to-postgres", "--to", target, "--json"});
    INFO(moved.out << moved.err);
    REQUIRE(moved.exitCode == 0);
    const json report = json::parse(moved.out);
    CHECK(report["ok"] == true);
    CHECK(report["problems"].empty());
    CHECK(report["records"].get<int64_t>() > 50);  // the demo data set and the work above
    CHECK(report["blobs"] == 1);
    CHECK(report["blob_bytes"] == static_cast<int64_t>(photo.size()));
    CHECK(report["rows"]["srv_devices"] == 2);
    CHECK(report["rows"]["srv_ops"].get<int64_t>() >= 4);

    // Into a database that already holds a server: refused, nothing touched.
    auto again = server.admin({"migrate-to-postgres", "--to", target});
    CHECK(again.exitCode != 0);
    CHECK(again.err.find("already holds") != std::string::npos);
    // A password in the URI is refused before anything is read.
    auto leaky = server.admin({"migrate-to-postgres", "--to", "postgresql://postgres:secret@127.0.0.1:1/x"});
    CHECK(leaky.exitCode == 2);
    CHECK(leaky.err.find(".pgpass") != std::string::npos);
    CHECK(leaky.err.find("secret") == std::string::npos);

    // The server on PostgreSQL: the same data for each user, its audit chain verifies.
    server.useDatabase(target);
    CHECK(server.dumpFor("g1m2") == inspectorBefore);
    CHECK(server.dumpFor("liaison3") == liaisonBefore);
    auto verified = server.admin({"verify"});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    server.start();

    // The devices sync with what they hold: nothing to fetch again, their receipts still verify.
    auto quiet = inspector.sync(Device::fastOptions());
    REQUIRE(quiet.ok());
    CHECK(quiet->pulled == 0);
    auto receipts = sync::verifyReceipts(inspector.store());
    REQUIRE(receipts.ok());
    INFO(receipts->toJson().dump());
    CHECK(receipts->ok());
    CHECK(receipts->records >= 3);

    // New work goes through, and reaches the unit's liaison.
    REQUIRE(inspector.store().updateRecord("finding", finding->id, {{"subcategory", "迁移后补充"}}).ok());
    syncOk(inspector);
    syncOk(liaison);
    CHECK(inspector.dump() == server.dumpFor("g1m2"));
    CHECK(liaison.dump() == server.dumpFor("liaison3"));
}
