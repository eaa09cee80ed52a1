// The fault proxy between an httplib client and an httplib server, all on 127.0.0.1: each fault
// kind does exactly what it says, a seed replays, and with faults off bytes go through intact.
#include <httplib.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fault_proxy.h"

using namespace fieldcheck::testing;

namespace {

struct Seen {
    std::string method;
    std::string path;
    std::string body;
    std::string connection;
};

// The test server. GET /big answers 4 KiB, POST /echo echoes the body, GET /slow takes a second,
// everything else answers "n=<requests so far>".
class Upstream {
public:
    static constexpr size_t kBigSize = 4096;

    Upstream() {
        auto handler = [this](const httplib::Request& req, httplib::Response& res) {
            size_t n = 0;
            {
                std::lock_guard lock(m_mutex);
                m_seen.push_back(
                    {req.method, req.path, req.body, req.get_header_value("Connection")});
                n = m_seen.size();
            }
            if (req.path == "/slow") std::this_thread::sleep_for(std::chrono::seconds(1));
            if (req.path == "/big") {
                res.set_content(std::string(kBigSize, 'x'), "text/plain");
            } else if (req.path == "/echo") {
                res.set_content(req.body, "application/octet-stream");
            } else {
                res.set_content("n=" + std::to_string(n), "text/plain");
            }
        };
        m_server.Get(".*", handler);
        m_server.Post(".*", handler);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        REQUIRE(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // stop() before the accept loop runs would be lost, so wait for it.
        while (!m_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~Upstream() {
        m_server.stop();
        m_thread.join();
    }
    Upstream(const Upstream&) = delete;
    Upstream& operator=(const Upstream&) = delete;

    uint16_t port() const { return static_cast<uint16_t>(m_port); }
    size_t count() const {
        std::lock_guard lock(m_mutex);
        return m_seen.size();
    }
    std::vector<Seen> seen() const {
        std::lock_guard lock(m_mutex);
        return m_seen;
    }

private:
    httplib::Server m_server;
    int m_port = -1;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::vector<Seen> m_seen;
};

std::unique_ptr<FaultProxy> startProxy(FaultConfig cfg, uint16_t upstreamPort) {
    cfg.upstreamPort = upstreamPort;
    auto proxy = std::make_unique<FaultProxy>(cfg);
    std::string error;
    const bool started = proxy->start(&error);
    INFO(error);
    REQUIRE(started);
    REQUIRE(proxy->port() != 0);
    return proxy;
}

// One fault kind for every request.
FaultConfig only(double FaultConfig::*fault) {
    FaultConfig cfg;
    cfg.*fault = 1.0;
    return cfg;
}

// The log once the proxy has finished with every request: a client can have its answer a
// moment before the proxy has written down what it sent.
std::vector<FaultEvent> settled(const FaultProxy& proxy) {
    REQUIRE(proxy.waitUntilIdle(std::chrono::seconds(20)));
    return proxy.events();
}

void configure(httplib::Client& client) {
    client.set_connection_timeout(5);
    client.set_read_timeout(15);
    client.set_write_timeout(15);
}

std::string randomBytes(size_t size, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string out(size, '\0');
    for (char& c : out) c = static_cast<char>(rng() & 0xff);
    // Make sure the body holds what could confuse a careless parser.
    out.replace(size / 2, 4, "\r\n\r\n");
    return out;
}

}  // namespace

TEST_CASE("without faults the proxy forwards, forcing Connection: close both ways",
          "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(FaultConfig{}, upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);
    client.set_keep_alive(true);  // the proxy must turn this into close anyway

    auto res = client.Get("/hello");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "n=1");
    CHECK(res->get_header_value("Connection") == "close");
    REQUIRE(upstream.count() == 1);
    CHECK(upstream.seen()[0].path == "/hello");
    CHECK(upstream.seen()[0].connection == "close");

    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);
    CHECK(events[0].index == 0);
    CHECK(events[0].method == "GET");
    CHECK(events[0].path == "/hello");
    CHECK(events[0].fault == Fault::None);
    CHECK(events[0].status == 200);
    CHECK(events[0].upstreamSends == 1);
    CHECK(events[0].bytesRelayed == events[0].responseBytes);
    CHECK(events[0].done);
}

TEST_CASE("dropBeforeForward: the client gets nothing and upstream never sees the request",
          "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::dropBeforeForward), upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);

    auto res = client.Post("/records", "payload", "text/plain");
    CHECK_FALSE(res);
    CHECK(upstream.count() == 0);
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);  // and the client did not retry behind our back
    CHECK(events[0].fault == Fault::DropBeforeForward);
    CHECK(events[0].upstreamSends == 0);
    CHECK(events[0].bytesRelayed == 0);
}

