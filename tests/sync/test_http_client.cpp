// The libcurl transport against a real cpp-httplib server on 127.0.0.1 (never another interface):
// compression both ways, retries and their waits, timeouts, cancellation and progress.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "fieldcheck/sync/http_client.h"

using namespace fieldcheck;
using namespace fieldcheck::sync;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kMiB = 1024 * 1024;

// An httplib server on an ephemeral loopback port, serving from its own thread until destroyed.
// Register handlers on server() before start().
class TestServer {
public:
    TestServer() { m_server.set_keep_alive_timeout(1); }
    ~TestServer() {
        m_stopping = true;
        m_server.stop();
        if (m_thread.joinable()) m_thread.join();
    }
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    httplib::Server& server() { return m_server; }

    void start() {
        m_port = m_server.bind_to_any_port("127.0.0.1");
        REQUIRE(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // stop() is a no-op until the accept loop runs: do not let a test end before it does.
        while (!m_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    // For slow handlers: sleeps up to `ms`, but returns as soon as the server is shutting down,
    // since stop() waits for every handler to finish.
    void nap(int64_t ms) const {
        const auto until = Clock::now() + std::chrono::milliseconds(ms);
        while (!m_stopping && Clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

private:
    httplib::Server m_server;
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};
    int m_port = 0;
};

// Fast, reproducible retries whose waits are recorded rather than slept.
HttpOptions testOptions(const std::string& baseUrl, std::vector<int64_t>* sleeps = nullptr) {
    HttpOptions o;
    o.baseUrl = baseUrl;
    o.connectTimeoutMs = 2000;
    o.requestTimeoutMs = 10000;
    o.retry.initialBackoffMs = 10;
    o.retry.maxBackoffMs = 100;
    o.retry.jitterSeed = 42;
    if (sleeps) o.sleeper = [sleeps](int64_t ms) { sleeps->push_back(ms); };
    return o;
}

HttpRequest get(const std::string& path) {
    return HttpRequest{"GET", path, {}, {}, true};
}

HttpRequest post(const std::string& path, std::string body, bool compress = true) {
    return HttpRequest{
        "POST", path, std::move(body), {{"Authorization", "Bearer t0ken"}}, compress};
}

// A JSON document of roughly `bytes` bytes that compresses well, as sync payloads do.
std::string jsonPayload(size_t bytes) {
    std::string s = "{\"records\":[";
    for (int i = 0; s.size() < bytes; ++i) {
        s += "{\"id\":\"r" + std::to_string(i) + "\",\"note\":\"养老机构巡检记录\"},";
    }
    s.back() = ']';
    return s + "}";
}

// Bytes that do not compress, so wire counts equal payload sizes.
std::string noisePayload(size_t bytes) {
    std::string s(bytes, '\0');
    uint32_t x = 2463534242u;
    for (char& c : s) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x & 0xff);
    }
    return s;
}

std::string gzip(const std::string& data) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&zs, data.size()), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// A loopback port nobody listens on: connecting to it is refused at once.
int refusedPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

int64_t msSince(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

}  // namespace

TEST_CASE("a gzip request body reaches the server intact, headers included", "[sync][http]") {
    std::mutex mutex;
    std::string gotBody, gotEncoding, gotType, gotLength, gotAuth;
    TestServer srv;
    // httplib inflates a request sent with Content-Encoding: gzip before the handler sees it (it
    // is built with CPPHTTPLIB_ZLIB_SUPPORT); Content-Length still gives the size on the wire.
    srv.server().Post("/v1/push", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mutex);
        gotBody = req.body;
        gotEncoding = req.get_header_value("Content-Encoding");
        gotType = req.get_header_value("Content-Type");
        gotLength = req.get_header_value("Content-Length");
        gotAuth = req.get_header_value("Authorization");
        res.set_content("{\"accepted\":true}", "application/json");
    });
    srv.start();
    HttpClient client(testOptions(srv.baseUrl()));
    const std::string payload = jsonPayload(200 * 1024);

    SECTION("compressed") {
        auto r = client.send(post("/v1/push", payload));
        REQUIRE(r.ok());
        std::lock_guard lock(mutex);
        CHECK(r->status == 200);
        CHECK(r->attempts == 1);
        CHECK(r->body == "{\"accepted\":true}");
        CHECK(gotBody == payload);
        CHECK(gotEncoding == "gzip");
        CHECK(gotType == "application/json");
        CHECK(gotAuth == "Bearer t0ken");
        CHECK(r->bytesSent == std::stoll(gotLength));
        CHECK(r->bytesSent < static_cast<int64_t>(payload.size() / 5));
    }
    SECTION("uncompressed when asked") {
        auto r = client.send(post("/v1/push", payload, false));
        REQUIRE(r.ok());
        std::lock_guard lock(mutex);
        CHECK(gotBody == payload);
        CHECK(gotEncoding.empty());
        CHECK(r->bytesSent == static_cast<int64_t>(payload.size()));
    }
}

