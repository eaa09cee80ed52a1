// bench_app — the field app itself, as its own process: cold start to the first interactive frame
// (unlock included), resident memory with 100,000 findings, scrolling a long list, and a
// 100,000-record sync while the UI thread is watched (docs/benchmarks.md, "The field app").
//
//   bench_app [--findings N] [--findings-store synced|local] [--scroll-rows N] [--records N] [--repeats R]
//             [--scroll-repeats R] [--sync-repeats R] [--rate ROWS_PER_S] [--scroll-list PAGE:LIST]
//             [--scroll-store units|findings] [--only start,scroll,dashboard,sync] [--cache DIR] [--quick] [--json FILE]
//
// Every figure comes from `fieldcheck-app --db STORE --benchmark SCRIPT --passphrase-fd 3`
// (qml/src/benchmark_mode.h), offscreen with Qt Quick's software renderer. The app unlocks
// through UnlockController's worker and prints one JSON line per event; this program times the
// lines from fork() and reads the process's memory (/proc/PID/status) when "interactive" and
// "done" arrive.
//
// Stores (built once and kept in the cache directory, default $TMPDIR/fieldcheck-bench-app-cache;
// --quick builds small ones in the scratch directory):
//   server    a server database with --records findings over 300 units (bench_server.h, as
//             bench_sync builds it) and a group's week (planned visits, assignments,
//             self-inspections, complaints: Today has rows);
//   findings  a device that pulled N findings (default 100,000) and the week from a server built
//             the same way, then recorded 20 findings of the day (they wait for the next sync);
//             KdfParams::interactive(), as the app creates stores. --findings-store local instead records 40 units and the N
//             findings on the device (as bench_domain does), so all of them wait in the outbox;
//   empty     a new store with the same KDF, made for each run of this program;
//   units     --scroll-rows units, for `--scroll-store units --scroll-list units:unitList` (the
//             Units tab); by default the scroll runs on the findings store's list of all findings.
//
// start   R times each, in an order that rotates: the findings store and the empty store, each
//         cold (the store's files dropped from the page cache first; the app and Qt stay cached)
//         and then warm. Script "idle:1000": the harness reads VmRSS at "interactive" while the
//         app idles, and the idle second is the stall meter's baseline.
// scroll  "scroll:PAGE:LIST:ROWS:RATE", by default FindingsPage.qml:findingList (every finding,
//         newest first) over --scroll-rows (50,000) of the findings store: rows scrolled, rows the model holds,
//         delegate items, the longest UI-thread stall; VmHWM at the end.
// dashboard  "idle:300,open:dashboard:dashboardModel" on the findings store, warm: from the tap on the
//         Dashboard tab to the model's figures and to the first frame that shows them (issue 13).
// sync    a fresh device store enrolled with the server (as bench_sync's device A); the app runs
//         "sync" on it: the sync's duration and the longest stall while it runs and in the second
//         after; then the device must hold all the server's findings.
//
// Targets (issue): interactive ≤ 1.5 s; resident memory ≤ 200 MB at 100,000 findings; the longest
// stall ≤ 50 ms. Reported, never asserted: the exit status is 1 only when an operation fails.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "bench_server.h"
#include "bench_support.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/platform/child_process.h"
#include "fieldcheck/sync/sync_client.h"
#include "src/sync_storage.h"

using namespace fieldcheck;
using namespace fieldcheck::bench;
using json = nlohmann::json;

namespace {

constexpr const char* kAppPassphrase = "bench-app-passphrase";
// Bump when what the stores hold changes: a cached store of another version is not reused.
constexpr int kStoreVersion = 2;  // 2: device schema 9
constexpr double kMiB = 1024.0 * 1024.0;
constexpr int64_t kDaysFindings = 20;  // recorded on the synced device after its first sync

struct Options {
    int64_t findings = 100000;
    int64_t scrollRows = 50000;
    int64_t records = 100000;
    int repeats = 5;
    int scrollRepeats = 3;
    int syncRepeats = 3;
    double rate = 250;
    std::string scrollPage = "FindingsPage.qml", scrollList = "findingList", scrollStore = "findings";
    std::string findingsStore = "synced";
    bool start = true, scroll = true, dashboard = true, sync = true;
    std::string cache;
    bool quick = false;
    std::string jsonOut;
};

Options parse(int argc, char** argv) {
    Options o;
    const char* tmp = std::getenv("TMPDIR");
    o.cache = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/fieldcheck-bench-app-cache";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw BenchError(a + " needs a value");
            return argv[++i];
        };
        if (a == "--findings") o.findings = std::stoll(next());
        else if (a == "--scroll-rows") o.scrollRows = std::stoll(next());
        else if (a == "--records") o.records = std::stoll(next());
        else if (a == "--repeats") o.repeats = std::stoi(next());
        else if (a == "--scroll-repeats") o.scrollRepeats = std::stoi(next());
        else if (a == "--sync-repeats") o.syncRepeats = std::stoi(next());
        else if (a == "--rate") o.rate = std::stod(next());
        else if (a == "--scroll-list") {
            const std::string v = next();
            const size_t colon = v.find(':');
            if (colon == std::string::npos) throw BenchError("--scroll-list PAGE:LIST, e.g. units:unitList");
            o.scrollPage = v.substr(0, colon);
            o.scrollList = v.substr(colon + 1);
        } else if (a == "--scroll-store") {
            o.scrollStore = next();
            if (o.scrollStore != "units" && o.scrollStore != "findings") throw BenchError("--scroll-store units or findings");
        } else if (a == "--findings-store") {
            o.findingsStore = next();
            if (o.findingsStore != "synced" && o.findingsStore != "local") throw BenchError("--findings-store synced or local");
        } else if (a == "--only") {
            const std::string v = "," + next() + ",";
            o.start = v.find(",start,") != std::string::npos;
            o.scroll = v.find(",scroll,") != std::string::npos;
            o.dashboard = v.find(",dashboard,") != std::string::npos;
            o.sync = v.find(",sync,") != std::string::npos;
            if (!o.start && !o.scroll && !o.dashboard && !o.sync) throw BenchError("--only start,scroll,dashboard,sync (one or more)");
        } else if (a == "--cache") o.cache = next();
        else if (a == "--json") o.jsonOut = next();
        else if (a == "--quick") o.quick = true;
        else throw BenchError("unknown option " + a + " (see the comment at the top of bench/bench_app.cpp)");
    }
    if (o.quick) {
        o.findings = 2000;
        o.scrollRows = 400;
        o.records = 2000;
        o.repeats = 1;
        o.scrollRepeats = 1;
        o.syncRepeats = 1;
        o.rate = 1000;
    }
    if (o.repeats < 1 || o.scrollRepeats < 1 || o.syncRepeats < 1) throw BenchError("repeats must be at least 1");
    return o;
}

