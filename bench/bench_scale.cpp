// bench_scale — many devices syncing at once (docs/benchmarks.md, "The server at scale"): the same
// load against two fieldcheck-server processes on one PostgreSQL database and against one server on
// the embedded database, side by side in one run.
//
// Each simulated device is a real encrypted store enrolled with the server as an inspector of a
// group of ten, the group assigned a unit of its own (as in the field: a group sees its units).
// All of them start together; each records a few findings on its group's unit and syncs (push, and
// the pull that brings its colleagues' findings), several rounds, one thread per device. Measured:
// the time of each whole sync (p50/p99), syncs and ops per second over the run. Afterwards every
// device syncs once more and must hold each of its group's findings exactly once, and the server
// must hold exactly what was made: nothing lost, nothing duplicated.
//
//   bench_scale [--devices N] [--rounds R] [--ops K] [--servers S] [--quick] [--json FILE]
#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include <sys/resource.h>

#include "bench_server.h"
#include "bench_support.h"
#include "fieldcheck/sync/sync_client.h"
#include "pg_cluster.h"
#include "src/password.h"
#include "src/sync_storage.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;
using json = nlohmann::json;

namespace {

struct Options {
    int devices = 200, rounds = 5, ops = 2, pgServers = 2;
    std::string jsonPath;
};

struct Outcome {
    std::string backend;
    int servers = 0;
    // CPU per sync of the run (user + system): the server processes, PostgreSQL, the devices (this
    // process). On one shared machine they compete; in the field the devices are elsewhere.
    double serverCpuMs = 0, databaseCpuMs = 0, deviceCpuMs = 0;
    Summary syncSeconds;
    double wallSeconds = 0, syncsPerSecond = 0, opsPerSecond = 0;
    int64_t findingsMade = 0, findingsOnServer = 0, failedSyncs = 0;
    bool everyDeviceHoldsAll = false;
    json toJson() const {
        return {{"backend", backend}, {"servers", servers}, {"p50_ms", syncSeconds.median * 1000}, {"p99_ms", syncSeconds.p99 * 1000},
                {"max_ms", syncSeconds.max * 1000}, {"wall_s", wallSeconds}, {"syncs_per_s", syncsPerSecond}, {"ops_per_s", opsPerSecond},
                {"findings_made", findingsMade}, {"findings_on_server", findingsOnServer}, {"failed_syncs", failedSyncs},
                {"every_device_holds_all", everyDeviceHoldsAll}, {"server_cpu_ms_per_sync", serverCpuMs},
                {"database_cpu_ms_per_sync", databaseCpuMs}, {"device_cpu_ms_per_sync", deviceCpuMs}};
    }
};

constexpr int kGroupSize = 10;

// The campaign, a unit, an inspection group and its assignment per ten devices, and the devices'
// accounts (inspectors of their group, password kBenchPassword).
void populate(server::SyncStorage& storage, const std::vector<std::string>& users) {
    const json campaign = must(storage.adminCreate("bench", "campaign", {{"code", "ZF-SCALE"}, {"name", "规模专项"}}), "campaign");
    const std::string hash = must(server::hashPassword(SecretBytes::fromString(kBenchPassword)), "hash");
    std::string groupId;
    for (size_t i = 0; i < users.size(); ++i) {
        if (i % kGroupSize == 0) {
            char code[32];
            std::snprintf(code, sizeof code, "%03d", static_cast<int>(i / kGroupSize));
            const json unit = must(storage.adminCreate("bench", "unit", {{"code", std::string("U") + code}, {"name", std::string("规模单位") + code},
                                                                         {"unit_type", "elderly_home"}}), "unit");
            const json group = must(storage.adminCreate("bench", "inspection_group", {{"campaign_id", campaign["id"]}, {"code", std::string("G") + code},
                                                                                     {"name", std::string("第") + code + "检查组"}}), "group");
            groupId = group["id"].get<std::string>();
            must(storage.adminCreate("bench", "assignment", {{"group_id", groupId}, {"unit_id", unit["id"]}, {"task", "visit"},
                                                             {"campaign_id", campaign["id"]}}), "assignment");
        }
        must(storage.createUser({users[i], users[i], "inspector", groupId, "", false}, hash), "user " + users[i]);
    }
}

std::vector<std::string> userNames(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "dev%03d", i);
        out.push_back(name);
    }
    return out;
}

// The devices' load against servers at `urls` (device i syncs with urls[i % size]); `countFindings`
// tells how many findings the server holds afterwards.
// CPU seconds so far of the processes that serve the load (the server processes and, on
// PostgreSQL, the cluster).
using CpuMeter = std::function<double()>;