TEST_CASE("a compressed response arrives decoded", "[sync][http]") {
    const std::string payload = jsonPayload(200 * 1024);
    const std::string gz = gzip(payload);
    TestServer srv;
    // octet-stream: httplib compresses only text-like types itself, so this body goes out exactly
    // as gzipped here.
    srv.server().Get("/v1/pull", [&](const httplib::Request&, httplib::Response& res) {
        res.set_header("Content-Encoding", "gzip");
        res.set_content(gz, "application/octet-stream");
    });
    // httplib compresses JSON itself, with whatever the client offered that it prefers.
    srv.server().Get("/v1/json", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(payload, "application/json");
    });
    srv.start();
    HttpClient client(testOptions(srv.baseUrl()));

    auto r = client.send(get("/v1/pull"));
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->headers.at("content-encoding") == "gzip");
    CHECK(r->body == payload);
    CHECK(r->bytesReceived == static_cast<int64_t>(gz.size()));

    auto j = client.send(get("/v1/json"));
    REQUIRE(j.ok());
    CHECK(j->body == payload);
    CHECK(j->headers.count("content-encoding") == 1);
    CHECK(j->bytesReceived < static_cast<int64_t>(payload.size() / 5));
}

TEST_CASE("429 and 5xx are retried, waiting as Retry-After asks", "[sync][http]") {
    std::atomic<int> hits{0};
    std::atomic<int> failFirst{1};
    std::atomic<int> failStatus{503};
    std::string retryAfter = "2";
    TestServer srv;
    srv.server().Get("/v1/pull", [&](const httplib::Request&, httplib::Response& res) {
        if (++hits <= failFirst) {
            res.status = failStatus;
            if (!retryAfter.empty()) res.set_header("Retry-After", retryAfter);
            res.set_content("busy", "text/plain");
            return;
        }
        res.set_content("done", "text/plain");
    });
    srv.start();
    std::vector<int64_t> sleeps;
    HttpOptions options = testOptions(srv.baseUrl(), &sleeps);
    options.retry.maxBackoffMs = 5000;

    SECTION("503 then success, waiting as the server asked") {
        auto r = HttpClient(options).send(get("/v1/pull"));
        REQUIRE(r.ok());
        CHECK(r->status == 200);
        CHECK(r->body == "done");
        CHECK(r->attempts == 2);
        CHECK(sleeps == std::vector<int64_t>{2000});
    }
    SECTION("Retry-After is capped at maxBackoffMs") {
        options.retry.maxBackoffMs = 500;
        auto r = HttpClient(options).send(get("/v1/pull"));
        REQUIRE(r.ok());
        CHECK(r->attempts == 2);
        CHECK(sleeps == std::vector<int64_t>{500});
    }
    SECTION("429 without Retry-After waits a jittered backoff") {
        failStatus = 429;
        retryAfter.clear();
        auto r = HttpClient(options).send(get("/v1/pull"));
        REQUIRE(r.ok());
        CHECK(r->attempts == 2);
        REQUIRE(sleeps.size() == 1);
        CHECK(sleeps[0] >= 0);
        CHECK(sleeps[0] <= options.retry.initialBackoffMs);
    }
    SECTION("when attempts run out the last response is returned") {
        failFirst = 100;
        failStatus = 500;
        retryAfter.clear();
        options.retry.maxAttempts = 3;
        auto r = HttpClient(options).send(get("/v1/pull"));
        REQUIRE(r.ok());
        CHECK(r->status == 500);
        CHECK(r->body == "busy");
        CHECK(r->attempts == 3);
        CHECK(hits == 3);
        CHECK(sleeps.size() == 2);
    }
}