// ---------------------------------------------------------------------------------------------
// The stores

const std::vector<std::string> kCategories = {"responsibility", "eight_rules", "four_styles", "public_interest",
                                              "misconduct", "inaction", "internal", "safety"};
const std::vector<std::string> kPhrases = {
    "救灾资金发放台账与银行流水不符", "公务接待无公函、超标准列支", "检查记录事后补写，存在形式主义问题",
    "向入住老人收取未经批准的服务费", "民政服务机构普查数据漏报、迟报", "灭火器过期、夜间值班人员不足",
    "保密文件未按规定登记管理", "党支部未按期开展廉政风险排查", "消防通道堵塞，安全隐患长期未整改",
    "优抚对象资格审核把关不严", "福彩公益金项目验收资料不全", "公车私用，车辆使用登记缺失",
    "低保对象动态管理不及时", "殡葬服务收费标准未公示", "儿童福利院食品留样制度执行不到位"};
const std::vector<std::string> kPlaces = {"区社会福利院", "东城街道敬老院", "区救助管理站", "区殡仪馆", "社会救助科",
                                          "区儿童福利院", "光明社区服务中心", "区福利彩票发行中心"};
const std::vector<std::string> kUnitTypes = {"elderly_home", "department", "child_welfare", "relief_station",
                                             "funeral_service", "community_service", "elderly_home", "affiliated_unit"};

SecretBytes appPassphrase() { return SecretBytes::fromString(kAppPassphrase); }

std::unique_ptr<Store> createStore(const std::string& path) {
    StoreOptions so;
    so.actor = "bench";
    // The production cost, as the app creates stores: the unlock in the start figures is real.
    return must(Store::create(path, appPassphrase(), KdfParams::interactive(), so), "create " + path);
}

// Moves a finding along its life cycle (as bench_domain does).
void advance(Store& store, const std::string& id, int stage) {
    static const std::vector<std::vector<std::string>> paths = {
        {}, {"submitted"}, {"submitted", "verified"}, {"submitted", "verified", "case_opened"},
        {"submitted", "verified", "rectifying"}, {"submitted", "verified", "rectifying", "closed"}};
    for (const auto& to : paths[static_cast<size_t>(stage)]) must(store.updateRecord("finding", id, {{"status", to}}), "advance");
}

// A group's week on a device whose units are `units`: a dozen planned visits, a few assignments,
// the units' self-inspections (a third of them zero reports) and complaints about half of them, so
// that Today has rows in every section.
Status addGroupsWeek(Store& store, const std::string& campaign, const std::vector<std::string>& units) {
    return store.transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Record g, store.createRecord("inspection_group", {{"campaign_id", campaign}, {"code", "G1"}, {"name", "第一检查组"}}));
        for (size_t u = 0; u < units.size(); ++u) {
            FC_TRY(store.createRecord("self_inspection", {{"unit_id", units[u]}, {"period", "2026-11"}, {"zero_report", u % 3 == 0}}));
            for (int c = 0; c < 5 && u % 2 == 0; ++c) {
                FC_TRY(store.createRecord("complaint", {{"unit_id", units[u]}, {"channel", "hotline"},
                                                        {"received_date", "2026-11-1" + std::to_string(c)},
                                                        {"category", "four_styles"}, {"summary", "反映推诿扯皮"},
                                                        {"conclusion", c == 0 ? "unsubstantiated" : "pending"}}));
            }
            if (u < 12) {
                FC_TRY(store.createRecord("visit", {{"campaign_id", campaign}, {"unit_id", units[u]}, {"group_id", g.id},
                                                    {"planned_date", "2026-12-" + std::string(u < 9 ? "0" : "") + std::to_string(u + 1)}}));
            } else if (u < 20) {
                FC_TRY(store.createRecord("assignment", {{"campaign_id", campaign}, {"unit_id", units[u]}, {"group_id", g.id},
                                                         {"task", u % 2 ? "spot_check" : "clue_screening"}, {"due_date", "2026-12-20"}}));
            }
        }
        return {};
    });
}

