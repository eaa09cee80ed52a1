// Lost devices: revoking one makes its next contact a wipe order, which it carries out (its store,
// keyring and vault are erased) and reports; a device away from its server for longer than the
// office allows locks itself until it syncs.
#include <catch2/catch.hpp>

#include <filesystem>

#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;
namespace rep = fieldcheck::replication;

TEST_CASE("a revoked device's next contact is a wipe order: its store, keyring and vault are erased and the server is told",
          "[sync][lost]") {
    ServerProcess server;
    server.start();
    Device device(server.url(), "g1m2");
    syncOk(device);
    const std::string deviceId = rep::syncState(device.store(), "device_id").value().value();
    const std::string token = rep::syncState(device.store(), "token").value().value();
    auto finding = device.store().createRecord("finding", {{"unit_id", anyRecord(device.store(), "unit").id}, {"category", "misconduct"},
                                                           {"description", "丢失前的记录"}, {"source", "visit"}});
    REQUIRE(finding.ok());
    REQUIRE(device.store().attach("finding", finding->id, std::vector<uint8_t>(5000, 1), "image/jpeg", "x.jpg").ok());
    syncOk(device);
    const std::string db = device.path();
    REQUIRE(std::filesystem::exists(db + ".keyring"));
    REQUIRE(std::filesystem::exists(db + ".attachments"));

    auto revoked = server.admin({"revoke-device", deviceId});
    REQUIRE(revoked.exitCode == 0);
    auto order = device.sync();
    REQUIRE_FALSE(order.ok());
    CHECK(order.error().code == ErrorCode::Revoked);
    CHECK_THAT(order.error().message, Catch::Contains("erased") && Catch::Contains("server was told"));
    device.close();
    for (const std::string& gone : {db, db + ".keyring", db + ".attachments", db + "-wal", db + "-shm"}) {
        INFO(gone);
        CHECK_FALSE(std::filesystem::exists(gone));
    }
    // The server knows the wipe was done, and its audit chain says so.
    auto devices = server.admin({"devices", "--json"});
    REQUIRE(devices.exitCode == 0);
    bool found = false;
    for (const auto& d : json::parse(devices.out)) {
        if (d["device_id"] != deviceId) continue;
        found = true;
        CHECK(d["revoked"] == true);
        CHECK(d["wiped"].is_string());
    }
    CHECK(found);
    CHECK(server.admin({"verify"}).exitCode == 0);
    // Whatever the token is used for now is a wipe order again, never data.
    auto again = rawPost(server.port(), "/v1/pull", "{}", {{"FieldCheck-Protocol", "4"}, {"Authorization", "Bearer " + token}});
    CHECK(again.status == 410);
    CHECK(json::parse(again.body)["error"]["code"] == "wipe");
}

TEST_CASE("a device away from its server longer than the office allows does nothing but sync until it has synced", "[sync][lost]") {
    ServerProcess server;
    server.start({"FIELDCHECK_SERVER_MAX_OFFLINE_DAYS=2"});
    ManualClock clock(1'790'000'000'000);
    Device device(server.url(), "g1m2", &clock);
    // The device's clock follows the server's (a device far off is corrected by the offset).
    clock.setMs(SystemClock::instance().nowMs());
    syncOk(device);
    CHECK_FALSE(rep::offlineLock(device.store()).value().has_value());
    clock.advanceMs(47 * 3600 * 1000);
    CHECK_FALSE(rep::offlineLock(device.store()).value().has_value());
    clock.advanceMs(2 * 3600 * 1000);
    auto locked = rep::offlineLock(device.store()).value();
    REQUIRE(locked.has_value());
    CHECK_THAT(*locked, Catch::Contains("2 day(s)") && Catch::Contains("fieldcheck sync"));

    // The command line (on the system clock) refuses everything but sync meanwhile.
    const std::string db = device.path();
    REQUIRE(rep::setSyncState(device.store(), "last_contact_ms", std::to_string(SystemClock::instance().nowMs() - 3LL * 24 * 3600 * 1000)).ok());
    auto refused = runProgram({FIELDCHECK_CLI, "--db", db, "list", "finding", "--passphrase-fd", "3"}, {kTestPassphrase});
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.err, Catch::Contains("locked until it syncs"));
    auto synced = runProgram({FIELDCHECK_CLI, "--db", db, "sync", "--passphrase-fd", "3"}, {kTestPassphrase});
    INFO(synced.out << synced.err);
    CHECK(synced.exitCode == 0);
    auto listed = runProgram({FIELDCHECK_CLI, "--db", db, "list", "finding", "--passphrase-fd", "3"}, {kTestPassphrase});
    CHECK(listed.exitCode == 0);
}