double ownCpuSeconds() {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Outcome runLoad(const std::string& backend, const std::vector<std::string>& urls, const Options& o, const std::string& dir,
                const CpuMeter& serverCpu, const CpuMeter& databaseCpu, const std::function<int64_t()>& countFindings) {
    const auto users = userNames(o.devices);
    std::vector<std::unique_ptr<Store>> devices;
    std::vector<std::string> unitIds;
    for (int i = 0; i < o.devices; ++i) {
        devices.push_back(newDevice(dir + "/" + users[static_cast<size_t>(i)] + ".db", urls[static_cast<size_t>(i) % urls.size()],
                                    users[static_cast<size_t>(i)]));
    }
    sync::SyncOptions syncOptions;
    syncOptions.http.retry.maxAttempts = 6;
    syncOptions.http.retry.initialBackoffMs = 20;
    syncOptions.http.retry.maxBackoffMs = 500;
    syncOptions.http.requestTimeoutMs = 60000;
    std::vector<std::string> unitOf;  // each device's group's unit
    for (auto& d : devices) {
        must(sync::syncNow(*d, syncOptions), "first sync");
        auto units = must(d->listRecords("unit"), "units");
        check(units.size() == 1, "a device sees " + std::to_string(units.size()) + " units, not its group's one");
        unitOf.push_back(units.front().id);
    }

    std::mutex mutex;
    std::vector<double> samples;
    std::atomic<int64_t> failed{0}, made{0};
    std::vector<std::atomic<int64_t>> madeByGroup(static_cast<size_t>((o.devices + kGroupSize - 1) / kGroupSize));
    std::barrier start(o.devices + 1);
    std::vector<std::thread> threads;
    for (int i = 0; i < o.devices; ++i) {
        threads.emplace_back([&, i] {
            Store& d = *devices[static_cast<size_t>(i)];
            std::mt19937 rng(static_cast<unsigned>(i));
            start.arrive_and_wait();
            for (int r = 0; r < o.rounds; ++r) {
                for (int k = 0; k < o.ops; ++k) {
                    auto f = d.createRecord("finding", {{"unit_id", unitOf[static_cast<size_t>(i)]}, {"category", "misconduct"}, {"source", "visit"},
                                                        {"description", users[static_cast<size_t>(i)] + " 第" + std::to_string(r) + "轮第" +
                                                                            std::to_string(k) + "条：台账缺失，资金发放不规范。"}});
                    if (f.ok()) {
                        ++made;
                        ++madeByGroup[static_cast<size_t>(i / kGroupSize)];
                    }
                }
                Stopwatch sw;
                const bool ok = sync::syncNow(d, syncOptions).ok();
                const double s = sw.seconds();
                if (!ok) ++failed;
                std::lock_guard<std::mutex> lock(mutex);
                samples.push_back(s);
            }
        });
    }
    start.arrive_and_wait();
    Stopwatch wall;
    const double server0 = serverCpu(), database0 = databaseCpu(), device0 = ownCpuSeconds();
    for (auto& t : threads) t.join();
    Outcome out;
    const double syncs = static_cast<double>(o.devices) * o.rounds;
    out.serverCpuMs = (serverCpu() - server0) / syncs * 1000;
    out.databaseCpuMs = (databaseCpu() - database0) / syncs * 1000;
    out.deviceCpuMs = (ownCpuSeconds() - device0) / syncs * 1000;
    out.backend = backend;
    out.servers = static_cast<int>(urls.size());
    out.wallSeconds = wall.seconds();
    out.syncSeconds = summarize(samples);
    out.syncsPerSecond = static_cast<double>(samples.size()) / out.wallSeconds;
    out.opsPerSecond = static_cast<double>(made) / out.wallSeconds;
    out.findingsMade = made;
    out.failedSyncs = failed;
    // Nothing lost, nothing duplicated: each device, synced again, holds its group's findings once.
    out.everyDeviceHoldsAll = true;
    for (size_t i = 0; i < devices.size(); ++i) {
        must(sync::syncNow(*devices[i], syncOptions), "final sync");
        ListQuery all;
        if (must(devices[i]->countRecords("finding", all), "count") != madeByGroup[i / kGroupSize]) out.everyDeviceHoldsAll = false;
    }
    out.findingsOnServer = countFindings();
    return out;
}

void printOutcome(const Outcome& r) {
    std::printf("%-10s %7d %9.0f %9.0f %9.0f %10.1f %9.1f %8lld %8lld %6lld  %-8s %8.1f %8.1f %8.1f\n", r.backend.c_str(), r.servers,
                r.syncSeconds.median * 1000, r.syncSeconds.p99 * 1000, r.syncSeconds.max * 1000, r.syncsPerSecond, r.opsPerSecond,
                static_cast<long long>(r.findingsMade), static_cast<long long>(r.findingsOnServer), static_cast<long long>(r.failedSyncs),
                r.everyDeviceHoldsAll ? "yes" : "NO", r.serverCpuMs, r.databaseCpuMs, r.deviceCpuMs);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&](const char* what) -> std::string {
            if (i + 1 >= argc) throw BenchError(std::string("missing value for ") + what);
            return argv[++i];
        };
        try {
            if (a == "--devices") o.devices = std::stoi(next("--devices"));
            else if (a == "--rounds") o.rounds = std::stoi(next("--rounds"));
            else if (a == "--ops") o.ops = std::stoi(next("--ops"));
            else if (a == "--servers") o.pgServers = std::stoi(next("--servers"));
            else if (a == "--json") o.jsonPath = next("--json");
            else if (a == "--quick") o.devices = 8, o.rounds = 2;
            else {
                std::cerr << "usage: bench_scale [--devices N] [--rounds R] [--ops K] [--servers S] [--quick] [--json FILE]\n";
                return 2;
            }
        } catch (const std::exception& e) {
            std::cerr << "bench_scale: " << a << ": " << e.what() << "\n";
            return 2;
        }
    }
    try {
        ScratchDir scratch;
        const auto users = userNames(o.devices);
        std::vector<Outcome> outcomes;

        // PostgreSQL: a durable cluster on loopback, `pgServers` server processes on one database.
        {
            test::PgClusterOptions durable;
            durable.durable = true;
            durable.maxConnections = 50;
            auto cluster = must(test::PgCluster::start(durable), "start PostgreSQL");
            const std::string name = must(cluster->createDatabase("scale"), "create the database");
            const std::string uri = "postgresql://postgres@127.0.0.1:" + std::to_string(cluster->port()) + "/" + name;
            must(server::SyncStorage::createPostgres(uri, false, SecretBytes()), "make the server's tables");
            populate(*must(server::SyncStorage::openPostgres(uri), "open"), users);
            std::vector<std::unique_ptr<ServerProcess>> servers;
            std::vector<std::string> urls;
            for (int s = 0; s < o.pgServers; ++s) {
                servers.push_back(std::make_unique<ServerProcess>(uri, scratch.file("pg-server-" + std::to_string(s) + ".log")));
                urls.push_back(servers.back()->url());
            }
            const std::string dir = scratch.file("pg-devices");
            std::filesystem::create_directories(dir);
            auto serversCpu = [&] {
                double total = 0;
                for (const auto& s : servers) total += must(test::processCpuSeconds(s->pid()), "server CPU");
                return total;
            };
            auto clusterCpu = [&] { return must(cluster->cpuSeconds(), "PostgreSQL's CPU"); };
            outcomes.push_back(runLoad("postgres", urls, o, dir, serversCpu, clusterCpu, [&] {
                auto storage = must(server::SyncStorage::openPostgres(uri), "open");
                return static_cast<int64_t>(must(storage->listRecords("finding", {}), "findings").size());
            }));
        }
        // The embedded database: one server process.
        {
            const std::string db = scratch.file("server.db");
            must(server::SyncStorage::create(db, SecretBytes::fromString(kBenchPassphrase), KdfParams::minimumForTests(), false, SecretBytes()),
                 "create the server database");
            populate(*must(server::SyncStorage::open(db, SecretBytes::fromString(kBenchPassphrase)), "open"), users);
            ServerProcess server(db, scratch.file("embedded-server.log"));
            const std::string dir = scratch.file("embedded-devices");
            std::filesystem::create_directories(dir);
            auto serverCpu = [&] { return must(test::processCpuSeconds(server.pid()), "server CPU"); };
            outcomes.push_back(runLoad("embedded", {server.url()}, o, dir, serverCpu, [] { return 0.0; }, [&] {
                server.stop();
                auto storage = must(server::SyncStorage::open(db, SecretBytes::fromString(kBenchPassphrase)), "open");
                return static_cast<int64_t>(must(storage->listRecords("finding", {}), "findings").size());
            }));
        }

        std::printf("%d devices in groups of %d, %d rounds of %d findings and a sync each, all at once\n", o.devices, kGroupSize, o.rounds, o.ops);
        std::printf("%-10s %7s %9s %9s %9s %10s %9s %8s %8s %6s  %-8s %8s %8s %8s\n", "backend", "servers", "p50 ms", "p99 ms", "max ms",
                    "syncs/s", "ops/s", "made", "server", "failed", "all held", "srv cpu", "db cpu", "dev cpu");
        std::printf("(cpu: milliseconds of CPU per sync, user + system, during the load)\n");
        for (const auto& r : outcomes) printOutcome(r);
        json out = json::array();
        for (const auto& r : outcomes) out.push_back(r.toJson());
        if (!o.jsonPath.empty()) std::ofstream(o.jsonPath) << out.dump(2) << "\n";
        for (const auto& r : outcomes) {
            check(r.findingsOnServer == r.findingsMade, r.backend + ": the server holds " + std::to_string(r.findingsOnServer) +
                                                            " findings, " + std::to_string(r.findingsMade) + " were made");
            check(r.everyDeviceHoldsAll, r.backend + ": a device does not hold every finding once");
            check(r.failedSyncs == 0, r.backend + ": " + std::to_string(r.failedSyncs) + " syncs failed");
        }
        return 0;
    } catch (const BenchError& e) {
        std::cerr << "bench_scale: " << e.what() << "\n";
        return 1;
    }
}