// The campaign and the first 40 units by name of a store.
std::pair<std::string, std::vector<std::string>> campaignAndUnits(Store& store) {
    const Record campaign = must(store.listRecords("campaign", {}), "campaigns").front();
    ListQuery first;
    first.orderBy = "name";
    first.limit = 40;
    std::vector<std::string> units;
    for (const Record& u : must(store.listRecords("unit", first), "units")) units.push_back(u.id);
    return {campaign.id, units};
}

// What a device holds after it pulled `findings` findings and the group's week from the server
// (cachedServerDatabase): the store is enrolled with a server process on a copy of `serverDb` and
// synced once; then the inspector records 20 findings of the day, which wait for the next sync.
// This is how 100,000 findings reach a device: nobody records them on it.
void buildSyncedFindingsStore(const std::string& path, const std::string& serverDb, const ScratchDir& dir, int64_t findings) {
    const std::string copy = dir.file("seed-server.db");
    copyServerDatabase(serverDb, copy);
    ServerProcess server(copy, dir.file("seed-server.log"));
    StoreOptions so;
    so.actor = "bench-a";
    auto store = must(Store::create(path, appPassphrase(), KdfParams::interactive(), so), "create " + path);
    must(sync::enroll(*store, server.url(), "bench-a", SecretBytes::fromString(kBenchPassword), "bench-a"), "enroll the device");
    must(sync::syncNow(*store, {}), "the device's first sync");
    check(must(store->countRecords("finding"), "count") == findings, "the first sync did not bring every finding");
    server.stop();
    const auto [campaign, units] = campaignAndUnits(*store);
    must(store->transaction([&]() -> Status {
             for (size_t i = 0; i < static_cast<size_t>(kDaysFindings); ++i) {
                 FC_TRY(store->createRecord("finding", {{"campaign_id", campaign}, {"unit_id", units[i % units.size()]},
                                                        {"category", kCategories[i % kCategories.size()]}, {"source", "visit"},
                                                        {"description", kPhrases[i % kPhrases.size()] + "（今日检查）"}}));
             }
             return {};
         }),
         "the day's findings");
    must(store->checkpoint(), "checkpoint");
}

// 40 units and `findings` findings recorded on the device itself, as bench_domain builds them,
// plus the group's week: every finding is a change waiting for the sync (an outbox of about
// 125,000 ops). Not how findings reach a device; kept to show what such an outbox costs.
void buildLocalFindingsStore(const std::string& path, int64_t findings) {
    auto store = createStore(path);
    std::mt19937_64 rng(20260324);
    std::vector<std::string> units;
    std::string campaign;
    must(store->transaction([&]() -> Status {
             FC_ASSIGN_OR_RETURN(Record c, store->createRecord("campaign", {{"code", "ZF-2026"}, {"name", "基层正风反腐专项治理"}}));
             campaign = c.id;
             for (int u = 0; u < 40; ++u) {
                 char code[16];
                 std::snprintf(code, sizeof code, "MZ%03d", u + 1);
                 FC_ASSIGN_OR_RETURN(Record r, store->createRecord("unit", {{"code", code},
                                                                           {"name", kPlaces[static_cast<size_t>(u) % kPlaces.size()] + std::to_string(u)},
                                                                           {"unit_type", kUnitTypes[static_cast<size_t>(u) % kUnitTypes.size()]},
                                                                           {"address", "光明路" + std::to_string(u + 1) + "号"}}));
                 units.push_back(r.id);
             }
             return {};
         }),
         "units");
    const int64_t batch = 1000;
    for (int64_t done = 0; done < findings; done += batch) {
        must(store->transaction([&]() -> Status {
                 for (int64_t i = done; i < std::min(findings, done + batch); ++i) {
                     const std::string text = kPlaces[rng() % kPlaces.size()] + kPhrases[rng() % kPhrases.size()] + "，" +
                                              kPhrases[rng() % kPhrases.size()] + "（编号" + std::to_string(i) + "）";
                     FC_ASSIGN_OR_RETURN(Record f, store->createRecord("finding", {{"campaign_id", campaign},
                                                                                  {"unit_id", units[rng() % units.size()]},
                                                                                  {"category", kCategories[rng() % kCategories.size()]},
                                                                                  {"source", "visit"},
                                                                                  {"description", text}}));
                     const int stage = static_cast<int>(rng() % 6);
                     if (stage > 0 && i % 10 == 0) advance(*store, f.id, stage);
                 }
                 return {};
             }),
             "findings");
    }
    must(store->transaction([&]() -> Status {
             for (size_t u = 0; u < units.size(); ++u) {
                 FC_ASSIGN_OR_RETURN(Record plan, store->createRecord("rectification_plan", {{"unit_id", units[u]}, {"title", "整改方案"}}));
                 for (int m = 0; m < 4; ++m) {
                     FC_TRY(store->createRecord("rectification_measure",
                                                {{"plan_id", plan.id}, {"description", "建立台账并公示"}, {"owner", "王"},
                                                 {"deadline", m % 2 ? "2026-05-01" : "2026-12-31"}, {"kind", m == 3 ? "needs_support" : "immediate"}}));
                 }
             }
             return {};
         }),
         "plans");
    must(addGroupsWeek(*store, campaign, units), "the group's week");
    must(store->checkpoint(), "checkpoint");
}