TEST_CASE("dropAfterResponse: upstream processed the request, the client got an error",
          "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::dropAfterResponse), upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);

    auto res = client.Post("/records", "payload", "text/plain");
    CHECK_FALSE(res);
    REQUIRE(upstream.count() == 1);
    CHECK(upstream.seen()[0].body == "payload");
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);
    CHECK(events[0].fault == Fault::DropAfterResponse);
    CHECK(events[0].responseBytes > 0);
    CHECK(events[0].bytesRelayed == 0);
}

TEST_CASE("truncateResponse: the client sees an error or a short body, never the whole response",
          "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::truncateResponse), upstream.port());
    constexpr int kRequests = 20;  // different prefixes: inside the head, inside the body, ...
    for (int i = 0; i < kRequests; ++i) {
        httplib::Client client("127.0.0.1", proxy->port());
        configure(client);
        auto res = client.Get("/big");
        CAPTURE(i);
        CHECK((!res || res->body.size() < Upstream::kBigSize));
    }
    CHECK(upstream.count() == kRequests);
    const auto events = settled(*proxy);
    REQUIRE(events.size() == kRequests);
    for (const FaultEvent& ev : events) {
        CAPTURE(ev.index, ev.bytesRelayed, ev.responseBytes);
        CHECK(ev.fault == Fault::TruncateResponse);
        CHECK(ev.responseBytes > Upstream::kBigSize);
        CHECK(ev.bytesRelayed < ev.responseBytes);
    }
}

TEST_CASE("duplicateRequest: upstream gets it twice, the client gets the second answer",
          "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::duplicateRequest), upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);

    auto res = client.Post("/records", "payload", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "n=2");
    const auto seen = upstream.seen();
    REQUIRE(seen.size() == 2);
    for (const Seen& s : seen) {
        CHECK(s.path == "/records");
        CHECK(s.body == "payload");
    }
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);
    CHECK(events[0].fault == Fault::DuplicateRequest);
    CHECK(events[0].upstreamSends == 2);
}

TEST_CASE("replayLater: a request is sent again after the next one, its answer discarded",
          "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::replayLater), upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);

    auto first = client.Post("/first", "one", "text/plain");
    REQUIRE(first);
    CHECK(first->body == "n=1");
    CHECK(upstream.count() == 1);  // not replayed yet: only after the next request
    auto second = client.Post("/second", "two", "text/plain");
    REQUIRE(second);
    CHECK(second->body == "n=2");  // the client gets its own answer, not the replay's

    const auto seen = upstream.seen();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].path == "/first");
    CHECK(seen[1].path == "/second");
    CHECK(seen[2].path == "/first");
    CHECK(seen[2].body == "one");

    const auto events = settled(*proxy);
    REQUIRE(events.size() == 2);
    CHECK(events[0].fault == Fault::ReplayLater);
    CHECK(events[0].replaysSent.empty());
    CHECK(events[1].replaysSent == std::vector<uint64_t>{0});
    // The second request's own replay waits for a third that never comes.
    CHECK_THAT(proxy->summary(), Catch::Contains("replays sent 1, pending 1"));
}

