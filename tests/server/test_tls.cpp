// TLS outside loopback: the server terminating TLS itself, and behind nginx (packaging/nginx/), with
// certificates from a CA the test makes. A device enrolled from the office's enrolment file trusts
// the office CA and pins the server's public key (and a backup): a pinned certificate works,
// another certificate for the same name from the same CA is refused before any request is sent,
// rotating to the backup key keeps sync working, and plain http:// goes nowhere but loopback.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <thread>

#include "fieldcheck/platform/child_process.h"
#include "harness.h"

using namespace fieldcheck;
using namespace fieldcheck::test;
using json = nlohmann::json;

namespace {

// A CA, and three server keys with certificates for 127.0.0.1 signed by it: `a` in use, `b` the
// backup kept for a rotation, `rogue` the same name from the same CA but a key nobody pinned.
struct Certificates {
    TempDir dir;
    Certificates() {
        const std::string script = R"(set -e
cd ")" + dir.path() + R"("
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 \
  -subj "/CN=FieldCheck test office CA" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > san.cnf
for name in a b rogue; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $name.key -out $name.csr -subj "/CN=127.0.0.1" 2>/dev/null
  openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $name.pem -days 2 -extfile san.cnf 2>/dev/null
done
)";
        auto made = runProgram({"/bin/bash", "-c", script});
        INFO(made.out << made.err);
        REQUIRE(made.exitCode == 0);
    }
    std::string file(const std::string& name) const { return dir.file(name); }
    std::vector<std::string> tlsEnv(const std::string& name) const {
        return {"FIELDCHECK_SERVER_TLS_CERT=" + file(name + ".pem"), "FIELDCHECK_SERVER_TLS_KEY=" + file(name + ".key")};
    }
};

std::string pinOf(const std::string& certificate) {
    auto r = runProgram({FIELDCHECK_SERVER_BIN, "pin", certificate});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.out.substr(0, r.out.find('\n'));
}

// The office's enrolment file for `url`, pinning a (in use) and b (backup).
sync::HttpOptions enrolmentFor(const Certificates& certs, const std::string& url) {
    auto made = runProgram({FIELDCHECK_SERVER_BIN, "enrolment-file", "--url", url, "--ca", certs.file("ca.pem"), "--pins",
                            pinOf(certs.file("a.pem")) + "," + pinOf(certs.file("b.pem"))});
    INFO(made.err);
    REQUIRE(made.exitCode == 0);
    const std::string path = certs.file("enrolment.json");
    std::ofstream(path) << made.out;
    auto file = sync::readEnrolmentFile(path);
    REQUIRE(file.ok());
    CHECK(file->serverUrl == url);
    CHECK(file->pins.size() == 2);
    sync::HttpOptions http;
    http.caPem = file->caPem;
    http.pinnedPublicKeys = file->pins;
    return http;
}