// `count` units with names in many orders (the list sorts by name).
void buildUnitsStore(const std::string& path, int64_t count) {
    auto store = createStore(path);
    std::mt19937_64 rng(20261207);
    const int64_t batch = 1000;
    for (int64_t done = 0; done < count; done += batch) {
        must(store->transaction([&]() -> Status {
                 for (int64_t i = done; i < std::min(count, done + batch); ++i) {
                     char code[24];
                     std::snprintf(code, sizeof code, "DW%06lld", static_cast<long long>(i + 1));
                     const std::string name = kPlaces[rng() % kPlaces.size()] + "第" + std::to_string(rng() % 100000) + "分部";
                     FC_TRY(store->createRecord("unit", {{"code", code}, {"name", name},
                                                         {"unit_type", kUnitTypes[rng() % kUnitTypes.size()]},
                                                         {"address", "光明路" + std::to_string(rng() % 2000 + 1) + "号"}}));
                 }
                 return {};
             }),
             "units");
    }
    must(store->checkpoint(), "checkpoint");
}

// A store kept in `cacheDir/name` (built there under a temporary name and renamed when complete),
// or built now; returns the database's path.
std::string cachedStore(const std::string& cacheDir, const std::string& name, const std::function<void(const std::string&)>& build) {
    namespace fs = std::filesystem;
    const std::string dir = cacheDir + "/" + name;
    const std::string db = dir + "/fieldcheck.db";
    if (fs::exists(db)) {
        std::cerr << "using the cached " << dir << "\n";
        return db;
    }
    const std::string partial = dir + ".partial";
    ScratchDir::removeAll(partial);
    fs::create_directories(partial);
    std::cerr << "building " << name << " (kept in " << cacheDir << ")…\n";
    Stopwatch t;
    build(partial + "/fieldcheck.db");
    fs::rename(partial, dir);
    std::cerr << "  built in " << formatFixed(t.seconds(), 1) << " s\n";
    return db;
}

// Opens the store once before it is measured: it must open with the passphrase, hold what it
// should, and be migrated to this code's schema (a migration must not land in a timed start).
// Returns the changes waiting in its outbox.
int64_t verifyStore(const std::string& db, const std::string& type, int64_t expected) {
    StoreOptions so;
    so.actor = "bench";
    auto store = must(Store::open(db, appPassphrase(), so), "open " + db);
    const int64_t n = must(store->countRecords(type), "count");
    check(n == expected, db + " holds " + std::to_string(n) + " " + type + " records, not " + std::to_string(expected));
    return static_cast<int64_t>(must(store->pendingOutbox(), "outbox").size());
}

// The server database with `records` findings (bench_server.h) and the group's week, kept in the
// cache; returns its path.
std::string cachedServerDatabase(const std::string& cache, int64_t records) {
    const std::string dir = cache + "/server-" + std::to_string(records) + "-v" + std::to_string(kStoreVersion);
    if (std::filesystem::exists(dir + "/server.db")) {
        std::cerr << "using the cached " << dir << "\n";
        return dir + "/server.db";
    }
    std::cerr << "building the server database with " << records << " findings…\n";
    Stopwatch t;
    ScratchDir::removeAll(dir + ".partial");
    std::filesystem::create_directories(dir + ".partial");
    buildServerWithFindings(dir + ".partial/server.db", records);
    {
        // The office's plans for the group, which the device pulls with the findings.
        StoreOptions o;
        o.actor = "bench";
        o.serverReplica = true;
        auto store = must(Store::open(dir + ".partial/server.db", SecretBytes::fromString(kBenchPassphrase), o), "open the server store");
        const auto [campaign, units] = campaignAndUnits(*store);
        must(addGroupsWeek(*store, campaign, units), "the group's week on the server");
    }
    auto storage = must(server::SyncStorage::open(dir + ".partial/server.db", SecretBytes::fromString(kBenchPassphrase)), "open the server");
    must(storage->adoptUnsyncedRecords(), "adopt the group's week");
    std::filesystem::rename(dir + ".partial", dir);
    std::cerr << "  built in " << formatFixed(t.seconds(), 1) << " s\n";
    return dir + "/server.db";
}

// Reads every file of `dir`, so that a warm start finds it in the page cache.
void warmUp(const std::string& dir) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        char buf[1 << 16];
        while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One run of the app

// VmRSS and VmHWM of a live process, in bytes (-1 when unreadable).
struct Memory {
    int64_t rss = -1, hwm = -1;
};
Memory readMemory(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    Memory m;
    std::string key;
    while (in >> key) {
        int64_t kib = 0;
        if (key == "VmRSS:" && (in >> kib)) m.rss = kib * 1024;
        else if (key == "VmHWM:" && (in >> kib)) m.hwm = kib * 1024;
        in.ignore(1 << 20, '\n');
    }
    return m;
}

struct AppRun {
    std::map<std::string, json> events;      // the last line of each event
    std::map<std::string, double> arrivedMs;  // when it arrived, ms after fork()
    Memory atInteractive, atDone;
};

std::string tail(const std::string& path, size_t bytes) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    const std::string all = s.str();
    return all.size() > bytes ? all.substr(all.size() - bytes) : all;
}

