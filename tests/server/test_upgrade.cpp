// Upgrading the server (docs/operations.md, "Upgrading the server"): a database the previous
// release left behind is migrated when the new server starts, and devices that still speak the
// previous protocol versions go on syncing through it, losing nothing they were told was saved.
//
// The previous release's database is this release's with its last migration undone (migration 3,
// device token renewal, added three columns and an index to srv_devices): the state the previous
// server would have left, with data that devices of both protocols wrote through it.
#include <catch2/catch.hpp>

#include "fieldcheck/sync/receipts.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
namespace rep = fieldcheck::replication;

namespace {

// srv_devices as the server's migrations 1 and 2 made it.
constexpr const char* kEmbeddedSchema2 = R"SQL(
DROP INDEX srv_devices_next_token;
CREATE TABLE srv_devices_v2 (
  device_id TEXT PRIMARY KEY, user_name TEXT NOT NULL REFERENCES srv_users(user_name),
  token_hash TEXT NOT NULL UNIQUE, store_device_id TEXT NOT NULL, name TEXT NOT NULL,
  enrolled_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL, audit_seq INTEGER NOT NULL DEFAULT 0,
  audit_hash TEXT NOT NULL DEFAULT '', revoked INTEGER NOT NULL DEFAULT 0, wiped_ms INTEGER
);
INSERT INTO srv_devices_v2 SELECT device_id, user_name, token_hash, store_device_id, name, enrolled_ms, last_seen_ms, audit_seq,
  audit_hash, revoked, wiped_ms FROM srv_devices;
DROP TABLE srv_devices;
ALTER TABLE srv_devices_v2 RENAME TO srv_devices;
UPDATE srv_meta SET value = '2' WHERE key = 'schema_version';
)SQL";
constexpr const char* kPostgresSchema2 =
    "DROP INDEX srv_devices_next_token; "
    "ALTER TABLE srv_devices DROP COLUMN next_token_hash, DROP COLUMN token_renewal_due, DROP COLUMN token_issued_ms; "
    "UPDATE srv_schema SET version = 2 WHERE id = 1;";

}  // namespace

TEST_CASE("the previous release's database is migrated at start while devices on the previous protocols sync through it",
          "[sync][upgrade]") {
    ServerProcess server;
    server.start();
    sync::SyncOptions protocol3 = Device::fastOptions();
    protocol3.protocol = 3;
    sync::SyncOptions protocol1 = Device::fastOptions();
    protocol1.protocol = 1;
    Device current(server.url(), "g1m2");
    Device older(server.url(), "g1m1");
    Device oldest(server.url(), "g1m3");
    syncOk(current);
    syncOk(older, protocol3);
    syncOk(oldest, protocol1);
    std::vector<std::string> made;
    made.push_back(newFinding(current, "升级前：新版客户端").id);
    made.push_back(newFinding(older, "升级前：上一版客户端").id);
    syncOk(current);
    syncOk(older, protocol3);

    // The previous release's database, as that server would have left it.
    server.stop();
    server.rawSql(kEmbeddedSchema2, kPostgresSchema2);
    CHECK(server.rawSql("SELECT value FROM srv_meta WHERE key = 'schema_version'", "SELECT version FROM srv_schema") == "2");
    // Devices work on while the office upgrades.
    made.push_back(newFinding(current, "升级期间：新版客户端").id);
    made.push_back(newFinding(older, "升级期间：上一版客户端").id);
    made.push_back(newFinding(oldest, "升级期间：最早版本客户端").id);

    server.start();  // migrates, then serves
    CHECK(server.rawSql("SELECT value FROM srv_meta WHERE key = 'schema_version'", "SELECT version FROM srv_schema") == "3");
    syncOk(oldest, protocol1);
    syncOk(older, protocol3);
    syncOk(current);
    syncOk(oldest, protocol1);
    syncOk(older, protocol3);

    // Every finding made is on the server and on every device of its group, once; what each device
    // holds is what the server says it must.
    for (const auto& id : made) {
        INFO(id);
        CHECK(current.store().getRecord("finding", id).ok());
        CHECK(older.store().getRecord("finding", id).ok());
        CHECK(oldest.store().getRecord("finding", id).ok());
    }
    CHECK(current.dump() == server.dumpFor("g1m2"));
    CHECK(older.dump() == server.dumpFor("g1m1"));
    // Every receipt the devices hold, from before the upgrade and after, still holds.
    for (Device* d : {&current, &older, &oldest}) {
        auto receipts = sync::verifyReceipts(d->store());
        REQUIRE(receipts.ok());
        INFO(receipts->toJson().dump());
        CHECK(receipts->ok());
    }
    // The devices' tokens came through; what the new migration added works on old enrolments.
    auto renewal = server.admin({"renew-tokens", "--device", rep::syncState(older.store(), "device_id").value().value_or("")});
    INFO(renewal.err);
    CHECK(renewal.exitCode == 0);
    auto renewed = older.sync(protocol3);
    REQUIRE(renewed.ok());
    CHECK(renewed->tokenRenewed);
    syncOk(older, protocol3);
    CHECK(server.admin({"verify"}).exitCode == 0);
}
