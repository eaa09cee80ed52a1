// Sync through a seeded fault-injecting proxy (dropped connections before and after the server
// processed a request, truncated answers, duplicated and late-replayed requests, delays, 5xx),
// and kill -9 of the client and of the server at random moments. Every run must end with zero
// lost acknowledged writes, zero duplicates and every replica equal to the server.
//
// FIELDCHECK_FAULT_RUNS sets the number of seeded runs (CI: 200; the bench mode: thousands) and
// FIELDCHECK_FAULT_SEED the first seed, so a failing seed can be replayed alone.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "fault_proxy.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

namespace {

int64_t envInt(const char* name, int64_t fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::atoll(v) : fallback;
}

// The records each device created, by description (unique per device and op), to count them on
// the server afterwards.
struct Ledger {
    std::map<std::string, std::string> createdIds;  // description -> id
};

json newFinding(Store& s, const std::string& description) {
    const Record unit = anyRecord(s, "unit");
    const Record campaign = anyRecord(s, "campaign");
    return {{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"category", "misconduct"}, {"description", description}, {"source", "visit"}};
}

// A few offline changes of the kinds inspectors make: new findings, edits, a withdrawal.
void offlineWork(Device& d, const std::string& who, std::mt19937_64& rng, Ledger& ledger, int round) {
    const int n = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < n; ++i) {
        const int kind = static_cast<int>(rng() % 6);
        if (kind <= 2) {
            const std::string desc = who + "-r" + std::to_string(round) + "-" + std::to_string(i);
            auto r = d.store().createRecord("finding", newFinding(d.store(), desc));
            REQUIRE(r.ok());
            ledger.createdIds[desc] = r->id;
        } else {
            ListQuery q;
            q.includeWithdrawn = false;
            auto list = d.store().listRecords("finding", q);
            REQUIRE(list.ok());
            if (list->empty()) continue;
            const Record& f = list.value()[rng() % list->size()];
            if (kind <= 4) {
                (void)d.store().updateRecord("finding", f.id, {{kind == 3 ? "subcategory" : "money_involved",
                                                                kind == 3 ? json(who + " edit " + std::to_string(round)) : json(std::to_string(round) + ".50")}});
            } else if (f.createdBy == who) {
                (void)d.store().withdrawRecord("finding", f.id, "重复登记 " + std::to_string(round));
            }
        }
    }
}

// Syncs until a sync completes (the link may fail a few times in a row).
bool syncEventually(Device& d, int attempts) {
    for (int i = 0; i < attempts; ++i) {
        auto r = d.sync();
        if (r.ok()) return true;
    }
    return false;
}

void pointAt(Device& d, const std::string& url) { REQUIRE(replication::setSyncState(d.store(), "server_url", url).ok()); }