AppRun runApp(const std::string& db, const std::string& passphrase, const std::string& script, const std::string& log, int timeoutSeconds) {
    int out[2], in[2];
    check(::pipe2(out, O_CLOEXEC) == 0 && ::pipe2(in, O_CLOEXEC) == 0, "pipe");
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    check(err >= 0, "cannot write " + log);
    // Offscreen, with Qt Quick's software renderer: the machine has no display and no GPU.
    const std::vector<std::string> env = {"QT_QPA_PLATFORM=offscreen", "QT_QUICK_BACKEND=software"};
    const auto forkedAt = std::chrono::steady_clock::now();
    auto spawned = platform::spawnChild({{FIELDCHECK_APP_BIN, "--db", db, "--benchmark", script, "--passphrase-fd", "3"},
                                         {passphrase}, env, out[1], err, in[0]});
    ::close(out[1]);
    ::close(in[0]);
    ::close(err);
    if (!spawned.ok()) {
        ::close(out[0]);
        ::close(in[1]);
    }
    const pid_t pid = must(std::move(spawned), "start fieldcheck-app");
    int stdinFd = in[1];

    AppRun run;
    std::string buffer, error;
    const auto deadline = forkedAt + std::chrono::seconds(timeoutSeconds);
    bool open = true;
    while (open) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            ::close(out[0]);
            if (stdinFd >= 0) ::close(stdinFd);
            throw BenchError("fieldcheck-app did not finish '" + script + "' within " + std::to_string(timeoutSeconds) + " s; its log: " + log);
        }
        pollfd p{out[0], POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) continue;
        char chunk[4096];
        const ssize_t n = ::read(out[0], chunk, sizeof chunk);
        if (n <= 0) {
            open = false;
            continue;
        }
        const double at = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - forkedAt).count();
        buffer.append(chunk, static_cast<size_t>(n));
        for (size_t nl; (nl = buffer.find('\n')) != std::string::npos;) {
            const std::string line = buffer.substr(0, nl);
            buffer.erase(0, nl + 1);
            json j = json::parse(line, nullptr, false);
            check(!j.is_discarded() && j.contains("event"), "fieldcheck-app printed a line that is not an event: " + line);
            const std::string event = j["event"].get<std::string>();
            if (event == "interactive") run.atInteractive = readMemory(pid);
            if (event == "done") {
                run.atDone = readMemory(pid);
                ::close(stdinFd);  // the app exits once its input ends
                stdinFd = -1;
            }
            if (event == "error") error = j.value("step", "?") + ": " + j.value("message", "?");
            run.events[event] = std::move(j);
            run.arrivedMs[event] = at;
        }
    }
    ::close(out[0]);
    if (stdinFd >= 0) ::close(stdinFd);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!error.empty()) throw BenchError("fieldcheck-app failed at " + error + "; its log (" + log + ") ends:\n" + tail(log, 2000));
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0 && run.events.count("done") == 1,
          "fieldcheck-app ended without finishing '" + script + "'; its log (" + log + ") ends:\n" + tail(log, 2000));
    return run;
}

double num(const AppRun& r, const std::string& event, const std::string& key) {
    auto it = r.events.find(event);
    check(it != r.events.end() && it->second.contains(key) && it->second[key].is_number(), "no " + event + "." + key + " from the app");
    return it->second[key].get<double>();
}

// ---------------------------------------------------------------------------------------------
// Reporting

std::string fmt(const Summary& s, int decimals, double scale = 1) {
    return formatFixed(s.median * scale, decimals) + " (" + formatFixed(s.min * scale, decimals) + "–" + formatFixed(s.max * scale, decimals) + ")";
}

json summaryJson(const std::vector<double>& v) {
    const Summary s = summarize(v);
    return {{"median", s.median}, {"min", s.min}, {"max", s.max}, {"count", s.count}};
}

// The start figures of one store and one cache state.
struct StartSeries {
    std::string store, cache;
    std::vector<double> forkToInteractive, forkToFirstFrame, mainToFirstFrame, unlock, mainToToday, mainToInteractive, rss, hwm, idleStall;
    json samples = json::array();

