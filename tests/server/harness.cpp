#include "harness.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "fieldcheck/sync/receipts.h"
#include "fieldcheck/platform/child_process.h"

namespace fieldcheck::test {

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

ProcessResult runProgram(const std::vector<std::string>& argv, const std::vector<std::string>& secrets) {
    TempDir dir;
    const std::string outPath = dir.file("out"), errPath = dir.file("err");
    const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    auto pid = platform::spawnChild({argv, secrets, {}, out, err});
    ::close(out);
    ::close(err);
    REQUIRE(pid.ok());
    int status = 0;
    ::waitpid(pid.value(), &status, 0);
    ProcessResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = readAll(outPath);
    r.err = readAll(errPath);
    return r;
}

// ---- ServerProcess ---------------------------------------------------------------------------

bool testingOnPostgres() {
    const char* backend = std::getenv("FIELDCHECK_TEST_BACKEND");
    return backend != nullptr && std::string(backend) == "postgres";
}

ServerProcess::ServerProcess(bool demo) : m_db(m_dir.file("server.db")) {
    if (testingOnPostgres()) {
        auto cluster = PgCluster::start();
        INFO((cluster.ok() ? std::string() : cluster.error().toString()));
        REQUIRE(cluster.ok());
        m_pg = std::move(cluster).value();
        auto name = m_pg->createDatabase("server");
        INFO((name.ok() ? std::string() : name.error().toString()));
        REQUIRE(name.ok());
        m_pgDatabase = name.value();
        m_db = "postgresql://postgres@127.0.0.1:" + std::to_string(m_pg->port()) + "/" + m_pgDatabase;
    }
    init(demo);
}

void ServerProcess::init(bool demo) {
    std::vector<std::string> argv = {FIELDCHECK_SERVER_BIN, "init", "--db", m_db, "--kdf-test", "--passphrase-fd", "3"};
    std::vector<std::string> secrets = {kServerPassphrase};
    if (demo) {
        argv.insert(argv.end(), {"--demo", "--demo-password-fd", "4"});
        secrets.push_back(kDemoPassword);
    }
    auto r = runProgram(argv, secrets);
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
}

ServerProcess::ServerProcess(const OnDatabase& database) : m_db(database.uri) { init(true); }

ServerProcess::ServerProcess(SameDatabase, const ServerProcess& first) : m_db(first.m_db) {}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) stop();
    m_pg.reset();  // after the server: it holds connections
}

void ServerProcess::start(const std::vector<std::string>& extraEnv) {
    REQUIRE(m_pid <= 0);
    int out[2];
    REQUIRE(::pipe(out) == 0);
    ::fcntl(out[0], F_SETFD, FD_CLOEXEC);
    const int err = ::open(m_dir.file("server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    auto pid = platform::spawnChild({{FIELDCHECK_SERVER_BIN, "serve", "--db", m_db, "--port", std::to_string(m_port), "--passphrase-fd", "3"},
                                     {kServerPassphrase}, extraEnv, out[1], err});
    ::close(out[1]);
    ::close(err);
    REQUIRE(pid.ok());
    m_pid = pid.value();
    auto port = platform::readListeningPort(out[0], std::chrono::seconds(30));
    INFO((port.ok() ? std::string() : port.error().message) << "\n" << readAll(m_dir.file("server.log")));
    REQUIRE(port.ok());
    m_port = port.value();
}

void ServerProcess::stop() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

void ServerProcess::kill9() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

std::string ServerProcess::dataDirectory() const {
    return m_pg ? m_pg->dataDir() : std::filesystem::path(m_db).parent_path().string();
}

std::string ServerProcess::rawSql(const std::string& embedded, const std::string& postgres) const {
    const bool query = (m_pg ? postgres : embedded).rfind("SELECT", 0) == 0;
    if (m_pg) {
        auto out = m_pg->psql(postgres, m_pgDatabase);
        INFO((out.ok() ? std::string() : out.error().toString()));
        REQUIRE(out.ok());
        std::string text = out.value();
        while (!text.empty() && text.back() == '\n') text.pop_back();
        return query ? text : std::string();
    }
    auto raw = openRawKeyed(m_db, kServerPassphrase);
    if (query) {
        auto text = raw.queryText(embedded);
        INFO((text.ok() ? std::string() : text.error().toString()));
        REQUIRE(text.ok());
        return text.value();
    }
    Status st = raw.exec(embedded);
    INFO((st.ok() ? std::string() : st.error().toString()));
    REQUIRE(st.ok());
    return {};
}

std::string ServerProcess::logText() const { return readAll(m_dir.file("server.log")); }

