// bench_sync — sync over loopback against a real fieldcheck-server process, and the same records
// replicated with PouchDB to pouchdb-server in the same run (docs/benchmarks.md, "Sync").
//
//   bench_sync [--records N] [--changes N] [--repeats R] [--page N] [--pouchdb] [--quick] [--json FILE]
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
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "bench_support.h"
#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/child_process.h"
#include "fieldcheck/sync/sync_client.h"
#include "src/password.h"
#include "src/sqlite_storage.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;
using json = nlohmann::json;

namespace {

const char* kPassphrase = "bench-sync-passphrase";
const char* kPassword = "bench-sync-password";

struct Options {
    int64_t records = 100000;
    int64_t changes = 1000;
    int repeats = 3;
    int64_t page = 1000;
    bool pouchdb = false;
    std::string jsonOut;
};

std::string chineseText(std::mt19937_64& rng, int minChars, int maxChars) {
    static const char* pieces[] = {"养老", "机构", "消防", "通道", "资金", "发放", "台账", "缺失", "检查", "记录", "补写", "群众",
                                   "反映", "办事", "拖拉", "救助", "物资", "登记", "管理", "不规范", "公益金", "使用", "审批", "手续"};
    const int n = minChars + static_cast<int>(rng() % static_cast<uint64_t>(maxChars - minChars + 1));
    std::string out;
    for (int chars = 0; chars < n;) {
        const std::string p = pieces[rng() % (sizeof pieces / sizeof pieces[0])];
        out += p;
        chars += static_cast<int>(p.size() / 3);
    }
    return out + "。";
}

// The server database with `records` findings, and the NDJSON of the same findings.
void buildServer(const std::string& db, const std::string& ndjson, int64_t records) {
    must(server::SqliteStorage::create(db, SecretBytes::fromString(kPassphrase), KdfParams::minimumForTests(), false, SecretBytes()),
         "create server database");
    std::mt19937_64 rng(20261127);
    std::ofstream out(ndjson);
    {
        StoreOptions o;
        o.actor = "bench";
        o.serverReplica = true;  // as the server opens it: no outbox, no search index
        auto store = must(Store::open(db, SecretBytes::fromString(kPassphrase), o), "open server store");
        must(store->transaction([&]() -> Status {
            FC_ASSIGN_OR_RETURN(Record campaign, store->createRecord("campaign", {{"code", "ZF-BENCH"}, {"name", "基准专项"}}));
            std::vector<std::string> units;
            for (int i = 0; i < 300; ++i) {
                char code[16];
                std::snprintf(code, sizeof code, "B%03d", i);
                FC_ASSIGN_OR_RETURN(Record u, store->createRecord("unit", {{"code", code}, {"name", std::string("单位") + code}, {"unit_type", "elderly_home"}}));
                units.push_back(u.id);
            }
            static const char* categories[] = {"responsibility", "eight_rules", "four_styles", "public_interest", "misconduct", "inaction", "internal", "safety"};
            static const char* sources[] = {"visit", "self_inspection", "petition", "spot_check", "clue_screening"};
            for (int64_t i = 0; i < records; ++i) {
                json f = {{"campaign_id", campaign.id},
                          {"unit_id", units[rng() % units.size()]},
                          {"category", categories[rng() % 8]},
                          {"subcategory", chineseText(rng, 4, 8)},
                          {"description", chineseText(rng, 40, 120)},
                          {"source", sources[rng() % 5]},
                          {"found_date", "2026-0" + std::to_string(3 + rng() % 5) + "-1" + std::to_string(rng() % 10)}};
                if (rng() % 3 == 0) f["money_involved"] = std::to_string(rng() % 100000) + ".50";
                if (rng() % 4 == 0) f["persons_involved"] = "张某、李某";
                FC_ASSIGN_OR_RETURN(Record r, store->createRecord("finding", f));
                json fields = json::object();
                for (auto it = r.fields.begin(); it != r.fields.end(); ++it) {
                    if (!it.value().is_null()) fields[it.key()] = it.value();
                }
                out << json{{"type", "finding"}, {"id", r.id}, {"fields", fields}}.dump() << "\n";
            }
            return {};
        }), "bulk load");
    }
    auto storage = must(server::SqliteStorage::open(db, SecretBytes::fromString(kPassphrase)), "open server");
    must(storage->adoptUnsyncedRecords(), "adopt records");
    auto hash = must(server::hashPassword(SecretBytes::fromString(kPassword)), "hash password");
    for (const char* user : {"bench-a", "bench-b"}) {
        must(storage->createUser({user, user, "discipline_inspector", "", "", false}, hash), "create user");
    }
}

// fieldcheck-server serve on a free loopback port; returns {pid, port}.
std::pair<pid_t, int> startServer(const std::string& db, const std::string& log) {
    int out[2];
    check(::pipe(out) == 0, "pipe");
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const pid_t pid = must(platform::spawnChild({{FIELDCHECK_SERVER_BIN, "serve", "--db", db, "--port", "0", "--passphrase-fd", "3"},
                                                 {kPassphrase}, {}, out[1], err}),
                           "start the server");
    ::close(out[1]);
    ::close(err);
    return {pid, must(platform::readListeningPort(out[0], std::chrono::seconds(30)), "the server's port")};
}

std::unique_ptr<Store> newDevice(const std::string& path, const std::string& url, const std::string& user) {
    StoreOptions o;
    o.actor = user;
    auto store = must(Store::create(path, SecretBytes::fromString(kPassphrase), KdfParams::minimumForTests(), o), "create device");
    must(sync::enroll(*store, url, user, SecretBytes::fromString(kPassword), user), "enroll " + user);
    return store;
}

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
        else if (a == "--json") o.jsonOut = next();
        else if (a == "--quick") {
            o.records = 2000;
            o.changes = 100;
            o.repeats = 1;
        } else throw BenchError("unknown option " + a + " (see the comment at the top of bench/bench_sync.cpp)");
    }
    return o;
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
        buildServer(db, ndjson, opt.records);
        std::cerr << "setup took " << setup.seconds() << " s\n";
        auto [pid, port] = startServer(db, dir.file("server.log"));
        const std::string url = "http://127.0.0.1:" + std::to_string(port);

        auto b = newDevice(dir.file("b.db"), url, "bench-b");
        syncOnce(*b, "device B's first sync");
        auto bFindings = must(b->listRecords("finding", {}), "B's findings");
        const Record campaign = must(b->listRecords("campaign", {}), "campaign").front();
        const Record unit = must(b->listRecords("unit", {}), "units").front();

        std::vector<double> initial, push, pushSync, incremental, noop;
        json samples = json::array();
        std::mt19937_64 rng(7);
        for (int rep = 0; rep < opt.repeats; ++rep) {
            auto a = newDevice(dir.file("a" + std::to_string(rep) + ".db"), url, "bench-a");
            Stopwatch t1;
            auto first = syncOnce(*a, "initial pull");
            initial.push_back(t1.seconds());
            check(must(a->countRecords("finding"), "count") == static_cast<int64_t>(bFindings.size()) + rep * opt.changes / 2,
                  "initial pull: the device holds a different number of findings than the server");

            // B: half new findings, half edits of existing ones, then one push.
            for (int64_t i = 0; i < opt.changes; ++i) {
                if (i % 2 == 0) {
                    must(b->createRecord("finding", {{"campaign_id", campaign.id}, {"unit_id", unit.id}, {"category", "safety"},
                                                     {"description", "基准新增问题 " + std::to_string(rep) + "-" + std::to_string(i)}, {"source", "visit"}}),
                         "B creates");
                } else {
                    const Record& f = bFindings[rng() % bFindings.size()];
                    must(b->updateRecord("finding", f.id, {{"subcategory", "基准修改 " + std::to_string(rep) + "-" + std::to_string(i)}}), "B edits");
                }
            }
            Stopwatch t2;
            auto pushed = syncOnce(*b, "push");
            pushSync.push_back(t2.seconds());
            push.push_back(pushed.pushSeconds);  // the push phase; the whole sync also pulls the echo
            check(pushed.pushed == opt.changes, "push: " + std::to_string(pushed.pushed) + " ops sent");

            Stopwatch t3;
            auto inc = syncOnce(*a, "incremental pull");
            incremental.push_back(t3.seconds());
            check(inc.pulled >= opt.changes * 9 / 10 && inc.pulled <= opt.changes, "incremental pull: " + std::to_string(inc.pulled) + " records");

            syncOnce(*a, "audit catch-up");  // sends the audit entries of the last page
            Stopwatch t4;
            auto none = syncOnce(*a, "no-op sync");
            noop.push_back(t4.seconds());
            check(none.requests == 1 && none.pulled == 0, "no-op sync made " + std::to_string(none.requests) + " requests");
            samples.push_back({{"initial_pull_s", initial.back()}, {"initial_bytes_received", first.bytesReceived}, {"initial_pages", first.pages},
                               {"push_s", push.back()}, {"push_sync_s", pushSync.back()}, {"incremental_pull_s", incremental.back()}, {"noop_s", noop.back()},
                               {"noop_bytes", none.bytesSent + none.bytesReceived}});
            syncOnce(*b, "B catches up");
            bFindings = must(b->listRecords("finding", {}), "B's findings");
            bFindings.erase(std::remove_if(bFindings.begin(), bFindings.end(), [](const Record& r) {
                return r.fields.value("description", "").rfind("基准新增", 0) == 0;
            }), bFindings.end());
        }
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);

        json result = {{"records", opt.records}, {"changes", opt.changes}, {"repeats", opt.repeats}, {"samples", samples},
                       {"fieldcheck", {{"initial_pull_ms", median(initial) * 1000}, {"push_ms", median(push) * 1000}, {"push_sync_ms", median(pushSync) * 1000},
                                       {"incremental_pull_ms", median(incremental) * 1000}, {"noop_sync_ms", median(noop) * 1000}}}};
        std::printf("FieldCheck sync, %lld records, %lld changes, %d repeat(s), medians:\n", static_cast<long long>(opt.records),
                    static_cast<long long>(opt.changes), opt.repeats);
        std::printf("  initial pull      %9.1f ms   (target ≤ 10000 at 100,000)\n", median(initial) * 1000);
        std::printf("  push              %9.1f ms   (target ≤ 1000 for 1,000; the whole sync with the echo: %.1f ms)\n", median(push) * 1000,
                    median(pushSync) * 1000);
        std::printf("  incremental pull  %9.1f ms   (target ≤ 500 for 1,000)\n", median(incremental) * 1000);
        std::printf("  no-op sync        %9.1f ms   (target ≤ 50)\n", median(noop) * 1000);

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
            std::printf("  initial pull      %9.1f ms   (ratio PouchDB/FieldCheck %.2f)\n", med("initial_pull_ms"), med("initial_pull_ms") / (median(initial) * 1000));
            std::printf("  push              %9.1f ms   (ratio %.2f)\n", med("push_ms"), med("push_ms") / (median(push) * 1000));
            std::printf("  incremental pull  %9.1f ms   (ratio %.2f)\n", med("incremental_pull_ms"), med("incremental_pull_ms") / (median(incremental) * 1000));
            std::printf("  no-op sync        %9.1f ms   (ratio %.2f)\n", med("noop_sync_ms"), med("noop_sync_ms") / (median(noop) * 1000));
        }
        if (!opt.jsonOut.empty()) std::ofstream(opt.jsonOut) << result.dump(2) << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_sync: " << e.what() << "\n";
        return 1;
    }
}
