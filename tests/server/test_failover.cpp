// A PostgreSQL primary with a streaming standby under synchronous commit: the primary crashes while
// devices sync through a faulty network, the standby is promoted, and the server finds it by
// itself (several hosts in its connection string, target_session_attrs=read-write). Every op a
// device holds a signed receipt for must be on the promoted standby, and the devices converge.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "fault_proxy.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;

namespace {

template <typename T>
T must(Result<T> r) {
    INFO((r.ok() ? std::string() : r.error().toString()));
    REQUIRE(r.ok());
    return std::move(r).value();
}

// Waits until the primary reports a synchronous standby (commits then wait for its flush).
void awaitSyncStandby(const PgCluster& primary) {
    for (int i = 0; i < 300; ++i) {
        auto n = primary.psql("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'");
        if (n.ok() && n.value().rfind("1", 0) == 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("the standby never became synchronous: " << primary.log());
}

}  // namespace

TEST_CASE("the primary crashes while devices sync, the standby is promoted — every op with a receipt survives and devices converge",
          "[sync][postgres-only][failover]") {
    REQUIRE(testingOnPostgres());  // registered for the PostgreSQL run only (CMakeLists.txt)
    PgClusterOptions durable;
    durable.durable = true;
    auto primary = must(PgCluster::start(durable));
    const std::string name = must(primary->createDatabase("failover"));
    auto standby = must(PgCluster::startStandbyOf(*primary));
    REQUIRE(primary->psql("ALTER SYSTEM SET synchronous_standby_names = '*'").ok());
    REQUIRE(primary->psql("SELECT pg_reload_conf()").ok());
    awaitSyncStandby(*primary);

    const std::string uri = "postgresql://postgres@127.0.0.1:" + std::to_string(primary->port()) + ",127.0.0.1:" +
                            std::to_string(standby->port()) + "/" + name + "?target_session_attrs=read-write&connect_timeout=3";
    ServerProcess server(ServerProcess::OnDatabase{uri});
    server.start();
    testing::FaultConfig cfg = testing::FaultConfig::allFaults(7, 0.1);
    cfg.upstreamPort = static_cast<uint16_t>(server.port());
    cfg.maxDelayMs = 20;
    testing::FaultProxy proxy(cfg);
    REQUIRE(proxy.start());
    const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());
    proxy.setEnabled(false);
    const std::vector<std::string> users = {"g1m2", "g1m1", "g2m2"};
    std::vector<std::unique_ptr<Device>> devices;
    for (const auto& u : users) devices.push_back(std::make_unique<Device>(url, u));
    for (auto& d : devices) syncOk(*d);
    proxy.setEnabled(true);

    std::mutex mutex;
    std::vector<std::string> failures;
    std::atomic<int> roundsDone{0};
    std::atomic<bool> failedOver{false};
    std::vector<std::vector<std::string>> created(devices.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < devices.size(); ++i) {
        threads.emplace_back([&, i] {
            Device& d = *devices[i];
            auto fail = [&](const std::string& what) {
                std::lock_guard<std::mutex> lock(mutex);
                failures.push_back(users[i] + ": " + what);
            };
            ListQuery first;
            first.limit = 1;
            auto unit = d.store().listRecords("unit", first);
            if (!unit.ok() || unit->empty()) return fail("no unit");
            // Rounds go on until the failover is behind and two more rounds are done after it.
            int afterFailover = 0;
            for (int round = 0; afterFailover < 2 && round < 200; ++round) {
                auto f = d.store().createRecord("finding", {{"unit_id", unit->front().id}, {"category", "misconduct"},
                                                            {"description", users[i] + " 第" + std::to_string(round) + "条"},
                                                            {"source", "visit"}});
                if (!f.ok()) return fail(f.error().toString());
                created[i].push_back(f->id);
                // The database is away for a while during the failover: the device keeps trying.
                bool synced = false;
                for (int attempt = 0; attempt < 100 && !synced; ++attempt) {
                    synced = d.sync(Device::fastOptions()).ok();
                    if (!synced) std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
                if (!synced) return fail("no sync succeeded for 10 s in round " + std::to_string(round));
                ++roundsDone;
                if (failedOver) ++afterFailover;
            }
        });
    }
    // A few rounds on the primary, then it crashes and the standby takes over.
    while (roundsDone < 6 && failures.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(primary->crash().ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(standby->promote().ok());
    failedOver = true;
    for (auto& t : threads) t.join();
    INFO("first failure: " << (failures.empty() ? std::string() : failures.front()));
    REQUIRE(failures.empty());

    // Receipts name every op the server acknowledged before and after the crash: each must be
    // there, unchanged, on the promoted standby.
    proxy.setEnabled(false);
    checkSettled(server, devices, users, created);
    proxy.stop();
    server.stop();
}
