// A TCP relay on loopback that breaks a connection once, after a set number of bytes from the
// client: the "connection broken mid-file" of the photo benchmark. It relays raw bytes (no HTTP
// parsing, keep-alive connections stay as they are) and counts what the client sent upstream, so
// a benchmark can compare the bytes on the wire of a broken run with those of an unbroken one.
// Listens on 127.0.0.1 only and connects to 127.0.0.1 only.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace fieldcheck::bench {

class CutProxy {
public:
    explicit CutProxy(int upstreamPort);  // throws BenchError when it cannot listen
    ~CutProxy();
    CutProxy(const CutProxy&) = delete;
    CutProxy& operator=(const CutProxy&) = delete;

    int port() const { return m_port; }
    // Breaks the connection that carries the client's byte number `afterBytes` (counted over all
    // connections from now on): that many bytes reach the server, then both sides are closed.
    // Once only; 0 never breaks.
    void cutAfter(int64_t afterBytes);
    bool cutDone() const { return m_cutDone.load(); }
    int64_t bytesUp() const { return m_up.load(); }  // client → server, all connections since start

private:
    void acceptLoop();
    void relay(int client);

    int m_upstreamPort;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int64_t> m_up{0};
    std::atomic<int64_t> m_cutAt{0};
    std::atomic<bool> m_cutDone{false};
    std::mutex m_mutex;  // guards m_threads and m_sockets
    std::vector<std::thread> m_threads;
    std::vector<int> m_sockets;
    std::thread m_acceptor;
};

}  // namespace fieldcheck::bench
