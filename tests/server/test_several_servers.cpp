// Several fieldcheck-server processes on one PostgreSQL database behind one address (as behind a
// load balancer): consecutive requests of one device land on different processes, devices sync at
// once, and the network between them drops, truncates, duplicates and replays. Nothing a device
// needs may live in one process's memory: cursors, op answers, blob uploads and the feed's order
// must hold across them.
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "fault_proxy.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

TEST_CASE("two server processes on one PostgreSQL database behind one address — devices syncing at once through a faulty network lose "
          "and duplicate nothing",
          "[sync][postgres-only]") {
    REQUIRE(testingOnPostgres());  // registered for the PostgreSQL run only (CMakeLists.txt)
    ServerProcess first;
    first.start();
    ServerProcess second(ServerProcess::SameDatabase{}, first);
    second.start();
    testing::FaultConfig cfg = testing::FaultConfig::allFaults(20261207, 0.2);
    cfg.upstreamPort = static_cast<uint16_t>(first.port());
    cfg.moreUpstreamPorts = {static_cast<uint16_t>(second.port())};
    cfg.maxDelayMs = 20;
    testing::FaultProxy proxy(cfg);
    std::string error;
    REQUIRE(proxy.start(&error));
    const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());

    proxy.setEnabled(false);  // enrolment is an office's step, not under test here
    std::vector<std::unique_ptr<Device>> devices;
    const std::vector<std::string> users = {"g1m2", "g1m1", "g2m2", "liaison3"};
    for (const auto& u : users) devices.push_back(std::make_unique<Device>(url, u));
    for (auto& d : devices) syncOk(*d);
    proxy.setEnabled(true);

    // Each device works and syncs in a thread of its own; failures are collected, asserted after.
    constexpr int kRounds = 6;
    std::mutex mutex;
    std::vector<std::string> failures;
    std::vector<std::vector<std::string>> created(devices.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < devices.size(); ++i) {
        threads.emplace_back([&, i] {
            Device& d = *devices[i];
            auto fail = [&](const std::string& what) {
                std::lock_guard<std::mutex> lock(mutex);
                failures.push_back(users[i] + ": " + what);
            };
            for (int round = 0; round < kRounds; ++round) {
                if (users[i] == "liaison3") {
                    // The unit's liaison only reads (its unit's findings arrive as the groups sync).
                } else {
                    ListQuery units;
                    units.limit = 1;
                    auto unit = d.store().listRecords("unit", units);
                    if (!unit.ok() || unit->empty()) return fail("no unit to record a finding on");
                    auto f = d.store().createRecord("finding", {{"unit_id", unit->front().id}, {"category", "misconduct"},
                                                                {"description", users[i] + " 第" + std::to_string(round) + "条"},
                                                                {"source", "visit"}});
                    if (!f.ok()) return fail(f.error().toString());
                    created[i].push_back(f->id);
                }
                bool synced = false;
                for (int attempt = 0; attempt < 8 && !synced; ++attempt) synced = d.sync(Device::fastOptions()).ok();
                if (!synced) return fail("no sync succeeded in 8 attempts in round " + std::to_string(round));
            }
        });
    }
    for (auto& t : threads) t.join();
    INFO("first failure: " << (failures.empty() ? std::string() : failures.front()));
    REQUIRE(failures.empty());

    // A clean network: every device converges on what the server says it must hold.
    proxy.setEnabled(false);
    checkSettled(first, devices, users, created);
    // Every finding made is on the server (the office sees all).
    const std::string office = first.dumpFor("jijian1");
    for (const auto& ids : created) {
        for (const auto& id : ids) CHECK(office.find(id) != std::string::npos);
    }
    auto flags = first.admin({"audit-flags", "--json"});
    CHECK(flags.exitCode == 0);
    CHECK(flags.out.find("fork") == std::string::npos);  // resent requests are not mistaken for rewritten history
    CHECK(flags.out.find("gap") == std::string::npos);
    proxy.stop();
}

// A device's audit chain arrives with its requests; the network may deliver an old request to one
// process while the device's next one is taken in by the other. The old one must see the chain
// where the other left it: a head read before the writers' lock once moved the chain back, and
// the device's next entries then looked like a gap ("entries … never arrived") — a false alarm to
// the discipline inspectors. Here every batch of entries goes to one process while the batch
// before it is replayed to the other, at the same moment, round after round.
TEST_CASE("an old request replayed to one server process while the next is taken in by the other never moves a device's audit chain "
          "back",
          "[sync][postgres-only]") {
    REQUIRE(testingOnPostgres());
    ServerProcess first;
    first.start();
    ServerProcess second(ServerProcess::SameDatabase{}, first);
    second.start();
    Device device(first.url(), "g1m2");
    syncOk(device);
    const std::string unit = anyRecord(device.store(), "unit").id;
    constexpr int kRounds = 60, kPerRound = 5;
    for (int i = 0; i < kRounds * kPerRound; ++i) {
        REQUIRE(device.store().createRecord("finding", {{"unit_id", unit}, {"category", "misconduct"},
                                                        {"description", "审计链条目 " + std::to_string(i)}, {"source", "visit"}}).ok());
    }
    const std::string token = replication::syncState(device.store(), "token").value().value_or("");
    auto acked = replication::syncState(device.store(), "audit_acked");
    REQUIRE(acked.ok());
    int64_t from = std::stoll(acked.value().value_or("0")) + 1;
    auto entries = device.store().auditEntries(from, -1);
    REQUIRE(entries.ok());
    REQUIRE(entries->size() >= static_cast<size_t>(kRounds * kPerRound));
    const std::vector<std::pair<std::string, std::string>> headers = {
        {"FieldCheck-Protocol", "4"}, {"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    auto batch = [&](size_t round) {
        nlohmann::json audit = nlohmann::json::array();
        for (size_t i = round * kPerRound; i < (round + 1) * kPerRound; ++i) audit.push_back(entries.value()[i].toJson());
        return nlohmann::json{{"cursor", ""}, {"limit", 1}, {"audit", audit}}.dump();
    };
    std::vector<std::string> failures;
    for (size_t round = 0; round < static_cast<size_t>(kRounds); ++round) {
        // This round's batch to one process, the round before's again to the other, at once;
        // the sides alternate.
        const int newPort = round % 2 == 0 ? first.port() : second.port();
        const int oldPort = round % 2 == 0 ? second.port() : first.port();
        const std::string freshBody = batch(round);
        const std::string oldBody = round == 0 ? freshBody : batch(round - 1);
        RawResponse fresh, replayed;
        std::thread replay([&] { replayed = rawPost(oldPort, "/v1/pull", oldBody, headers); });
        fresh = rawPost(newPort, "/v1/pull", freshBody, headers);
        replay.join();
        if (fresh.status != 200 || replayed.status != 200) failures.push_back("round " + std::to_string(round) + ": " + fresh.body + replayed.body);
    }
    INFO((failures.empty() ? std::string() : failures.front()));
    CHECK(failures.empty());
    auto flags = first.admin({"audit-flags", "--json"});
    REQUIRE(flags.exitCode == 0);
    CHECK(nlohmann::json::parse(flags.out).empty());
}
