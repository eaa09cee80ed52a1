// bench_sync — sync over loopback against a real fieldcheck-server process, and the same records
// replicated with PouchDB to pouchdb-server in the same run (docs/benchmarks.md, "Sync").
//
//   bench_sync [--records N] [--changes N] [--repeats R] [--page N] [--pouchdb] [--tls] [--postgres] [--quick] [--json FILE]
//
// Setup (not timed): a server database with N findings over 300 units, written straight into the
// server's Store in one transaction and then given their place in the change feed; the same
// findings as NDJSON for the PouchDB side. A discipline inspector's device (device A, scope =
// everything) and a second device B enrolled as another discipline inspector, which pulled
// everything once.
// Each repeat, on a fresh device A:
//   initial_pull  — the first sync of A: every page of the N-record scope into an empty store;
//   push          — B pushes `changes` ops (half new findings, half edits of existing ones): the
//                   push phase; the whole sync (which then pulls the same records back) apart;
//   incremental   — A syncs and pulls those `changes` records;
//   noop          — A syncs again with nothing to do (one request).
// Targets (issue 4): initial ≤ 10 s at 100,000; incremental 1,000 ≤ 0.5 s; push 1,000 ≤ 1 s;
// no-op ≤ 50 ms at 100,000.
// With --tls, a second server process serves a copy of the same database over TLS (a throwaway
// office CA; the devices pin the server's key as an enrolment file makes them), with devices A and
// B of its own; each repeat runs the four steps on both servers, the order alternating from repeat
// to repeat: the cost of TLS on the same work (issue 11).
// With --postgres, likewise a server process on PostgreSQL (a durable cluster on loopback) serving
// the same data, moved there with migrate-to-postgres: the two backends on the same work (issue 14).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "bench_server.h"
#include "bench_support.h"
#include "pg_cluster.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/sync_client.h"
#include "src/sync_storage.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;
using json = nlohmann::json;

namespace {

struct Options {
    int64_t records = 100000;
    int64_t changes = 1000;
    int repeats = 3;
    int64_t page = 1000;
    bool pouchdb = false;
    bool tls = false;
    bool postgres = false;
    std::string jsonOut;
};

int64_t g_page = 1000;

sync::SyncReport syncOnce(Store& s, const std::string& what) {
    sync::SyncOptions o;
    o.pullLimit = g_page;
    auto r = must(sync::syncNow(s, o), what);
    check(r.rejected == 0, what + ": " + std::to_string(r.rejected) + " op(s) rejected");
    return r;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw BenchError(a + " needs a value");
            return argv[++i];
        };
        if (a == "--records") o.records = std::stoll(next());
        else if (a == "--changes") o.changes = std::stoll(next());
        else if (a == "--repeats") o.repeats = std::stoi(next());
        else if (a == "--page") o.page = std::stoll(next());
        else if (a == "--pouchdb") o.pouchdb = true;
        else if (a == "--tls") o.tls = true;
        else if (a == "--postgres") o.postgres = true;
        else if (a == "--json") o.jsonOut = next();
        else if (a == "--quick") {
            o.records = 2000;
            o.changes = 100;
            o.repeats = 1;
        } else throw BenchError("unknown option " + a + " (see the comment at the top of bench/bench_sync.cpp)");
    }
    return o;
}

// One server with its devices: the plain one, and with --tls the one that speaks TLS.
struct Side {
    std::string name;
    std::unique_ptr<ServerProcess> server;
    sync::HttpOptions trust;  // what an enrolment file gives the devices (TLS only)
    std::unique_ptr<Store> b;
    std::vector<Record> bFindings;
    Record campaign, unit;
    std::mt19937_64 rng{7};  // the same edits on every side
    std::vector<double> initial, push, pushSync, incremental, noop;
    json samples = json::array();
};

void prepare(Side& side, const ScratchDir& dir) {
    side.b = newDevice(dir.file(side.name + "-b.db"), side.server->url(), "bench-b", side.trust);
    syncOnce(*side.b, side.name + ": device B's first sync");
    side.bFindings = must(side.b->listRecords("finding", {}), "B's findings");
    side.campaign = must(side.b->listRecords("campaign", {}), "campaign").front();
    side.unit = must(side.b->listRecords("unit", {}), "units").front();
}