    void add(const AppRun& r) {
        forkToInteractive.push_back(r.arrivedMs.at("interactive"));
        forkToFirstFrame.push_back(r.arrivedMs.at("first_frame"));
        mainToFirstFrame.push_back(num(r, "interactive", "first_frame_since_main_ms"));
        unlock.push_back(num(r, "interactive", "unlock_ms"));
        mainToToday.push_back(num(r, "interactive", "today_loaded_since_main_ms"));
        mainToInteractive.push_back(num(r, "interactive", "since_main_ms"));
        rss.push_back(static_cast<double>(r.atInteractive.rss));
        hwm.push_back(static_cast<double>(r.atDone.hwm));
        idleStall.push_back(num(r, "idle", "longest_stall_ms"));
        samples.push_back({{"fork_to_interactive_ms", forkToInteractive.back()}, {"fork_to_first_frame_ms", forkToFirstFrame.back()},
                           {"app", r.events.at("interactive")}, {"idle", r.events.at("idle")},
                           {"vmrss_at_interactive_bytes", r.atInteractive.rss}, {"vmhwm_at_done_bytes", r.atDone.hwm},
                           {"vmrss_at_done_bytes", r.atDone.rss}});
    }
    json summaryJson() const {
        return {{"store", store}, {"cache", cache}, {"runs", forkToInteractive.size()},
                {"fork_to_interactive_ms", ::summaryJson(forkToInteractive)}, {"fork_to_first_frame_ms", ::summaryJson(forkToFirstFrame)},
                {"main_to_first_frame_ms", ::summaryJson(mainToFirstFrame)}, {"unlock_ms", ::summaryJson(unlock)},
                {"main_to_today_loaded_ms", ::summaryJson(mainToToday)}, {"main_to_interactive_ms", ::summaryJson(mainToInteractive)},
                {"vmrss_at_interactive_bytes", ::summaryJson(rss)}, {"vmhwm_at_done_bytes", ::summaryJson(hwm)},
                {"idle_longest_stall_ms", ::summaryJson(idleStall)}, {"samples", samples}};
    }
};

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options opt = parse(argc, argv);
        ScratchDir dir;
        const std::string cache = opt.quick ? dir.makeSubdir("cache") : opt.cache;
        std::filesystem::create_directories(cache);
        const std::string log = dir.file("app.log");
        const MachineInfo machine = describeMachine(dir.path());
        const std::string loadAtStart = loadAverageNow();
        json result = {{"findings", opt.findings}, {"repeats", opt.repeats}, {"quick", opt.quick},
                       {"renderer", "QT_QPA_PLATFORM=offscreen, QT_QUICK_BACKEND=software"},
                       {"machine", {{"cpu", machine.cpu}, {"cores", machine.cores}, {"kernel", machine.kernel}, {"file_system", machine.fileSystem},
                                    {"sqlcipher", machine.sqlcipherVersion}, {"load_average_start", loadAtStart}}}};
        std::ostringstream text;
        text << "bench_app: fieldcheck-app --benchmark, offscreen with Qt Quick's software renderer\n"
             << "machine: " << machine.cpu << ", " << machine.cores << " cores, " << machine.kernel << ", " << machine.fileSystem
             << ", SQLCipher " << machine.sqlcipherVersion << "; load " << loadAtStart << " at the start\n";

        // ---- start and memory
        std::string findingsDb;
        if (opt.start || opt.dashboard || opt.scrollStore == "findings") {
            const std::string name = "findings-" + opt.findingsStore + "-" + std::to_string(opt.findings) + "-v" + std::to_string(kStoreVersion);
            if (opt.findingsStore == "synced") {
                const std::string serverDb = cachedServerDatabase(cache, opt.findings);
                findingsDb = cachedStore(cache, name, [&](const std::string& db) { buildSyncedFindingsStore(db, serverDb, dir, opt.findings); });
            } else {
                findingsDb = cachedStore(cache, name, [&](const std::string& db) { buildLocalFindingsStore(db, opt.findings); });
            }
            const int64_t waiting = verifyStore(findingsDb, "finding", opt.findings + (opt.findingsStore == "synced" ? kDaysFindings : 0));
            const int64_t bytes = diskBytes(std::filesystem::path(findingsDb).parent_path().string());
            result["findings_store"] = {{"kind", opt.findingsStore}, {"bytes", bytes}, {"outbox_ops", waiting}};
            text << "findings store: " << withThousands(opt.findings) << " findings, " << opt.findingsStore
                 << (opt.findingsStore == "synced" ? " (pulled from the server)" : " (recorded on the device)") << ", "
                 << formatFixed(static_cast<double>(bytes) / kMiB, 1) << " MiB on disk, " << withThousands(waiting)
                 << " changes waiting in the outbox; Argon2id opslimit 2, memlimit 64 MiB (KdfParams::interactive())\n";
        }
        if (opt.start) {
            const std::string emptyDir = dir.makeSubdir("empty");
            createStore(emptyDir + "/fieldcheck.db");
            const std::string emptyDb = emptyDir + "/fieldcheck.db";
            std::vector<StartSeries> series(4);  // findings cold, findings warm, empty cold, empty warm
            for (size_t i = 0; i < series.size(); ++i) {
                series[i].store = i < 2 ? "findings" : "empty";
                series[i].cache = i % 2 == 0 ? "cold" : "warm";
            }
            std::cerr << "start: " << opt.repeats << " round(s) of 4 starts…\n";
            for (int r = 0; r < opt.repeats; ++r) {
                for (int k = 0; k < 2; ++k) {
                    const bool findings = (r + k) % 2 == 0;  // which store goes first rotates
                    const std::string db = findings ? findingsDb : emptyDb;
                    const std::string storeDir = std::filesystem::path(db).parent_path().string();
                    evictFromPageCache(storeDir);
                    series[findings ? 0 : 2].add(runApp(db, kAppPassphrase, "idle:1000", log, 300));
                    warmUp(storeDir);
                    series[findings ? 1 : 3].add(runApp(db, kAppPassphrase, "idle:1000", log, 300));
                }
            }
            json starts = json::array();
            text << "\nCold start to the first interactive frame, unlock included: " << opt.repeats
                 << " run(s) each, median (min–max); 'cold' = the store's files dropped from the page cache\n"
                 << "| store | cache | fork→interactive ms | main→unlock page frame ms | unlock ms | main→Today loaded ms | "
                    "main→interactive ms | VmRSS at interactive MiB | VmHWM MiB | idle stall ms |\n"
                 << "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
            for (const auto& s : series) {
                const std::string storeName = s.store == "findings" ? withThousands(opt.findings) + " findings" : "empty";
                text << "| " << storeName << " | " << s.cache << " | " << fmt(summarize(s.forkToInteractive), 0) << " | "
                     << fmt(summarize(s.mainToFirstFrame), 0) << " | " << fmt(summarize(s.unlock), 0) << " | " << fmt(summarize(s.mainToToday), 0)
                     << " | " << fmt(summarize(s.mainToInteractive), 0) << " | " << fmt(summarize(s.rss), 1, 1 / kMiB) << " | "
                     << fmt(summarize(s.hwm), 1, 1 / kMiB) << " | " << fmt(summarize(s.idleStall), 1) << " |\n";
                starts.push_back(s.summaryJson());
            }
            result["start"] = starts;
            const double rssRatio = median(series[0].rss) / median(series[2].rss);
            text << "targets: fork→interactive ≤ 1500 ms; VmRSS ≤ 200 MB (190.7 MiB) at " << withThousands(opt.findings)
                 << " findings. VmRSS " << withThousands(opt.findings) << " findings / empty: " << formatFixed(rssRatio, 2) << "\n";
            result["vmrss_findings_over_empty"] = rssRatio;
        }

        // ---- scroll
        if (opt.scroll) {
            std::string db = findingsDb;
            if (opt.scrollStore == "units") {
                db = cachedStore(cache, "units-" + std::to_string(opt.scrollRows) + "-v" + std::to_string(kStoreVersion),
                                 [&](const std::string& path) { buildUnitsStore(path, opt.scrollRows); });
                verifyStore(db, "unit", opt.scrollRows);
            }
            const std::string script = "scroll:" + opt.scrollPage + ":" + opt.scrollList + ":" + std::to_string(opt.scrollRows) + ":" +
                                       formatFixed(opt.rate, 0);
            std::cerr << "scroll: " << opt.scrollRepeats << " run(s) of " << script << "…\n";
            const int timeout = static_cast<int>(static_cast<double>(opt.scrollRows) / opt.rate * 3) + 600;
            std::vector<double> stall, stallAt, timerGap, frameMax, frameP99, over50, rowsScrolled, modelRows, delegates, rate, waiting, hwm;
            json samples = json::array();
            for (int r = 0; r < opt.scrollRepeats; ++r) {
                warmUp(std::filesystem::path(db).parent_path().string());
                const AppRun run = runApp(db, kAppPassphrase, script, log, timeout);
                const json& s = run.events.at("scroll");
                stall.push_back(s["longest_stall_ms"].get<double>());
                stallAt.push_back(s["longest_stall_at"].get<double>());
                timerGap.push_back(s["timer_gap_max_ms"].get<double>());
                frameMax.push_back(s["frame_interval_max_ms"].get<double>());
                frameP99.push_back(s["frame_interval_p99_ms"].get<double>());
                over50.push_back(s["frame_intervals_over_50ms"].get<double>());
                rowsScrolled.push_back(s["rows_scrolled"].get<double>());
                modelRows.push_back(s["model_rows"].get<double>());
                delegates.push_back(s["delegate_items"].get<double>());
                rate.push_back(s["rows_per_second"].get<double>());
                waiting.push_back(s["waiting_for_rows_ms"].get<double>());
                hwm.push_back(static_cast<double>(run.atDone.hwm));
                samples.push_back({{"scroll", s}, {"vmhwm_at_done_bytes", run.atDone.hwm}, {"vmrss_at_done_bytes", run.atDone.rss}});
                check(s["rows_scrolled"].get<int64_t>() >= std::min<int64_t>(opt.scrollRows, s["model_rows"].get<int64_t>()),
                      "the scroll ended before the rows asked for");
            }
            result["scroll"] = {{"script", script}, {"store", opt.scrollStore}, {"rows", opt.scrollRows}, {"samples", samples},
                                {"longest_stall_ms", summaryJson(stall)}, {"longest_stall_at_rows", summaryJson(stallAt)},
                                {"frame_interval_p99_ms", summaryJson(frameP99)},
                                {"model_rows", summaryJson(modelRows)}, {"rows_per_second", summaryJson(rate)},
                                {"waiting_for_rows_ms", summaryJson(waiting)}, {"vmhwm_at_done_bytes", summaryJson(hwm)}};
            text << "\nScrolling " << opt.scrollPage << ":" << opt.scrollList << " over " << withThousands(opt.scrollRows) << " rows ("
                 << opt.scrollStore << " store) at " << formatFixed(opt.rate, 0) << " rows/s asked, " << opt.scrollRepeats
                 << " run(s), median (min–max)\n"
                 << "| rows scrolled | rows the model holds | delegate items | rows/s | waiting for rows ms | longest stall ms | "
                    "rows held at it | timer gap max ms | frame interval p99 ms | frame interval max ms | frames > 50 ms | VmHWM MiB |\n"
                 << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                 << "| " << fmt(summarize(rowsScrolled), 0) << " | " << fmt(summarize(modelRows), 0) << " | " << fmt(summarize(delegates), 0) << " | "
                 << fmt(summarize(rate), 0) << " | " << fmt(summarize(waiting), 0) << " | " << fmt(summarize(stall), 1) << " | "
                 << fmt(summarize(stallAt), 0) << " | " << fmt(summarize(timerGap), 1) << " | " << fmt(summarize(frameP99), 1) << " | "
                 << fmt(summarize(frameMax), 1) << " | "
                 << fmt(summarize(over50), 0) << " | " << fmt(summarize(hwm), 1, 1 / kMiB) << " |\n"
                 << "target: longest stall ≤ 50 ms\n";
        }

        // ---- dashboard: the tab tapped on the findings store (its user is a discipline inspector)
        if (opt.dashboard) {
            std::cerr << "dashboard: " << opt.repeats << " run(s)…\n";
            std::vector<double> ready, frame, stall;
            json samples = json::array();
            warmUp(std::filesystem::path(findingsDb).parent_path().string());
            for (int r = 0; r < opt.repeats; ++r) {
                const AppRun run = runApp(findingsDb, kAppPassphrase, "idle:300,open:dashboard:dashboardModel", log, 300);
                const json& o = run.events.at("open");
                ready.push_back(o["ready_ms"].get<double>());
                frame.push_back(o["first_frame_ms"].get<double>());
                stall.push_back(o["longest_stall_ms"].get<double>());
                samples.push_back(o);
            }
            result["dashboard"] = {{"samples", samples}, {"ready_ms", summaryJson(ready)}, {"first_frame_ms", summaryJson(frame)},
                                   {"longest_stall_ms", summaryJson(stall)}};
            text << "\nThe Dashboard tab tapped on the findings store (" << withThousands(opt.findings) << " findings), warm, "
                 << opt.repeats << " run(s), median (min–max)\n"
                 << "| tap→figures ready ms | tap→first frame with figures ms | longest stall ms |\n"
                 << "| ---: | ---: | ---: |\n"
                 << "| " << fmt(summarize(ready), 1) << " | " << fmt(summarize(frame), 1) << " | " << fmt(summarize(stall), 1) << " |\n"
                 << "target: first frame with figures ≤ 100 ms\n";
        }

        // ---- sync
        if (opt.sync) {
            const std::string serverDb = dir.file("server.db");
            copyServerDatabase(cachedServerDatabase(cache, opt.records), serverDb);
            ServerProcess server(serverDb, dir.file("server.log"));
            std::vector<double> syncMs, stall, stallAt, timerGap, frameP99, over50, after, hwm;
            json samples = json::array();
            std::cerr << "sync: " << opt.syncRepeats << " run(s)…\n";
            for (int r = 0; r < opt.syncRepeats; ++r) {
                const std::string device = dir.makeSubdir("device-" + std::to_string(r)) + "/fieldcheck.db";
                newDevice(device, server.url(), "bench-a").reset();  // enrolled, then closed for the app
                const AppRun run = runApp(device, kBenchPassphrase, "sync", log, 3600);
                {
                    StoreOptions so;
                    auto store = must(Store::open(device, SecretBytes::fromString(kBenchPassphrase), so), "open the device");
                    const int64_t n = must(store->countRecords("finding"), "count");
                    check(n == opt.records, "after the app's sync the device holds " + std::to_string(n) + " findings, not " + std::to_string(opt.records));
                }
                const json& s = run.events.at("sync");
                syncMs.push_back(s["sync_ms"].get<double>());
                stall.push_back(s["longest_stall_ms"].get<double>());
                stallAt.push_back(s["longest_stall_at"].get<double>());
                timerGap.push_back(s["timer_gap_max_ms"].get<double>());
                frameP99.push_back(s["frame_interval_p99_ms"].get<double>());
                over50.push_back(s["frame_intervals_over_50ms"].get<double>());
                after.push_back(s["after"]["longest_stall_ms"].get<double>());
                hwm.push_back(static_cast<double>(run.atDone.hwm));
                samples.push_back({{"sync", s}, {"vmhwm_at_done_bytes", run.atDone.hwm}});
            }
            server.stop();
            result["sync"] = {{"records", opt.records}, {"samples", samples}, {"sync_ms", summaryJson(syncMs)},
                              {"longest_stall_ms", summaryJson(stall)}, {"longest_stall_at_records", summaryJson(stallAt)},
                              {"after_longest_stall_ms", summaryJson(after)},
                              {"vmhwm_at_done_bytes", summaryJson(hwm)}};
            text << "\nA sync of " << withThousands(opt.records) << " records into a fresh enrolled device, the app on the Sync page, "
                 << opt.syncRepeats << " run(s), median (min–max)\n"
                 << "| sync s | longest stall ms | records received at it | timer gap max ms | frame interval p99 ms | frames > 50 ms | "
                    "longest stall in the second after ms | VmHWM MiB |\n"
                 << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                 << "| " << fmt(summarize(syncMs), 2, 0.001) << " | " << fmt(summarize(stall), 1) << " | " << fmt(summarize(stallAt), 0) << " | "
                 << fmt(summarize(timerGap), 1) << " | "
                 << fmt(summarize(frameP99), 1) << " | " << fmt(summarize(over50), 0) << " | " << fmt(summarize(after), 1) << " | "
                 << fmt(summarize(hwm), 1, 1 / kMiB) << " |\n"
                 << "target: longest stall ≤ 50 ms\n";
        }

        result["machine"]["load_average_end"] = loadAverageNow();
        text << "\nload " << loadAverageNow() << " at the end\n";
        std::cout << text.str();
        if (!opt.jsonOut.empty()) std::ofstream(opt.jsonOut) << result.dump(2) << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_app: " << e.what() << "\n";
        return 1;
    }
}