TEST_CASE("other 4xx are returned at once, never retried", "[sync][http]") {
    std::atomic<int> hits{0};
    TestServer srv;
    srv.server().Post("/v1/push", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.status = 400;
        res.set_header("X-Request-Id", "req-17");
        res.set_content("{\"error\":\"schema\"}", "application/json");
    });
    srv.server().Get("/v1/pull", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        res.status = 401;
    });
    srv.start();
    std::vector<int64_t> sleeps;
    HttpClient client(testOptions(srv.baseUrl(), &sleeps));

    auto r = client.send(post("/v1/push", "{}"));
    REQUIRE(r.ok());
    CHECK(r->status == 400);
    CHECK(r->attempts == 1);
    CHECK(r->body == "{\"error\":\"schema\"}");
    CHECK(r->headers.at("x-request-id") == "req-17");  // names lower-cased

    auto u = client.send(get("/v1/pull"));
    REQUIRE(u.ok());
    CHECK(u->status == 401);
    CHECK(u->attempts == 1);

    CHECK(hits == 2);
    CHECK(sleeps.empty());
}

TEST_CASE("a truncated response is retried", "[sync][http]") {
    const std::string payload = noisePayload(64 * 1024);
    std::atomic<int> hits{0};
    TestServer srv;
    srv.server().Get("/v1/pull", [&](const httplib::Request&, httplib::Response& res) {
        if (++hits == 1) {
            // Announce the whole body, send a tenth, then drop the connection.
            res.set_content_provider(payload.size(), "application/octet-stream",
                                     [&](size_t, size_t, httplib::DataSink& sink) {
                                         sink.write(payload.data(), payload.size() / 10);
                                         return false;
                                     });
            return;
        }
        res.set_content(payload, "application/octet-stream");
    });
    srv.start();
    std::vector<int64_t> sleeps;
    HttpClient client(testOptions(srv.baseUrl(), &sleeps));

    auto r = client.send(get("/v1/pull"));
    REQUIRE(r.ok());
    CHECK(r->attempts == 2);
    CHECK(r->body == payload);
    CHECK(sleeps.size() == 1);
    // Both attempts' bytes count: the cut one cost data too.
    CHECK(r->bytesReceived >= static_cast<int64_t>(payload.size() + payload.size() / 10));
}

TEST_CASE("connection refused: IoError after maxAttempts, with bounded jittered waits",
          "[sync][http]") {
    const std::string base = "http://127.0.0.1:" + std::to_string(refusedPort());
    auto run = [&](uint64_t seed, int64_t maxBackoffMs) {
        std::vector<int64_t> sleeps;
        HttpOptions o = testOptions(base, &sleeps);
        o.retry.maxAttempts = 5;
        o.retry.initialBackoffMs = 100;
        o.retry.maxBackoffMs = maxBackoffMs;
        o.retry.jitterSeed = seed;
        auto r = HttpClient(o).send(get("/v1/pull?cursor=opaque-secret"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::IoError);
        CHECK_FALSE(isCancelled(r.error()));
        CHECK(r.error().message == "GET /v1/pull: Couldn't connect to server (after 5 attempts)");
        return sleeps;
    };

    SECTION("each wait stays within min(max, initial * 2^n)") {
        const std::vector<int64_t> caps{100, 200, 300, 300};
        for (uint64_t seed = 1; seed <= 20; ++seed) {
            const auto sleeps = run(seed, 300);
            REQUIRE(sleeps.size() == 4);
            for (size_t i = 0; i < sleeps.size(); ++i) {
                CHECK(sleeps[i] >= 0);
                CHECK(sleeps[i] <= caps[i]);
            }
        }
    }
    SECTION("the waits grow: their mean doubles with each retry") {
        std::vector<double> mean(4, 0.0);
        constexpr int kSeeds = 40;
        for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
            const auto sleeps = run(seed, 10000);
            REQUIRE(sleeps.size() == 4);
            for (size_t i = 0; i < 4; ++i) mean[i] += static_cast<double>(sleeps[i]) / kSeeds;
        }
        // Expected 50, 100, 200, 400 ms (half of each bound).
        for (size_t i = 1; i < 4; ++i) CHECK(mean[i] > mean[i - 1] * 1.3);
        CHECK(mean[3] < 800);
    }
    SECTION("the same seed gives the same waits") {
        CHECK(run(7, 10000) == run(7, 10000));
        CHECK(run(7, 10000) != run(8, 10000));
    }
}

