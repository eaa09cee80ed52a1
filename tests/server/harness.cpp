#include "harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli_runner.h"

namespace fieldcheck::test {

namespace {

// A pipe whose read end carries `line` (and then EOF): how secrets reach a child, never argv.
int secretPipe(const std::string& line) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const std::string text = line + "\n";
    REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fds[1]);
    return fds[0];
}

[[noreturn]] void execChild(const std::vector<std::string>& argv, const std::vector<int>& secretFds, int outFd, int errFd) {
    // Move the secret pipes out of the way first, then onto 3, 4, ...
    std::vector<int> high;
    for (int fd : secretFds) high.push_back(::fcntl(fd, F_DUPFD, 100));
    for (size_t i = 0; i < high.size(); ++i) ::dup2(high[i], 3 + static_cast<int>(i));
    if (outFd >= 0) ::dup2(outFd, 1);
    if (errFd >= 0) ::dup2(errFd, 2);
    for (int fd = 3 + static_cast<int>(high.size()); fd < 1024; ++fd) ::close(fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    _exit(127);
}

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
    std::vector<int> fds;
    for (const auto& s : secrets) fds.push_back(secretPipe(s));
    const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) execChild(argv, fds, out, err);
    for (int fd : fds) ::close(fd);
    ::close(out);
    ::close(err);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ProcessResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = readAll(outPath);
    r.err = readAll(errPath);
    return r;
}

// ---- ServerProcess ---------------------------------------------------------------------------

ServerProcess::ServerProcess(bool demo) : m_db(m_dir.file("server.db")) {
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

ServerProcess::~ServerProcess() {
    if (m_pid > 0) stop();
}

void ServerProcess::start(const std::vector<std::string>& extraEnv) {
    REQUIRE(m_pid <= 0);
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const int pass = secretPipe(kServerPassphrase);
    const int err = ::open(m_dir.file("server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(out[0]);
        for (const auto& kv : extraEnv) ::putenv(const_cast<char*>(kv.c_str()));
        execChild({FIELDCHECK_SERVER_BIN, "serve", "--db", m_db, "--port", std::to_string(m_port), "--passphrase-fd", "3"}, {pass}, out[1],
                  err);
    }
    ::close(out[1]);
    ::close(pass);
    ::close(err);
    m_pid = pid;
    // Wait for "listening on 127.0.0.1:PORT".
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd p{out[0], POLLIN, 0};
        if (::poll(&p, 1, 200) > 0) {
            char buf[256];
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            line.append(buf, static_cast<size_t>(n));
        }
    }
    ::close(out[0]);
    const std::string prefix = "listening on 127.0.0.1:";
    const size_t at = line.find(prefix);
    INFO("server said: " << line << "\nlog:\n" << logText());
    REQUIRE(at != std::string::npos);
    m_port = std::atoi(line.c_str() + at + prefix.size());
    REQUIRE(m_port > 0);
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

// ---- Device ----------------------------------------------------------------------------------

Device::Device(const std::string& serverUrl, const std::string& user, const Clock* clock) : m_path(m_dir.file("device.db")), m_clock(clock) {
    m_store = createTestStore(m_path, clock);
    m_store->setActor(user);
    auto e = sync::enroll(*m_store, serverUrl, user, passphrase(kDemoPassword), "test-" + user);
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

Record anyRecord(Store& store, const std::string& type, bool includeWithdrawn, const std::map<std::string, std::string>& where) {
    ListQuery q;
    q.includeWithdrawn = includeWithdrawn;
    q.equals = where;
    auto list = store.listRecords(type, q);
    REQUIRE(list.ok());
    REQUIRE(!list->empty());
    return list->front();
}

// ---- raw HTTP --------------------------------------------------------------------------------

RawResponse rawPost(int port, const std::string& path, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    httplib::Headers h;
    for (const auto& [k, v] : headers) h.emplace(k, v);
    auto res = c.Post(path.c_str(), h, body, "application/json");
    if (!res) return {0, ""};
    return {res->status, res->body};
}

RawResponse rawGet(int port, const std::string& path, const std::vector<std::pair<std::string, std::string>>& headers) {
    httplib::Client c("127.0.0.1", port);
    httplib::Headers h;
    for (const auto& [k, v] : headers) h.emplace(k, v);
    auto res = c.Get(path.c_str(), h);
    if (!res) return {0, ""};
    return {res->status, res->body};
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