// One repeat of the four steps on one side, with a fresh device A.
void runRepeat(Side& side, int rep, const Options& opt, const ScratchDir& dir) {
    const std::string& n = side.name;
    auto a = newDevice(dir.file(n + "-a" + std::to_string(rep) + ".db"), side.server->url(), "bench-a", side.trust);
    Stopwatch t1;
    auto first = syncOnce(*a, n + ": initial pull");
    side.initial.push_back(t1.seconds());
    check(must(a->countRecords("finding"), "count") == static_cast<int64_t>(side.bFindings.size()) + rep * opt.changes / 2,
          n + ": initial pull: the device holds a different number of findings than the server");

    // B: half new findings, half edits of existing ones, then one push.
    for (int64_t i = 0; i < opt.changes; ++i) {
        if (i % 2 == 0) {
            must(side.b->createRecord("finding", {{"campaign_id", side.campaign.id}, {"unit_id", side.unit.id}, {"category", "safety"},
                                                  {"description", "基准新增问题 " + std::to_string(rep) + "-" + std::to_string(i)}, {"source", "visit"}}),
                 "B creates");
        } else {
            const Record& f = side.bFindings[side.rng() % side.bFindings.size()];
            must(side.b->updateRecord("finding", f.id, {{"subcategory", "基准修改 " + std::to_string(rep) + "-" + std::to_string(i)}}), "B edits");
        }
    }
    Stopwatch t2;
    auto pushed = syncOnce(*side.b, n + ": push");
    side.pushSync.push_back(t2.seconds());
    side.push.push_back(pushed.pushSeconds);  // the push phase; the whole sync also pulls the echo
    check(pushed.pushed == opt.changes, n + ": push: " + std::to_string(pushed.pushed) + " ops sent");

    Stopwatch t3;
    auto inc = syncOnce(*a, n + ": incremental pull");
    side.incremental.push_back(t3.seconds());
    check(inc.pulled >= opt.changes * 9 / 10 && inc.pulled <= opt.changes, n + ": incremental pull: " + std::to_string(inc.pulled) + " records");

    syncOnce(*a, n + ": audit catch-up");  // sends the audit entries of the last page
    Stopwatch t4;
    auto none = syncOnce(*a, n + ": no-op sync");
    side.noop.push_back(t4.seconds());
    check(none.requests == 1 && none.pulled == 0, n + ": no-op sync made " + std::to_string(none.requests) + " requests");
    side.samples.push_back({{"initial_pull_s", side.initial.back()}, {"initial_bytes_received", first.bytesReceived}, {"initial_pages", first.pages},
                            {"push_s", side.push.back()}, {"push_sync_s", side.pushSync.back()}, {"incremental_pull_s", side.incremental.back()},
                            {"noop_s", side.noop.back()}, {"noop_bytes", none.bytesSent + none.bytesReceived}});
    syncOnce(*side.b, n + ": B catches up");
    side.bFindings = must(side.b->listRecords("finding", {}), "B's findings");
    side.bFindings.erase(std::remove_if(side.bFindings.begin(), side.bFindings.end(), [](const Record& r) {
        return r.fields.value("description", "").rfind("基准新增", 0) == 0;
    }), side.bFindings.end());
}

