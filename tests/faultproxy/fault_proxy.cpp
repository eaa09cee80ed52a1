#include "fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <exception>
#include <iterator>
#include <sstream>
#include <utility>

namespace fieldcheck::testing {

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHeadEnd = "\r\n\r\n";

// The top 53 bits as a double in [0, 1). Done by hand rather than with
// std::uniform_real_distribution, whose algorithm is up to the standard library: a seed has to
// mean the same faults wherever the tests run.
double unitDraw(uint64_t bits) {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

void setTimeouts(int fd, int ms) {
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Appends what one recv() returns; >0 bytes read, 0 EOF, <0 error or timeout.
ssize_t recvMore(int fd, std::string& buf) {
    constexpr size_t kChunk = 64 << 10;
    const size_t old = buf.size();
    buf.resize(old + kChunk);
    ssize_t n;
    do {
        n = recv(fd, buf.data() + old, kChunk, 0);
    } while (n < 0 && errno == EINTR);
    buf.resize(old + static_cast<size_t>(n > 0 ? n : 0));
    return n;
}

// MSG_NOSIGNAL: a peer that hung up must be an error here, not a SIGPIPE for the whole test.
size_t sendAll(int fd, std::string_view bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
    }
    return sent;
}

// After answering a request whose body we did not read: closing with unread bytes makes the
// kernel send a RST, which can destroy our answer before the client reads it. So half-close and
// swallow what is still coming for a moment first.
void drainBeforeClose(int fd) {
    shutdown(fd, SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    char scratch[16 << 10];
    for (size_t total = 0; total < (16u << 20);) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd pfd{fd, POLLIN, 0};
        if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return;
        const ssize_t n = recv(fd, scratch, sizeof scratch, 0);
        if (n <= 0) return;
        total += static_cast<size_t>(n);
    }
}

std::string cannedResponse(int status, std::string_view reason, std::string_view body,
                           std::string_view extraHeaders = {}) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
    out += "Content-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    out += extraHeaders;
    out += "Connection: close\r\n\r\n";
    out += body;
    return out;
}

bool isHopByHop(const std::string& lowerName) {
    return lowerName == "connection" || lowerName == "keep-alive" ||
           lowerName == "proxy-connection";
}

struct ParsedRequest {
    std::string method;
    std::string target;
    std::string head;  // rewritten for upstream, blank line included
    size_t contentLength = 0;
    bool transferEncoding = false;
    bool expectContinue = false;
};

// `head` is everything before the blank line. False for anything that is not a request head.
bool parseRequestHead(std::string_view head, ParsedRequest& out) {
    const size_t lineEnd = std::min(head.find(kCrlf), head.size());
    const std::string_view requestLine = head.substr(0, lineEnd);
    const size_t sp1 = requestLine.find(' ');
    const size_t sp2 = requestLine.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 <= sp1 + 1) return false;
    if (requestLine.substr(sp2 + 1).substr(0, 7) != "HTTP/1.") return false;
    out.method = std::string(requestLine.substr(0, sp1));
    out.target = std::string(requestLine.substr(sp1 + 1, sp2 - sp1 - 1));
    out.head = std::string(requestLine) + "\r\n";

    bool haveLength = false;
    for (size_t pos = lineEnd + 2; pos < head.size();) {
        const size_t end = std::min(head.find(kCrlf, pos), head.size());
        const std::string_view line = head.substr(pos, end - pos);
        pos = end + 2;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return false;
        const std::string name = lower(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "content-length") {
            size_t length = 0;
            const auto [ptr, ec] =
                std::from_chars(value.data(), value.data() + value.size(), length);
            if (ec != std::errc() || ptr != value.data() + value.size()) return false;
            if (haveLength && length != out.contentLength) return false;
            haveLength = true;
            out.contentLength = length;
        } else if (name == "transfer-encoding") {
            out.transferEncoding = true;
        } else if (name == "expect") {
            // Answered here: upstream gets the whole body at once and must not send a 100 of its
            // own.
            out.expectContinue = lower(value) == "100-continue";
            continue;
        }
        if (isHopByHop(name)) continue;
        out.head += line;
        out.head += kCrlf;
    }
    out.head += "Connection: close\r\n\r\n";
    return true;
}