TEST_CASE("a response slower than requestTimeoutMs times out", "[sync][http]") {
    std::atomic<int> hits{0};
    TestServer srv;
    srv.server().Get("/v1/pull", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        srv.nap(5000);
        res.set_content("late", "text/plain");
    });
    srv.start();
    std::vector<int64_t> sleeps;
    HttpOptions o = testOptions(srv.baseUrl(), &sleeps);
    o.requestTimeoutMs = 300;
    o.retry.maxAttempts = 2;
    HttpClient client(o);

    const auto start = Clock::now();
    auto r = client.send(get("/v1/pull"));
    const int64_t elapsed = msSince(start);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::IoError);
    CHECK(r.error().message == "GET /v1/pull: Timeout was reached (after 2 attempts)");
    CHECK(hits == 2);
    CHECK(sleeps.size() == 1);
    CHECK(elapsed >= 2 * 300 - 50);  // curl's timer may fire a millisecond or so early
    CHECK(elapsed < 3000);
}

TEST_CASE("cancellation stops a transfer or a wait within a second", "[sync][http]") {
    std::atomic<int> hits{0};
    TestServer srv;
    srv.server().Get("/v1/pull", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        srv.nap(20000);
        res.set_content("late", "text/plain");
    });
    srv.start();

    SECTION("during a slow response") {
        HttpClient client(testOptions(srv.baseUrl()));
        CancelToken token;
        std::optional<Result<HttpResponse>> result;
        Clock::time_point returned;
        std::thread sender([&] {
            result.emplace(client.send(get("/v1/pull"), {}, &token));
            returned = Clock::now();
        });
        // Cancel once the server is inside the handler, i.e. the response is being waited for.
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (hits == 0 && Clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const auto cancelledAt = Clock::now();
        token.cancel();
        sender.join();
        REQUIRE(result.has_value());
        REQUIRE_FALSE(result->ok());
        CHECK(isCancelled(result->error()));
        CHECK(result->error().message == "cancelled: GET /v1/pull");
        CHECK(
            std::chrono::duration_cast<std::chrono::milliseconds>(returned - cancelledAt).count() <
            1000);
        CHECK(hits == 1);
    }
    SECTION("during the wait between attempts") {
        HttpOptions o;  // no sleeper: the real, interruptible wait
        o.baseUrl = "http://127.0.0.1:" + std::to_string(refusedPort());
        o.retry.maxAttempts = 1000;
        o.retry.initialBackoffMs = 60000;
        o.retry.maxBackoffMs = 60000;
        o.retry.jitterSeed = 3;
        HttpClient client(o);
        CancelToken token;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            token.cancel();
        });
        const auto start = Clock::now();
        auto r = client.send(get("/v1/pull"), {}, &token);
        const int64_t elapsed = msSince(start);
        canceller.join();
        REQUIRE_FALSE(r.ok());
        CHECK(isCancelled(r.error()));
        CHECK(elapsed < 1300);
    }
    SECTION("before the request starts") {
        HttpClient client(testOptions(srv.baseUrl()));
        CancelToken token;
        token.cancel();
        auto r = client.send(get("/v1/pull"), {}, &token);
        REQUIRE_FALSE(r.ok());
        CHECK(isCancelled(r.error()));
        CHECK(hits == 0);
    }
}