json medians(const Side& side) {
    return {{"initial_pull_ms", median(side.initial) * 1000}, {"push_ms", median(side.push) * 1000}, {"push_sync_ms", median(side.pushSync) * 1000},
            {"incremental_pull_ms", median(side.incremental) * 1000}, {"noop_sync_ms", median(side.noop) * 1000}};
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options opt = parse(argc, argv);
        g_page = opt.page;
        ScratchDir dir;
        const std::string db = dir.file("server.db"), ndjson = dir.file("findings.ndjson");
        std::cerr << "setup: " << opt.records << " findings on the server…\n";
        Stopwatch setup;
        {
            std::ofstream out(ndjson);
            buildServerWithFindings(db, opt.records, &out);
        }
        // The PostgreSQL side's copy, made before any server opens the embedded database.
        std::unique_ptr<test::PgCluster> cluster;
        std::string pgUri;
        if (opt.postgres) {
            test::PgClusterOptions durable;
            durable.durable = true;
            cluster = must(test::PgCluster::start(durable), "start PostgreSQL");
            const std::string name = must(cluster->createDatabase("bench"), "create the database");
            pgUri = "postgresql://postgres@127.0.0.1:" + std::to_string(cluster->port()) + "/" + name;
            auto moved = must(server::SyncStorage::migrateToPostgres(db, SecretBytes::fromString(kBenchPassphrase), pgUri), "move to PostgreSQL");
            check(moved.ok(), "the move to PostgreSQL found differences");
        }
        std::vector<std::unique_ptr<Side>> sides;
        sides.push_back(std::make_unique<Side>());
        sides[0]->name = "plain";
        sides[0]->server = std::make_unique<ServerProcess>(db, dir.file("server.log"));
        if (opt.tls) {
            const std::string tlsDb = dir.file("tls-server.db");
            copyServerDatabase(db, tlsDb);
            const std::string tlsDir = dir.makeSubdir("tls");
            const TlsFiles files = makeTlsFiles(tlsDir);
            sides.push_back(std::make_unique<Side>());
            sides[1]->name = "tls";
            sides[1]->server = std::make_unique<ServerProcess>(tlsDb, dir.file("tls-server.log"), &files);
            sides[1]->trust = files.trust;
        }
        if (opt.postgres) {
            sides.push_back(std::make_unique<Side>());
            sides.back()->name = "postgres";
            sides.back()->server = std::make_unique<ServerProcess>(pgUri, dir.file("pg-server.log"));
        }
        for (auto& side : sides) prepare(*side, dir);
        std::cerr << "setup took " << setup.seconds() << " s\n";

        for (int rep = 0; rep < opt.repeats; ++rep) {
            for (size_t k = 0; k < sides.size(); ++k) runRepeat(*sides[(rep + k) % sides.size()], rep, opt, dir);
        }
        for (auto& side : sides) side->server->stop();

        const Side& plain = *sides[0];
        json result = {{"records", opt.records}, {"changes", opt.changes}, {"repeats", opt.repeats}, {"samples", plain.samples},
                       {"fieldcheck", medians(plain)}};
        std::printf("FieldCheck sync, %lld records, %lld changes, %d repeat(s), medians:\n", static_cast<long long>(opt.records),
                    static_cast<long long>(opt.changes), opt.repeats);
        std::printf("  initial pull      %9.1f ms   (target ≤ 10000 at 100,000)\n", median(plain.initial) * 1000);
        std::printf("  push              %9.1f ms   (target ≤ 1000 for 1,000; the whole sync with the echo: %.1f ms)\n", median(plain.push) * 1000,
                    median(plain.pushSync) * 1000);
        std::printf("  incremental pull  %9.1f ms   (target ≤ 500 for 1,000)\n", median(plain.incremental) * 1000);
        std::printf("  no-op sync        %9.1f ms   (target ≤ 50)\n", median(plain.noop) * 1000);
        auto row = [](const char* what, const std::vector<double>& p, const std::vector<double>& t) {
            std::printf("  %-17s %9.1f ms  %9.1f ms   %.2f\n", what, median(p) * 1000, median(t) * 1000, median(t) / median(p));
        };
        for (size_t k = 1; k < sides.size(); ++k) {
            const Side& other = *sides[k];
            result[other.name] = {{"samples", other.samples}, {"fieldcheck", medians(other)}};
            if (other.name == "tls") {
                std::printf("Over TLS (the server terminating it, key pinned) against plain HTTP, same database, same run:\n");
                std::printf("  %-17s %12s  %12s   %s\n", "", "plain", "TLS", "TLS/plain");
            } else {
                std::printf("On PostgreSQL (one server process) against the embedded database, same data, same run:\n");
                std::printf("  %-17s %12s  %12s   %s\n", "", "embedded", "PostgreSQL", "PG/embedded");
            }
            row("initial pull", plain.initial, other.initial);
            row("push", plain.push, other.push);
            row("incremental pull", plain.incremental, other.incremental);
            row("no-op sync", plain.noop, other.noop);
        }

        if (opt.pouchdb) {
            const std::string out = dir.file("pouchdb.json");
            const std::string cmd = std::string("bash ") + FIELDCHECK_SOURCE_DIR + "/bench/pouchdb/run.sh --docs '" + ndjson + "' --changes " +
                                    std::to_string(opt.changes) + " --repeats " + std::to_string(opt.repeats) + " --out '" + out + "' >&2";
            check(std::system(cmd.c_str()) == 0, "the PouchDB side failed (see above)");
            std::ifstream in(out);
            json pouch = json::parse(in);
            result["pouchdb"] = pouch;
            auto med = [&](const char* k) { return pouch[k]["median"].get<double>(); };
            std::printf("PouchDB %s / pouchdb-server %s on the same records, medians:\n", pouch.value("pouchdb_version", "?").c_str(),
                        pouch.value("pouchdb_server_version", "?").c_str());
            std::printf("  initial pull      %9.1f ms   (ratio PouchDB/FieldCheck %.2f)\n", med("initial_pull_ms"), med("initial_pull_ms") / (median(plain.initial) * 1000));
            std::printf("  push              %9.1f ms   (ratio %.2f)\n", med("push_ms"), med("push_ms") / (median(plain.push) * 1000));
            std::printf("  incremental pull  %9.1f ms   (ratio %.2f)\n", med("incremental_pull_ms"), med("incremental_pull_ms") / (median(plain.incremental) * 1000));
            std::printf("  no-op sync        %9.1f ms   (ratio %.2f)\n", med("noop_sync_ms"), med("noop_sync_ms") / (median(plain.noop) * 1000));
        }
        if (!opt.jsonOut.empty()) std::ofstream(opt.jsonOut) << result.dump(2) << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_sync: " << e.what() << "\n";
        return 1;
    }
}