// The same response with its Connection header forced to close (we never reuse a client
// connection). Without a complete head it goes through unchanged.
std::string withConnectionClose(const std::string& response) {
    const size_t headEnd = response.find(kHeadEnd);
    if (headEnd == std::string::npos) return response;
    std::string out;
    out.reserve(response.size() + 32);
    for (size_t pos = 0; pos < headEnd;) {
        const size_t end = response.find(kCrlf, pos);
        const std::string_view line(response.data() + pos, end - pos);
        const size_t colon = line.find(':');
        const bool statusLine = pos == 0;
        pos = end + 2;
        if (!statusLine && colon != std::string_view::npos &&
            isHopByHop(lower(line.substr(0, colon))))
            continue;
        out += line;
        out += kCrlf;
    }
    out += "Connection: close\r\n\r\n";
    out.append(response, headEnd + kHeadEnd.size());
    return out;
}

int statusOf(std::string_view response) {
    const size_t sp = response.find(' ');
    if (sp == std::string_view::npos || response.size() < sp + 4) return 0;
    int status = 0;
    const auto [ptr, ec] =
        std::from_chars(response.data() + sp + 1, response.data() + sp + 4, status);
    return ec == std::errc() && ptr == response.data() + sp + 4 ? status : 0;
}

}  // namespace

std::string_view faultName(Fault fault) {
    switch (fault) {
        case Fault::None:
            return "none";
        case Fault::DropBeforeForward:
            return "dropBeforeForward";
        case Fault::DropAfterResponse:
            return "dropAfterResponse";
        case Fault::TruncateResponse:
            return "truncateResponse";
        case Fault::DuplicateRequest:
            return "duplicateRequest";
        case Fault::ReplayLater:
            return "replayLater";
        case Fault::ServerError:
            return "serverError";
        case Fault::BadGateway:
            return "badGateway";
    }
    return "?";
}

FaultConfig FaultConfig::allFaults(uint64_t seed, double rate) {
    FaultConfig cfg;
    cfg.seed = seed;
    const double each = rate / kFaultKinds;
    cfg.dropBeforeForward = cfg.dropAfterResponse = cfg.truncateResponse = cfg.duplicateRequest =
        cfg.replayLater = cfg.serverError = cfg.badGateway = cfg.delay = each;
    return cfg;
}

FaultProxy::FaultProxy(FaultConfig cfg) : m_cfg(std::move(cfg)), m_rng(m_cfg.seed) {}

FaultProxy::~FaultProxy() {
    stop();
}