TEST_CASE("progress reports climb to 1 MiB both ways", "[sync][http]") {
    const std::string payload = noisePayload(kMiB);
    std::atomic<size_t> uploaded{0};
    TestServer srv;
    srv.server().Post("/v1/attachments", [&](const httplib::Request& req, httplib::Response& res) {
        uploaded = req.body.size();
        res.set_content("{}", "application/json");
    });
    srv.server().Get("/v1/attachments/a1", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(payload, "application/octet-stream");
    });
    srv.start();
    HttpClient client(testOptions(srv.baseUrl()));
    std::vector<TransferProgress> reports;
    ProgressFn record = [&reports](const TransferProgress& p) { reports.push_back(p); };
    auto nonDecreasing = [&reports] {
        for (size_t i = 1; i < reports.size(); ++i) {
            const auto &a = reports[i - 1], &b = reports[i];
            if (b.bytesSent < a.bytesSent || b.bytesReceived < a.bytesReceived ||
                b.bytesToSend < a.bytesToSend || b.bytesToReceive < a.bytesToReceive) {
                return false;
            }
        }
        return true;
    };

    SECTION("upload") {
        auto r = client.send(post("/v1/attachments", payload, false), record);
        REQUIRE(r.ok());
        CHECK(uploaded == kMiB);
        REQUIRE_FALSE(reports.empty());
        CHECK(nonDecreasing());
        CHECK(reports.back().bytesSent == static_cast<int64_t>(kMiB));
        CHECK(reports.back().bytesToSend == static_cast<int64_t>(kMiB));
        // Seen on the way, not only at the end (curl sends at most 64 KiB per step).
        CHECK(std::any_of(reports.begin(), reports.end(), [](const TransferProgress& p) {
            return p.bytesSent > 0 && p.bytesSent < static_cast<int64_t>(kMiB);
        }));
    }
    SECTION("download") {
        auto r = client.send(get("/v1/attachments/a1"), record);
        REQUIRE(r.ok());
        CHECK(r->body == payload);
        REQUIRE_FALSE(reports.empty());
        CHECK(nonDecreasing());
        CHECK(reports.back().bytesReceived == static_cast<int64_t>(kMiB));
        CHECK(reports.back().bytesToReceive == static_cast<int64_t>(kMiB));
    }
}

TEST_CASE("one connection serves consecutive requests", "[sync][http]") {
    std::mutex mutex;
    std::vector<int> ports;
    TestServer srv;
    srv.server().Get("/v1/pull", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mutex);
        ports.push_back(req.remote_port);
        res.set_content("{}", "application/json");
    });
    srv.start();
    HttpClient client(testOptions(srv.baseUrl()));
    for (int i = 0; i < 3; ++i) REQUIRE(client.send(get("/v1/pull")).ok());
    std::lock_guard lock(mutex);
    REQUIRE(ports.size() == 3);
    CHECK(ports[1] == ports[0]);
    CHECK(ports[2] == ports[0]);
}

TEST_CASE("malformed requests are refused before anything is sent", "[sync][http]") {
    HttpClient client(testOptions("http://127.0.0.1:" + std::to_string(refusedPort())));
    auto method = client.send(HttpRequest{"PUT", "/v1/push", "{}", {}, true});
    REQUIRE_FALSE(method.ok());
    CHECK(method.error().code == ErrorCode::InvalidArgument);

    auto path = client.send(get("v1/pull"));
    REQUIRE_FALSE(path.ok());
    CHECK(path.error().code == ErrorCode::InvalidArgument);

    HttpRequest smuggle = post("/v1/push", "{}");
    smuggle.headers.emplace_back("X-Device", "d1\r\nX-Role: admin");
    auto header = client.send(smuggle);
    REQUIRE_FALSE(header.ok());
    CHECK(header.error().code == ErrorCode::InvalidArgument);
    CHECK(header.error().message.find("admin") == std::string::npos);  // values are never echoed
}
