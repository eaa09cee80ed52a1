#include "bench_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "bench_support.h"
#include "fieldcheck/platform/child_process.h"
#include "fieldcheck/sync/sync_client.h"
#include "src/password.h"
#include "src/sync_storage.h"

namespace fieldcheck::bench {

using json = nlohmann::json;

namespace {

// Runs a program to its end with stdout into `out` (a file); throws unless it exits 0.
void runToEnd(const std::vector<std::string>& argv, const std::string& out, const std::string& what) {
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    check(fd >= 0, what + ": cannot write " + out);
    const pid_t pid = must(platform::spawnChild({argv, {}, {}, fd, -1}), what);
    ::close(fd);
    int status = 0;
    ::waitpid(pid, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, what + " failed");
}

std::string readAll(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

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

}  // namespace

void createServerDatabase(const std::string& db, const std::vector<std::string>& users) {
    must(server::SyncStorage::create(db, SecretBytes::fromString(kBenchPassphrase), KdfParams::minimumForTests(), false, SecretBytes()),
         "create the server database");
    auto storage = must(server::SyncStorage::open(db, SecretBytes::fromString(kBenchPassphrase)), "open the server database");
    auto hash = must(server::hashPassword(SecretBytes::fromString(kBenchPassword)), "hash the password");
    for (const auto& user : users) {
        must(storage->createUser({user, user, "discipline_inspector", "", "", false}, hash), "create user " + user);
    }
}

void copyServerDatabase(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    const fs::path source(from);
    const std::string base = source.filename().string();
    for (const auto& e : fs::directory_iterator(source.parent_path())) {
        const std::string name = e.path().filename().string();
        if (name.rfind(base, 0) == 0) fs::copy(e.path(), to + name.substr(base.size()), fs::copy_options::recursive);
    }
}

void buildServerWithFindings(const std::string& db, int64_t records, std::ostream* ndjson) {
    createServerDatabase(db, {"bench-a", "bench-b"});
    std::mt19937_64 rng(20261127);
    {
        StoreOptions o;
        o.actor = "bench";
        o.serverReplica = true;  // as the server opens it: no outbox, no search index
        auto store = must(Store::open(db, SecretBytes::fromString(kBenchPassphrase), o), "open server store");
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
                if (ndjson != nullptr) *ndjson << json{{"type", "finding"}, {"id", r.id}, {"fields", fields}}.dump() << "\n";
            }
            return {};
        }), "bulk load");
    }
    auto storage = must(server::SyncStorage::open(db, SecretBytes::fromString(kBenchPassphrase)), "open server");
    must(storage->adoptUnsyncedRecords(), "adopt records");
}

TlsFiles makeTlsFiles(const std::string& dir) {
    const std::string script = R"(set -e
cd "$1"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 \
  -subj "/CN=FieldCheck bench office CA" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > san.cnf
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.cnf 2>/dev/null
)";
    runToEnd({"/bin/bash", "-c", script, "make-tls", dir}, dir + "/openssl.out", "making a CA and a server certificate with openssl");
    runToEnd({FIELDCHECK_SERVER_BIN, "pin", dir + "/server.pem"}, dir + "/pin.txt", "fieldcheck-server pin");
    TlsFiles tls;
    tls.certificate = dir + "/server.pem";
    tls.key = dir + "/server.key";
    tls.trust.caPem = readAll(dir + "/ca.pem");
    std::string pin = readAll(dir + "/pin.txt");
    pin = pin.substr(0, pin.find('\n'));
    check(!pin.empty(), "fieldcheck-server pin printed nothing");
    tls.trust.pinnedPublicKeys = {pin};
    return tls;
}

ServerProcess::ServerProcess(const std::string& db, const std::string& log, const TlsFiles* tls) {
    int out[2];
    check(::pipe(out) == 0, "pipe");
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    check(err >= 0, "cannot write the server's log " + log);
    std::vector<std::string> env;
    if (tls != nullptr) env = {"FIELDCHECK_SERVER_TLS_CERT=" + tls->certificate, "FIELDCHECK_SERVER_TLS_KEY=" + tls->key};
    auto pid = platform::spawnChild({{FIELDCHECK_SERVER_BIN, "serve", "--db", db, "--port", "0", "--passphrase-fd", "3"},
                                     {kBenchPassphrase}, env, out[1], err});
    ::close(out[1]);
    ::close(err);
    if (!pid.ok()) ::close(out[0]);
    m_pid = must(std::move(pid), "start the server");
    auto port = platform::readListeningPort(out[0], std::chrono::seconds(30));
    if (!port.ok()) {
        stop();
        throw BenchError("fieldcheck-server did not start: " + port.error().message + "; its log:\n" + readAll(log));
    }
    m_port = port.value();
    m_url = std::string(tls != nullptr ? "https" : "http") + "://127.0.0.1:" + std::to_string(m_port);
}

ServerProcess::~ServerProcess() { stop(); }

void ServerProcess::stop() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

std::unique_ptr<Store> newDevice(const std::string& path, const std::string& url, const std::string& user, const sync::HttpOptions& trust) {
    StoreOptions o;
    o.actor = user;
    auto store = must(Store::create(path, SecretBytes::fromString(kBenchPassphrase), KdfParams::minimumForTests(), o), "create a device store");
    must(sync::enroll(*store, url, user, SecretBytes::fromString(kBenchPassword), user, trust), "enroll " + user);
    return store;
}

}  // namespace fieldcheck::bench