// After the storm: everything answered, nothing rejected, every created record once on the
// server, every replica equal to the server.
void checkConverged(ServerProcess& server, std::vector<std::pair<Device*, std::string>> devices, const Ledger& ledger) {
    for (auto& [d, user] : devices) {
        pointAt(*d, server.url());
        for (int i = 0; i < 2; ++i) {
            auto r = d->sync();
            INFO((r.ok() ? r->toJson().dump() : r.error().toString()));
            REQUIRE(r.ok());
        }
    }
    for (auto& [d, user] : devices) {
        auto r = d->sync();
        REQUIRE(r.ok());
        CHECK(replication::unansweredOps(d->store(), -1)->empty());
        auto rejected = replication::rejectedOps(d->store());
        for (const auto& op : rejected.value()) INFO("rejected: " << op.action << " " << op.recordId << " " << op.result.dump());
        CHECK(rejected->empty());
        CHECK(d->dump() == server.dumpFor(user));
        CHECK(d->store().verifyAudit()->ok());
    }
    const std::string all = server.dumpFor("jijian1");
    for (const auto& [desc, id] : ledger.createdIds) {
        size_t count = 0;
        for (size_t pos = all.find("\"" + desc + "\""); pos != std::string::npos; pos = all.find("\"" + desc + "\"", pos + 1)) ++count;
        INFO("created record " << desc << " (" << id << ")");
        CHECK(count == 1);
        CHECK(all.find(id) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("seeded faults between devices and server lose nothing and duplicate nothing and all converge", "[sync][faults]") {
    const int64_t runs = envInt("FIELDCHECK_FAULT_RUNS", 200);
    const int64_t firstSeed = envInt("FIELDCHECK_FAULT_SEED", 1);
    ServerProcess server;
    server.start();
    Device a(server.url(), "g1m1"), b(server.url(), "g1m2");
    REQUIRE(a.sync().ok());
    REQUIRE(b.sync().ok());
    Ledger ledger;
    int64_t faultsSeen = 0;
    for (int64_t seed = firstSeed; seed < firstSeed + runs; ++seed) {
        testing::FaultConfig cfg = testing::FaultConfig::allFaults(static_cast<uint64_t>(seed), 0.35);
        cfg.upstreamPort = static_cast<uint16_t>(server.port());
        cfg.maxDelayMs = 20;
        testing::FaultProxy proxy(cfg);
        std::string error;
        REQUIRE(proxy.start(&error));
        const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());
        std::mt19937_64 rng(static_cast<uint64_t>(seed));
        for (auto* d : {&a, &b}) {
            pointAt(*d, url);
            offlineWork(*d, d == &a ? "g1m1" : "g1m2", rng, ledger, static_cast<int>(seed));
        }
        for (auto* d : {&a, &b}) (void)syncEventually(*d, 3);
        proxy.waitUntilIdle();
        for (const auto& e : proxy.events()) faultsSeen += e.fault != testing::Fault::None ? 1 : 0;
        INFO("seed " << seed << ": " << proxy.summary());
        proxy.stop();
    }
    CHECK(faultsSeen > runs / 2);
    checkConverged(server, {{&a, "g1m1"}, {&b, "g1m2"}}, ledger);
}

TEST_CASE("kill -9 of the server at random moments during sync loses and duplicates nothing", "[sync][faults][kill]") {
    ServerProcess server;
    server.start();
    Device d(server.url(), "g1m2");
    REQUIRE(d.sync().ok());
    Ledger ledger;
    std::mt19937_64 rng(static_cast<uint64_t>(envInt("FIELDCHECK_FAULT_SEED", 7)));
    for (int round = 0; round < 12; ++round) {
        for (int i = 0; i < 40; ++i) {
            const std::string desc = "kill-server-" + std::to_string(round) + "-" + std::to_string(i);
            auto r = d.store().createRecord("finding", newFinding(d.store(), desc));
            REQUIRE(r.ok());
            ledger.createdIds[desc] = r->id;
        }
        sync::SyncOptions o = Device::fastOptions();
        o.pushBatch = 10;  // many requests, so that the kill lands inside the sync
        std::thread syncing([&] { (void)d.sync(o); });
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 120));
        server.kill9();
        syncing.join();
        server.start();
    }
    checkConverged(server, {{&d, "g1m2"}}, ledger);
    auto verify = server.admin({"verify"});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
}

TEST_CASE("kill -9 of the client (fieldcheck sync) at random moments loses and duplicates nothing", "[sync][faults][kill]") {
    ServerProcess server;
    server.start();
    auto device = std::make_unique<Device>(server.url(), "g1m2");
    REQUIRE(device->sync().ok());
    const std::string db = device->path();
    Ledger ledger;
    std::mt19937_64 rng(static_cast<uint64_t>(envInt("FIELDCHECK_FAULT_SEED", 11)));
    for (int round = 0; round < 12; ++round) {
        for (int i = 0; i < 40; ++i) {
            const std::string desc = "kill-client-" + std::to_string(round) + "-" + std::to_string(i);
            auto r = device->store().createRecord("finding", newFinding(device->store(), desc));
            REQUIRE(r.ok());
            ledger.createdIds[desc] = r->id;
        }
        device->close();
        // `fieldcheck --db DB sync --batch 5` with the passphrase on fd 3, killed mid-way.
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const std::string pass = std::string(kTestPassphrase) + "\n";
        REQUIRE(::write(fds[1], pass.data(), pass.size()) == static_cast<ssize_t>(pass.size()));
        ::close(fds[1]);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::dup2(fds[0], 3);
            const int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, 1);
            ::dup2(devnull, 2);
            ::execl(FIELDCHECK_CLI, FIELDCHECK_CLI, "--db", db.c_str(), "sync", "--batch", "5", "--passphrase-fd", "3", static_cast<char*>(nullptr));
            _exit(127);
        }
        ::close(fds[0]);
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 300));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        device->reopen();
        REQUIRE(device->store().checkIntegrity().ok());
    }
    checkConverged(server, {{device.get(), "g1m2"}}, ledger);
}