TEST_CASE("delay: the request is held 1..maxDelayMs before forwarding", "[faultproxy]") {
    Upstream upstream;
    FaultConfig cfg;
    cfg.delay = 1.0;
    cfg.maxDelayMs = 150;
    auto proxy = startProxy(cfg, upstream.port());
    for (int i = 0; i < 3; ++i) {
        httplib::Client client("127.0.0.1", proxy->port());
        configure(client);
        const auto begin = std::chrono::steady_clock::now();
        auto res = client.Get("/hello");
        const auto elapsed = std::chrono::steady_clock::now() - begin;
        REQUIRE(res);
        CHECK(res->status == 200);
        const FaultEvent ev = settled(*proxy).at(static_cast<size_t>(i));
        CHECK(ev.fault == Fault::None);
        CHECK(ev.delayMs >= 1);
        CHECK(ev.delayMs <= 150);
        CHECK(elapsed >= std::chrono::milliseconds(ev.delayMs));
    }
    CHECK(upstream.count() == 3);
}

TEST_CASE("serverError: 503 with Retry-After: 0, upstream never reached", "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::serverError), upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);

    auto res = client.Post("/records", "payload", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(res->get_header_value("Retry-After") == "0");
    CHECK_FALSE(res->body.empty());
    CHECK(upstream.count() == 0);
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);
    CHECK(events[0].fault == Fault::ServerError);
    CHECK(events[0].status == 503);
}

TEST_CASE("badGateway: upstream processed the request, the client got a 502", "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::badGateway), upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);

    auto res = client.Post("/records", "payload", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 502);
    CHECK(res->body.find("n=1") == std::string::npos);
    CHECK(upstream.count() == 1);
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);
    CHECK(events[0].fault == Fault::BadGateway);
    CHECK(events[0].status == 502);
    CHECK_FALSE(events[0].upstreamFailed);
}

TEST_CASE("an upstream that refuses connections is a 502, not a crash", "[faultproxy]") {
    uint16_t deadPort = 0;
    {
        // A port that was free a moment ago and has nobody listening now.
        Upstream gone;
        deadPort = gone.port();
    }
    auto proxy = startProxy(FaultConfig{}, deadPort);
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);
    auto res = client.Get("/hello");
    REQUIRE(res);
    CHECK(res->status == 502);
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);
    CHECK(events[0].upstreamFailed);
    CHECK_THAT(proxy->summary(), Catch::Contains("upstream failures 1"));
}

TEST_CASE("a chunked request is refused with 411 and not forwarded", "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(FaultConfig{}, upstream.port());
    httplib::Client client("127.0.0.1", proxy->port());
    configure(client);
    auto res = client.Post(
        "/records",
        [](size_t, httplib::DataSink& sink) {
            sink.write("abc", 3);
            sink.done();
            return true;
        },
        "text/plain");
    REQUIRE(res);
    CHECK(res->status == 411);
    CHECK(upstream.count() == 0);
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 1);
    CHECK(events[0].refused);
}

TEST_CASE("setEnabled(false) forwards faithfully, and enabling again brings the faults back",
          "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(only(&FaultConfig::serverError), upstream.port());
    auto get = [&] {
        httplib::Client client("127.0.0.1", proxy->port());
        configure(client);
        auto res = client.Get("/hello");
        REQUIRE(res);
        return res->status;
    };
    CHECK(get() == 503);
    proxy->setEnabled(false);
    CHECK(get() == 200);
    proxy->setEnabled(true);
    CHECK(get() == 503);
    CHECK(upstream.count() == 1);
    const auto events = settled(*proxy);
    REQUIRE(events.size() == 3);
    CHECK(events[1].fault == Fault::None);
}