// Request lines the server logged since its last start.
size_t requestsSinceStart(const ServerProcess& server) {
    const std::string log = server.logText();
    const size_t start = log.rfind("\"event\":\"serving\"");
    size_t n = 0;
    for (size_t at = log.find("\"event\":\"request\"", start); at != std::string::npos; at = log.find("\"event\":\"request\"", at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the server terminates TLS: a pinned key works, another key for the same name is refused before any request, the backup key takes over",
          "[sync][tls]") {
    Certificates certs;
    ServerProcess server;
    server.start(certs.tlsEnv("a"));
    const std::string url = "https://127.0.0.1:" + std::to_string(server.port());
    Device device(url, "g1m2", nullptr, enrolmentFor(certs, url));
    syncOk(device);
    CHECK(device.dump() == server.dumpFor("g1m2"));
    auto record = device.store().createRecord("finding", {{"unit_id", anyRecord(device.store(), "unit").id}, {"category", "misconduct"},
                                                          {"description", "经由TLS上报"}, {"source", "visit"}});
    REQUIRE(record.ok());

    // The same name, the same CA, a key that is not pinned: the handshake fails, nothing is sent.
    server.stop();
    server.start(certs.tlsEnv("rogue"));
    auto refused = device.sync();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Unauthorized);
    CHECK_THAT(refused.error().message, Catch::Contains("pins"));
    CHECK(requestsSinceStart(server) == 0);
    CHECK(replication::unansweredOps(device.store(), -1)->size() == 1);  // the finding waits, whole

    // The office rotates to its backup key: devices enrolled with both pins go on.
    server.stop();
    server.start(certs.tlsEnv("b"));
    syncOk(device);
    CHECK(replication::unansweredOps(device.store(), -1)->empty());
    CHECK(device.dump() == server.dumpFor("g1m2"));
    CHECK(requestsSinceStart(server) > 0);
}

TEST_CASE("plain http goes nowhere but loopback, and https needs pins", "[sync][tls]") {
    TempDir dir;
    auto store = createTestStore(dir.file("d.db"));
    auto plain = sync::enroll(*store, "http://192.0.2.10:8470", "g1m2", passphrase(kDemoPassword), "d");
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(plain.error().message, Catch::Contains("127.0.0.1"));
    auto unpinned = sync::enroll(*store, "https://192.0.2.10:8470", "g1m2", passphrase(kDemoPassword), "d");
    REQUIRE_FALSE(unpinned.ok());
    CHECK_THAT(unpinned.error().message, Catch::Contains("pins"));
    CHECK(sync::plainHttpAllowedFor("http://127.0.0.1:1"));
    CHECK(sync::plainHttpAllowedFor("http://[::1]:1/x"));
    CHECK(sync::plainHttpAllowedFor("https://example.org"));
    CHECK_FALSE(sync::plainHttpAllowedFor("http://127.0.0.1.example.org:1"));
    CHECK_FALSE(sync::plainHttpAllowedFor("http://10.0.0.1"));
    // The server will not serve plain HTTP beyond loopback either.
    auto serve = runProgram({FIELDCHECK_SERVER_BIN, "serve", "--db", dir.file("none.db"), "--port", "0"}, {});
    CHECK(serve.exitCode != 0);
    ::setenv("FIELDCHECK_SERVER_LISTEN", "0.0.0.0", 1);
    auto open = runProgram({FIELDCHECK_SERVER_BIN, "serve", "--db", dir.file("none.db"), "--passphrase-fd", "3"}, {"x"});
    ::unsetenv("FIELDCHECK_SERVER_LISTEN");
    CHECK(open.exitCode != 0);
    CHECK_THAT(open.err, Catch::Contains("not loopback") && Catch::Contains("--tls-cert"));
}

TEST_CASE("behind nginx (packaging/nginx): devices sync through TLS with the key pinned, and /metrics stays private", "[sync][tls][nginx]") {
    Certificates certs;
    ServerProcess server;
    server.start();
    // The packaged server block, filled in, inside a minimal nginx.conf of the test's own.
    std::ifstream in(std::string(FIELDCHECK_SOURCE_DIR) + "/packaging/nginx/fieldcheck-server.conf");
    REQUIRE(in);
    const std::string block((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    TempDir run;
    pid_t nginx = -1;
    int port = 0;
    for (int attempt = 0; attempt < 5 && nginx < 0; ++attempt) {
        // A free loopback port: bound and released; nginx failing to bind it (taken meanwhile) is retried.
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        socklen_t len = sizeof addr;
        REQUIRE(::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
        port = ntohs(addr.sin_port);
        ::close(s);
        std::string filled = block;
        for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
                 {"@LISTEN@", "127.0.0.1:" + std::to_string(port)}, {"@CERT@", certs.file("a.pem")}, {"@KEY@", certs.file("a.key")},
                 {"@UPSTREAM@", "127.0.0.1:" + std::to_string(server.port())}}) {
            filled = std::regex_replace(filled, std::regex(key), value);
        }
        const std::string d = run.path();
        std::ofstream(run.file("nginx.conf")) << "daemon off;\nworker_processes 1;\npid " << d << "/nginx.pid;\nerror_log " << d
                                              << "/error.log;\nevents { worker_connections 64; }\nhttp {\n  access_log " << d
                                              << "/access.log;\n  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d
                                              << "/proxy;\n  fastcgi_temp_path " << d << "/fastcgi;\n  uwsgi_temp_path " << d
                                              << "/uwsgi;\n  scgi_temp_path " << d << "/scgi;\n"
                                              << filled << "}\n";
        auto pid = platform::spawnChild({{"/usr/sbin/nginx", "-p", d, "-c", run.file("nginx.conf")}, {}, {}, -1, -1});
        REQUIRE(pid.ok());
        // Up when it answers; gone when it could not bind.
        for (int i = 0; i < 100; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            int status = 0;
            if (::waitpid(pid.value(), &status, WNOHANG) == pid.value()) break;
            const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
            addr.sin_port = htons(static_cast<uint16_t>(port));
            const bool up = ::connect(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
            ::close(probe);
            if (up) {
                nginx = pid.value();
                break;
            }
        }
    }
    REQUIRE(nginx > 0);
    struct Stop {
        pid_t pid;
        ~Stop() {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
        }
    } stop{nginx};

    const std::string url = "https://127.0.0.1:" + std::to_string(port);
    Device device(url, "g1m2", nullptr, enrolmentFor(certs, url));
    syncOk(device);
    CHECK(device.dump() == server.dumpFor("g1m2"));
    // A photo through the proxy, in chunks.
    std::vector<uint8_t> bytes(300 * 1024, 7);
    auto finding = device.store().createRecord("finding", {{"unit_id", anyRecord(device.store(), "unit").id}, {"category", "misconduct"},
                                                           {"description", "经由nginx上报"}, {"source", "visit"}});
    REQUIRE(finding.ok());
    REQUIRE(device.store().attach("finding", finding->id, bytes, "image/jpeg", "nginx.jpg").ok());
    auto options = Device::fastOptions();
    options.blobChunkBytes = 64 * 1024;
    auto r = device.sync(options);
    REQUIRE(r.ok());
    CHECK(r->attachmentsUploaded == 1);
    // The metrics are refused at the proxy (the server would see loopback and answer).
    sync::HttpOptions http = enrolmentFor(certs, url);
    http.baseUrl = url;
    sync::HttpClient client(http);
    auto metrics = client.send({"GET", "/metrics", "", {}, false});
    REQUIRE(metrics.ok());
    CHECK(metrics->status == 403);
    auto health = client.send({"GET", "/v1/health", "", {}, false});
    REQUIRE(health.ok());
    CHECK(health->status == 200);
}