bool FaultProxy::start(std::string* error) {
    if (m_started || m_stopping) {
        if (error != nullptr) *error = "fault proxy already started or stopped";
        return false;
    }
    // Closes whatever this call opened, so that a failed start() can be retried.
    auto fail = [&](std::string message) {
        if (error != nullptr) *error = std::move(message);
        for (int* fd : {&m_listenFd, &m_wakePipe[0], &m_wakePipe[1]}) {
            if (*fd >= 0) close(*fd);
            *fd = -1;
        }
        return false;
    };
    if (m_cfg.upstreamPort == 0) return fail("fault proxy needs an upstream port");
    for (uint16_t p : m_cfg.moreUpstreamPorts) {
        if (p == 0) return fail("fault proxy: a further upstream port is 0");
    }
    const double exclusive[] = {m_cfg.dropBeforeForward, m_cfg.dropAfterResponse,
                                m_cfg.truncateResponse,  m_cfg.duplicateRequest,
                                m_cfg.replayLater,       m_cfg.serverError,
                                m_cfg.badGateway};
    double sum = 0;
    for (double p : exclusive) {
        if (!(p >= 0 && p <= 1)) return fail("fault probabilities must be within [0, 1]");
        sum += p;
    }
    if (sum > 1 + 1e-9) return fail("the exclusive fault probabilities add up to more than 1");
    if (!(m_cfg.delay >= 0 && m_cfg.delay <= 1))
        return fail("delay probability must be within [0, 1]");
    if (m_cfg.delay > 0 && m_cfg.maxDelayMs < 1) return fail("delay needs maxDelayMs >= 1");
    if (m_cfg.ioTimeoutMs < 1) return fail("ioTimeoutMs must be positive");

    if (pipe2(m_wakePipe, O_CLOEXEC) != 0)
        return fail(std::string("pipe: ") + std::strerror(errno));
    m_listenFd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0) return fail(std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, by design
    addr.sin_port = htons(m_cfg.listenPort);
    if (bind(m_listenFd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(m_listenFd, SOMAXCONN) != 0) {
        return fail("cannot listen on 127.0.0.1:" + std::to_string(m_cfg.listenPort) + ": " +
                    std::strerror(errno));
    }
    socklen_t len = sizeof addr;
    if (getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return fail(std::string("getsockname: ") + std::strerror(errno));
    m_port = ntohs(addr.sin_port);
    m_started = true;
    m_acceptThread = std::thread([this] { acceptLoop(); });
    return true;
}

void FaultProxy::stop() {
    if (!m_stopping.exchange(true)) {
        {
            std::lock_guard lock(m_mutex);
            m_stopCv.notify_all();
            // Unblocks every recv/send in flight; the fds themselves are closed by their owners.
            for (int fd : m_openFds) shutdown(fd, SHUT_RDWR);
        }
        if (m_wakePipe[1] >= 0) {
            const char byte = 1;
            [[maybe_unused]] const ssize_t n = write(m_wakePipe[1], &byte, 1);
        }
    }
    if (m_acceptThread.joinable()) m_acceptThread.join();
    // The accept thread is gone, so no worker can be added any more.
    std::map<uint64_t, std::thread> workers;
    {
        std::lock_guard lock(m_mutex);
        workers.swap(m_workers);
        m_finishedWorkers.clear();
    }
    for (auto& [id, worker] : workers) worker.join();
    for (int* fd : {&m_listenFd, &m_wakePipe[0], &m_wakePipe[1]}) {
        if (*fd >= 0) close(*fd);
        *fd = -1;
    }
}

void FaultProxy::acceptLoop() {
    auto reap = [this] {
        std::vector<std::thread> done;
        {
            std::lock_guard lock(m_mutex);
            for (uint64_t id : m_finishedWorkers) {
                auto it = m_workers.find(id);
                if (it == m_workers.end()) continue;
                done.push_back(std::move(it->second));
                m_workers.erase(it);
            }
            m_finishedWorkers.clear();
        }
        for (std::thread& t : done) t.join();
    };

    while (!m_stopping) {
        pollfd fds[2] = {{m_listenFd, POLLIN, 0}, {m_wakePipe[0], POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents != 0 || (fds[0].revents & (POLLERR | POLLNVAL)) != 0) break;
        reap();
        if ((fds[0].revents & POLLIN) == 0) continue;
        const int fd = accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            // Out of fds or memory: back off instead of spinning on poll().
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        setTimeouts(fd, m_cfg.ioTimeoutMs);
        track(fd);
        std::lock_guard lock(m_mutex);
        const uint64_t id = m_nextWorker++;
        // The map slot first: a thread that exists must never be dropped unjoined.
        try {
            std::thread& slot = m_workers[id];
            slot = std::thread([this, fd, id] {
                handleConnection(fd);
                std::lock_guard workerLock(m_mutex);
                m_finishedWorkers.push_back(id);
            });
        } catch (const std::exception&) {
            m_workers.erase(id);
            m_openFds.erase(fd);
            close(fd);
        }
    }
}

void FaultProxy::handleConnection(int clientFd) {
    try {
        serve(clientFd);
    } catch (const std::exception&) {
        // Only allocation failures get here; the client sees a closed connection.
    }
    untrackAndClose(clientFd);
}

void FaultProxy::serve(int clientFd) {
    std::string buf;
    size_t headEnd = std::string::npos;
    size_t searchFrom = 0;
    while ((headEnd = buf.find(kHeadEnd, searchFrom)) == std::string::npos) {
        if (buf.size() > FaultConfig::kMaxHeadBytes) {
            sendToClient(clientFd, cannedResponse(431, "Request Header Fields Too Large",
                                                  "head too large\n"));
            return drainBeforeClose(clientFd);
        }
        // Next time only the new bytes, plus the three that could begin a split terminator.
        searchFrom = buf.size() < 3 ? 0 : buf.size() - 3;
        if (recvMore(clientFd, buf) <= 0) return;  // hung up or timed out before a whole head
    }

    ParsedRequest req;
    const bool parsed = parseRequestHead(std::string_view(buf).substr(0, headEnd), req);
    auto refuse = [&](int status, std::string_view reason, std::string note) {
        const Decision d = decide(false, req.method, req.target, headEnd + 4, note);
        FaultEvent ev;
        ev.status = status;
        ev.note = std::move(note);
        ev.refused = true;
        ev.bytesRelayed = sendToClient(clientFd, cannedResponse(status, reason, ev.note + "\n"));
        finish(d.index, ev);
        drainBeforeClose(clientFd);
    };
    if (!parsed) return refuse(400, "Bad Request", "malformed request head");
    if (req.transferEncoding) return refuse(411, "Length Required", "chunked request refused");
    if (req.contentLength > m_cfg.maxMessageBytes)
        return refuse(413, "Content Too Large", "request body too large");

    const size_t bodyStart = headEnd + kHeadEnd.size();
    if (req.expectContinue && buf.size() - bodyStart < req.contentLength)
        sendToClient(clientFd, "HTTP/1.1 100 Continue\r\n\r\n");
    while (buf.size() - bodyStart < req.contentLength) {
        if (recvMore(clientFd, buf) <= 0) return;  // the client gave up mid-body
    }
    const size_t requestBytes = bodyStart + req.contentLength;
    std::string request = std::move(req.head);
    request.append(buf, bodyStart, req.contentLength);
    buf.clear();
    buf.shrink_to_fit();

    const Decision d = decide(m_enabled, req.method, req.target, requestBytes, {});
    FaultEvent ev;
    ev.delayMs = d.delayMs;
    try {
        handle(clientFd, d, request, ev);
    } catch (const std::exception& e) {
        // Still finished, or waitUntilIdle() would wait for it forever.
        ev.note = std::string("proxy error: ") + e.what();
    }
    finish(d.index, ev);
}

void FaultProxy::handle(int clientFd, const Decision& d, const std::string& request,
                        FaultEvent& ev) {
    if (d.delayMs > 0 && !sleepUnlessStopping(d.delayMs)) {
        ev.note = "proxy stopped";
        return;
    }
    const auto badGateway = [&](std::string_view body) {
        ev.status = 502;
        ev.bytesRelayed = sendToClient(clientFd, cannedResponse(502, "Bad Gateway", body));
    };

    switch (d.fault) {
        case Fault::DropBeforeForward:
            return;
        case Fault::ServerError:
            ev.status = 503;
            ev.bytesRelayed = sendToClient(
                clientFd, cannedResponse(503, "Service Unavailable", "fault proxy: injected 503\n",
                                         "Retry-After: 0\r\n"));
            return;
        default:
            break;
    }

    std::string response;
    bool ok = exchange(request, response);
    ev.upstreamSends = 1;
    if (ok && d.fault == Fault::DuplicateRequest) {
        ok = exchange(request, response);
        ev.upstreamSends = 2;
    }
    if (!ok) {
        ev.upstreamFailed = true;
        ev.note = "upstream unreachable or exchange failed";
        return badGateway("fault proxy: upstream unreachable\n");
    }
    response = withConnectionClose(response);
    ev.responseBytes = response.size();
    // Before answering our own client, so that once it has its answer the replay has landed.
    ev.replaysSent = sendDueReplays(d.index);
    if (d.fault == Fault::ReplayLater) {
        std::lock_guard lock(m_mutex);
        m_pendingReplays.push_back({d.index, request});
    }
    if (d.fault == Fault::DropAfterResponse) return;
    if (d.fault == Fault::BadGateway) return badGateway("fault proxy: injected 502\n");

    std::string_view relay = response;
    if (d.fault == Fault::TruncateResponse && !relay.empty()) {
        relay = relay.substr(0, d.truncateDraw % relay.size());
    }
    ev.status = relay.size() == response.size() ? statusOf(relay) : 0;
    ev.bytesRelayed = sendToClient(clientFd, relay);
}

FaultProxy::Decision FaultProxy::decide(bool faulty, const std::string& method,
                                        const std::string& path, size_t requestBytes,
                                        std::string note) {
    std::lock_guard lock(m_mutex);
    Decision d;
    d.index = m_events.size();
    if (faulty) {
        // Always four draws, whatever is decided, so that the sequence for request n does not
        // depend on what earlier requests turned out to need.
        const double pick = unitDraw(m_rng());
        const double delayPick = unitDraw(m_rng());
        const uint64_t delayDraw = m_rng();
        d.truncateDraw = m_rng();
        const double exclusive[] = {m_cfg.dropBeforeForward, m_cfg.dropAfterResponse,
                                    m_cfg.truncateResponse,  m_cfg.duplicateRequest,
                                    m_cfg.replayLater,       m_cfg.serverError,
                                    m_cfg.badGateway};
        double acc = 0;
        for (size_t i = 0; i < std::size(exclusive); ++i) {
            acc += exclusive[i];
            if (pick < acc) {
                d.fault = static_cast<Fault>(i + 1);
                break;
            }
        }
        if (delayPick < m_cfg.delay)
            d.delayMs = 1 + static_cast<int>(delayDraw % static_cast<uint64_t>(m_cfg.maxDelayMs));
    }
    FaultEvent ev;
    ev.index = d.index;
    ev.method = method;
    ev.path = path;
    ev.fault = d.fault;
    ev.delayMs = d.delayMs;
    ev.requestBytes = requestBytes;
    ev.note = std::move(note);
    m_events.push_back(std::move(ev));
    ++m_inFlight;
    return d;
}

void FaultProxy::finish(uint64_t index, const FaultEvent& update) {
    std::lock_guard lock(m_mutex);
    FaultEvent& ev = m_events.at(index);
    ev.delayMs = update.delayMs;
    ev.status = update.status;
    ev.responseBytes = update.responseBytes;
    ev.bytesRelayed = update.bytesRelayed;
    ev.upstreamSends = update.upstreamSends;
    ev.replaysSent = update.replaysSent;
    if (!update.note.empty()) ev.note = update.note;
    ev.upstreamFailed = update.upstreamFailed;
    ev.refused = update.refused;
    ev.done = true;
    --m_inFlight;
    m_idleCv.notify_all();
}

bool FaultProxy::waitUntilIdle(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_idleCv.wait_for(lock, timeout, [this] { return m_inFlight == 0; });
}

bool FaultProxy::exchange(const std::string& request, std::string& response) {
    response.clear();
    const int fd = openUpstream();
    if (fd < 0) return false;
    const bool sentAll = sendAll(fd, request) == request.size();
    // Read even after a failed send: upstream may have answered early (e.g. 413) and hung up.
    bool eof = false;
    while (response.size() <= m_cfg.maxMessageBytes) {
        const ssize_t n = recvMore(fd, response);
        if (n == 0) eof = true;
        if (n <= 0) break;
    }
    untrackAndClose(fd);
    return eof && (sentAll || !response.empty());
}

std::vector<uint64_t> FaultProxy::sendDueReplays(uint64_t afterIndex) {
    std::vector<Replay> due;
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_pendingReplays.begin(); it != m_pendingReplays.end();) {
            if (it->fromIndex < afterIndex) {
                due.push_back(std::move(*it));
                it = m_pendingReplays.erase(it);
            } else {
                ++it;
            }
        }
    }
    std::vector<uint64_t> sent;
    std::string discarded;
    for (const Replay& r : due) {
        // The response goes nowhere: the client that sent the original has long had its answer.
        if (exchange(r.request, discarded)) sent.push_back(r.fromIndex);
    }
    return sent;
}

size_t FaultProxy::sendToClient(int fd, std::string_view bytes) {
    return sendAll(fd, bytes);
}

bool FaultProxy::sleepUnlessStopping(int ms) {
    std::unique_lock lock(m_mutex);
    return !m_stopCv.wait_for(lock, std::chrono::milliseconds(ms),
                              [this] { return m_stopping.load(); });
}

int FaultProxy::openUpstream() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    setTimeouts(fd, m_cfg.ioTimeoutMs);
    track(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never anywhere else
    const size_t turn = m_upstreamTurn.fetch_add(1) % (1 + m_cfg.moreUpstreamPorts.size());
    addr.sin_port = htons(turn == 0 ? m_cfg.upstreamPort : m_cfg.moreUpstreamPorts[turn - 1]);
    int rc;
    do {
        rc = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    } while (rc != 0 && errno == EINTR);
    // A shutdown() from stop() is a no-op on a socket that was not connected yet, so look again.
    if (rc != 0 || m_stopping) {
        untrackAndClose(fd);
        return -1;
    }
    return fd;
}

void FaultProxy::track(int fd) {
    std::lock_guard lock(m_mutex);
    m_openFds.insert(fd);
    // stop() may already have swept the set; this fd must not outlive it blocked in a read.
    if (m_stopping) shutdown(fd, SHUT_RDWR);
}

void FaultProxy::untrackAndClose(int fd) {
    // Erased before close() under the mutex, so stop() never shuts down a reused fd number.
    {
        std::lock_guard lock(m_mutex);
        m_openFds.erase(fd);
    }
    close(fd);
}

std::vector<FaultEvent> FaultProxy::events() const {
    std::lock_guard lock(m_mutex);
    return m_events;
}

std::string FaultProxy::summary() const {
    std::lock_guard lock(m_mutex);
    size_t counts[kFaultKinds] = {};
    size_t delayed = 0, replays = 0, upstreamFailures = 0, refused = 0, inFlight = 0;
    for (const FaultEvent& ev : m_events) {
        ++counts[static_cast<int>(ev.fault)];
        if (ev.delayMs > 0) ++delayed;
        replays += ev.replaysSent.size();
        if (ev.upstreamFailed) ++upstreamFailures;
        if (ev.refused) ++refused;
        if (!ev.done) ++inFlight;
    }
    std::ostringstream out;
    out << "seed " << m_cfg.seed << ", " << m_events.size() << " requests:";
    for (int i = 0; i < kFaultKinds; ++i) {
        out << (i == 0 ? " " : ", ") << faultName(static_cast<Fault>(i)) << ' ' << counts[i];
    }
    out << "; delayed " << delayed << "; replays sent " << replays << ", pending "
        << m_pendingReplays.size() << "; upstream failures " << upstreamFailures << "; refused "
        << refused;
    if (inFlight > 0) out << "; in flight " << inFlight;
    return out.str();
}

}  // namespace fieldcheck::testing
