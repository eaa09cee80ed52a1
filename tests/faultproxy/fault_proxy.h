// A seeded, replayable fault-injecting HTTP/1.1 proxy for the sync tests and benchmark runs.
//
// It sits between a sync client and a test server, both on loopback: it listens on 127.0.0.1
// only and forwards to 127.0.0.1:<upstreamPort> only, so a test can never reach another host
// through it. Every request gets a new upstream connection and every connection is closed after
// one exchange ("Connection: close" both ways), which keeps the framing trivial: a request is
// head + Content-Length body, a response is everything upstream sends until EOF.
//
// Faults are drawn per request from std::mt19937_64(seed) in arrival order, under one mutex, so a
// given seed and a given request sequence always produce the same faults; events() and summary()
// tell a failing seeded test what happened to each request.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fieldcheck::testing {

// What the proxy did to one request. At most one of these per request; a delay can come on top.
enum class Fault {
    None,               // forwarded and relayed faithfully
    DropBeforeForward,  // client connection closed, upstream never saw the request
    DropAfterResponse,  // upstream processed it, the client got nothing
    TruncateResponse,   // the client got a strict prefix of the response
    DuplicateRequest,   // upstream got it twice in a row, the client got the second response
    ReplayLater,        // forwarded, and sent again after the next forwarded request
    ServerError,        // 503 + "Retry-After: 0" without forwarding
    BadGateway,         // forwarded, the real response replaced by a 502
};
inline constexpr int kFaultKinds = 8;
std::string_view faultName(Fault fault);

struct FaultConfig {
    uint16_t listenPort = 0;  // 0 = any free port; see FaultProxy::port()
    uint16_t upstreamPort = 0;
    // Further servers behind the proxy (several processes on one database): each new upstream
    // connection goes to the next of upstreamPort and these in turn, as a load balancer would.
    std::vector<uint16_t> moreUpstreamPorts;
    uint64_t seed = 0;

    // Probabilities per request. The exclusive ones must add up to at most 1.
    double dropBeforeForward = 0;
    double dropAfterResponse = 0;
    double truncateResponse = 0;
    double duplicateRequest = 0;
    double replayLater = 0;
    double serverError = 0;
    double badGateway = 0;
    double delay = 0;  // independent of the others
    int maxDelayMs = 100;

    int ioTimeoutMs = 30000;              // per socket read/write, so that nothing hangs forever
    size_t maxMessageBytes = 256u << 20;  // a request body or a whole response
    static constexpr size_t kMaxHeadBytes = 64 << 10;

    // rate spread evenly over the eight fault kinds (delay included): about `rate` of the
    // requests get some fault.
    static FaultConfig allFaults(uint64_t seed, double rate);
};

struct FaultEvent {
    uint64_t index = 0;  // request number in arrival order, from 0
    std::string method;
    std::string path;
    Fault fault = Fault::None;
    int delayMs = 0;          // 0 = not delayed
    int status = 0;           // status line relayed to the client (0 = none, or truncated)
    size_t requestBytes = 0;  // head + body as received from the client
    // The whole response as it would be relayed (the second one, if duplicated).
    size_t responseBytes = 0;
    size_t bytesRelayed = 0;            // what the client actually got
    int upstreamSends = 0;              // times this request reached upstream (replays not counted)
    std::vector<uint64_t> replaysSent;  // earlier ReplayLater requests re-sent after this one
    std::string note;                   // e.g. "upstream unreachable", "chunked request refused"
    bool upstreamFailed = false;        // upstream refused or broke off; the client got a 502
    bool refused = false;  // answered 4xx by the proxy itself (malformed, chunked, too big)
    bool done = false;     // false while the request is still in flight
};

class FaultProxy {
public:
    explicit FaultProxy(FaultConfig cfg);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    // Binds 127.0.0.1:listenPort and starts accepting. False (with *error set) on a bad config
    // or a bind failure; starting twice, or after stop(), is an error.
    bool start(std::string* error = nullptr);
    // Stops accepting, aborts the connections in flight and joins every thread. Idempotent.
    void stop();

    uint16_t port() const { return m_port; }
    const FaultConfig& config() const { return m_cfg; }

    // Disabled: forward faithfully and draw nothing from the PRNG (for a final clean sync).
    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool enabled() const { return m_enabled; }

    // Waits until every request received so far has been dealt with: a client can have its
    // answer a moment before the proxy has logged what it sent. False on timeout.
    bool waitUntilIdle(std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    std::vector<FaultEvent> events() const;
    // Counts per fault kind plus replays, delays and upstream failures, on one line.
    std::string summary() const;

private:
    struct Decision {
        uint64_t index = 0;
        Fault fault = Fault::None;
        int delayMs = 0;
        uint64_t truncateDraw = 0;
    };
    struct Replay {
        uint64_t fromIndex = 0;
        std::string request;
    };

    void acceptLoop();
    void handleConnection(int clientFd);
    void serve(int clientFd);
    void handle(int clientFd, const Decision& d, const std::string& request, FaultEvent& ev);
    Decision decide(bool faulty, const std::string& method, const std::string& path,
                    size_t requestBytes, std::string note);
    void finish(uint64_t index, const FaultEvent& update);
    // One request/response exchange on a new upstream connection. False if upstream could not
    // be reached or the exchange failed.
    bool exchange(const std::string& request, std::string& response);
    std::vector<uint64_t> sendDueReplays(uint64_t afterIndex);
    size_t sendToClient(int fd, std::string_view bytes);
    bool sleepUnlessStopping(int ms);

    int openUpstream();
    void track(int fd);
    void untrackAndClose(int fd);

    const FaultConfig m_cfg;
    std::atomic<bool> m_enabled{true};
    std::atomic<bool> m_stopping{false};
    std::atomic<size_t> m_upstreamTurn{0};  // which upstream the next connection goes to
    bool m_started = false;
    uint16_t m_port = 0;
    int m_listenFd = -1;
    int m_wakePipe[2] = {-1, -1};
    std::thread m_acceptThread;

    mutable std::mutex m_mutex;  // everything below
    std::condition_variable m_stopCv;
    mutable std::condition_variable m_idleCv;
    size_t m_inFlight = 0;  // events not finished yet
    std::mt19937_64 m_rng;
    std::vector<FaultEvent> m_events;
    std::deque<Replay> m_pendingReplays;
    std::set<int> m_openFds;  // shut down by stop() to unblock reads
    std::map<uint64_t, std::thread> m_workers;
    std::vector<uint64_t> m_finishedWorkers;
    uint64_t m_nextWorker = 0;
};

}  // namespace fieldcheck::testing