ProcessResult ServerProcess::admin(const std::vector<std::string>& args, const std::string& password) const {
    std::vector<std::string> argv = {FIELDCHECK_SERVER_BIN, "admin"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--db", m_db, "--passphrase-fd", "3"});
    std::vector<std::string> secrets = {kServerPassphrase};
    if (!password.empty()) {
        argv.insert(argv.end(), {"--password-fd", "4"});
        secrets.push_back(password);
    }
    return runProgram(argv, secrets);
}

std::string ServerProcess::dumpFor(const std::string& user) const {
    auto r = admin({"dump", "--as", user});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

void checkSettled(const ServerProcess& server, std::vector<std::unique_ptr<Device>>& devices, const std::vector<std::string>& users,
                  const std::vector<std::vector<std::string>>& made) {
    for (int pass = 0; pass < 2; ++pass) {
        for (auto& d : devices) syncOk(*d);
    }
    for (size_t i = 0; i < devices.size(); ++i) {
        INFO(users[i]);
        CHECK(devices[i]->dump() == server.dumpFor(users[i]));
        for (const auto& id : made[i]) CHECK(devices[i]->store().getRecord("finding", id).ok());
        auto receipts = sync::verifyReceipts(devices[i]->store());
        REQUIRE(receipts.ok());
        INFO(receipts->toJson().dump());
        CHECK(receipts->ok());
        CHECK(receipts->records >= static_cast<int64_t>(made[i].size()));
    }
    auto verified = server.admin({"verify"});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
}

// ---- Device ----------------------------------------------------------------------------------

Device::Device(const std::string& serverUrl, const std::string& user, const Clock* clock, const sync::HttpOptions& http)
    : m_path(m_dir.file("device.db")), m_clock(clock) {
    m_store = createTestStore(m_path, clock);
    m_store->setActor(user);
    auto e = sync::enroll(*m_store, serverUrl, user, passphrase(kDemoPassword), "test-" + user, http);
    INFO((e.ok() ? std::string() : e.error().toString()));
    REQUIRE(e.ok());
}

sync::SyncOptions Device::fastOptions() {
    sync::SyncOptions o;
    o.http.retry.maxAttempts = 4;
    o.http.retry.initialBackoffMs = 5;
    o.http.retry.maxBackoffMs = 50;
    o.http.requestTimeoutMs = 20000;
    o.http.connectTimeoutMs = 2000;
    return o;
}

Result<sync::SyncReport> Device::sync(const sync::SyncOptions& options) { return sync::syncNow(*m_store, options); }

std::string Device::dump() {
    auto docs = replication::localDocs(*m_store);
    REQUIRE(docs.ok());
    return replication::canonicalDump(std::move(docs).value());
}

void Device::reopen() {
    m_store.reset();
    m_store = openTestStore(m_path, m_clock);
}

void syncOk(Device& d, const sync::SyncOptions& options) {
    auto r = d.sync(options);
    INFO((r.ok() ? r->toJson().dump() : r.error().toString()));
    REQUIRE(r.ok());
    REQUIRE(r->rejected == 0);
    REQUIRE(r->parked == 0);
}

LiaisonAndOffice::LiaisonAndOffice()
    : liaison((server.start(), server.url()), "liaison3"), office(server.url(), "jijian1") {
    syncOk(liaison);
    syncOk(office);
}

Record anyRecord(Store& store, const std::string& type, bool includeWithdrawn, const std::map<std::string, std::string>& where) {
    ListQuery q;
    q.includeWithdrawn = includeWithdrawn;
    q.equals = where;
    auto list = store.listRecords(type, q);
    REQUIRE(list.ok());
    REQUIRE(!list->empty());
    return list->front();
}

Record newFinding(Device& d, const std::string& description) {
    auto r = d.store().createRecord("finding", {{"unit_id", anyRecord(d.store(), "unit").id}, {"category", "misconduct"},
                                                {"description", description}, {"source", "visit"}});
    INFO((r.ok() ? std::string() : r.error().toString()));
    REQUIRE(r.ok());
    return r.value();
}

// ---- raw HTTP --------------------------------------------------------------------------------

RawResponse rawPost(int port, const std::string& path, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    httplib::Headers h;
    for (const auto& [k, v] : headers) h.emplace(k, v);
    auto res = c.Post(path.c_str(), h, body, "application/json");
    if (!res) return {0, "", {}};
    RawResponse out{res->status, res->body, {}};
    for (const auto& [k, v] : res->headers) out.headers[k] = v;
    return out;
}

RawResponse rawGet(int port, const std::string& path, const std::vector<std::pair<std::string, std::string>>& headers) {
    httplib::Client c("127.0.0.1", port);
    httplib::Headers h;
    for (const auto& [k, v] : headers) h.emplace(k, v);
    auto res = c.Get(path.c_str(), h);
    if (!res) return {0, "", {}};
    RawResponse out{res->status, res->body, {}};
    for (const auto& [k, v] : res->headers) out.headers[k] = v;
    return out;
}

std::pair<std::string, std::string> rawEnroll(int port, const std::string& user, const std::string& storeDeviceId) {
    nlohmann::json body = {{"user", user}, {"password", kDemoPassword}, {"store_device_id", storeDeviceId}, {"device_name", "raw"}};
    auto r = rawPost(port, "/v1/enroll", body.dump(), {{"FieldCheck-Protocol", "2"}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto j = nlohmann::json::parse(r.body);
    return {j["device_id"].get<std::string>(), j["token"].get<std::string>()};
}

}  // namespace fieldcheck::test