TEST_CASE("one seed gives one fault sequence, another seed another", "[faultproxy]") {
    auto run = [](uint64_t seed) {
        Upstream upstream;
        FaultConfig cfg = FaultConfig::allFaults(seed, 0.9);
        cfg.maxDelayMs = 3;
        auto proxy = startProxy(cfg, upstream.port());
        for (int i = 0; i < 40; ++i) {
            httplib::Client client("127.0.0.1", proxy->port());
            configure(client);
            client.Post("/r/" + std::to_string(i), "body " + std::to_string(i), "text/plain");
        }
        proxy->stop();
        std::vector<std::pair<Fault, int>> sequence;
        for (const FaultEvent& ev : settled(*proxy)) {
            CHECK(ev.path == "/r/" + std::to_string(ev.index));
            CHECK(ev.done);
            sequence.emplace_back(ev.fault, ev.delayMs);
        }
        REQUIRE(sequence.size() == 40);
        INFO(proxy->summary());
        CHECK_THAT(proxy->summary(),
                   Catch::StartsWith("seed " + std::to_string(seed) + ", 40 requests:"));
        return sequence;
    };
    const auto a = run(20240611);
    const auto b = run(20240611);
    const auto c = run(7);
    CHECK(a == b);
    CHECK(a != c);
    // At a rate of 0.9 most requests are faulted, and in more than one way.
    std::vector<bool> kinds(kFaultKinds, false);
    int faulted = 0;
    for (const auto& [fault, delayMs] : a) {
        kinds[static_cast<size_t>(fault)] = true;
        if (fault != Fault::None || delayMs > 0) ++faulted;
    }
    CHECK(faulted >= 20);
    CHECK(std::count(kinds.begin(), kinds.end(), true) >= 4);
}

TEST_CASE("allFaults spreads the rate over all eight kinds", "[faultproxy]") {
    const FaultConfig cfg = FaultConfig::allFaults(5, 0.4);
    CHECK(cfg.seed == 5);
    for (double p :
         {cfg.dropBeforeForward, cfg.dropAfterResponse, cfg.truncateResponse, cfg.duplicateRequest,
          cfg.replayLater, cfg.serverError, cfg.badGateway, cfg.delay}) {
        CHECK(p == Approx(0.05));
    }
    FaultConfig bad = FaultConfig::allFaults(5, 0.4);
    bad.serverError = 0.9;
    bad.upstreamPort = 1;
    FaultProxy proxy(bad);
    std::string error;
    CHECK_FALSE(proxy.start(&error));
    CHECK_THAT(error, Catch::Contains("more than 1"));
}

TEST_CASE("1 MiB request bodies go through intact when faults are disabled", "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(FaultConfig::allFaults(99, 1.0), upstream.port());
    proxy->setEnabled(false);
    constexpr size_t kMiB = 1 << 20;
    for (uint64_t i = 0; i < 3; ++i) {
        const std::string body = randomBytes(kMiB, i);
        httplib::Client client("127.0.0.1", proxy->port());
        configure(client);
        auto res = client.Post("/echo", body, "application/octet-stream");
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body.size() == kMiB);
        CHECK(res->body == body);
        CHECK(upstream.seen().back().body == body);
    }
    for (const FaultEvent& ev : settled(*proxy)) {
        CHECK(ev.fault == Fault::None);
        CHECK(ev.delayMs == 0);
        CHECK(ev.requestBytes > kMiB);
        CHECK(ev.bytesRelayed > kMiB);
    }
}

TEST_CASE("concurrent clients are all served", "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(FaultConfig{}, upstream.port());
    constexpr int kThreads = 8, kEach = 5;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                httplib::Client client("127.0.0.1", proxy->port());
                configure(client);
                const std::string body = "t" + std::to_string(t) + "i" + std::to_string(i);
                auto res = client.Post("/echo", body, "text/plain");
                if (res && res->status == 200 && res->body == body) ++ok;
            }
        });
    }
    for (std::thread& t : threads) t.join();
    CHECK(ok == kThreads * kEach);
    CHECK(upstream.count() == kThreads * kEach);
    CHECK(settled(*proxy).size() == kThreads * kEach);
}

TEST_CASE("stop() aborts a request in flight instead of waiting for it", "[faultproxy]") {
    Upstream upstream;
    auto proxy = startProxy(FaultConfig{}, upstream.port());
    std::atomic<bool> gotResponse{false};
    std::thread client([&] {
        httplib::Client c("127.0.0.1", proxy->port());
        configure(c);
        auto res = c.Get("/slow");
        gotResponse = res && res->status == 200;
    });
    while (upstream.count() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto begin = std::chrono::steady_clock::now();
    proxy->stop();
    const auto stopTook = std::chrono::steady_clock::now() - begin;
    client.join();
    CHECK(stopTook < std::chrono::milliseconds(800));  // the upstream handler sleeps a whole second
    CHECK_FALSE(gotResponse);
    proxy->stop();  // idempotent
}
