#include "cut_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "bench_support.h"

namespace fieldcheck::bench {

namespace {

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    return a;
}

bool sendAll(int fd, const char* data, size_t n) {
    while (n > 0) {
        const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w <= 0) return false;
        data += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

}  // namespace

CutProxy::CutProxy(int upstreamPort) : m_upstreamPort(upstreamPort) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    check(m_listen >= 0, "cut proxy: socket");
    const int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = loopback(0);
    check(::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(m_listen, 16) == 0, "cut proxy: bind/listen on 127.0.0.1");
    socklen_t len = sizeof a;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
    m_port = ntohs(a.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

CutProxy::~CutProxy() {
    m_stopping = true;
    ::shutdown(m_listen, SHUT_RDWR);
    m_acceptor.join();
    ::close(m_listen);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (int fd : m_sockets) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : m_threads) t.join();
}

void CutProxy::cutAfter(int64_t afterBytes) {
    m_cutDone = false;
    m_cutAt = afterBytes > 0 ? m_up.load() + afterBytes : 0;
}

void CutProxy::acceptLoop() {
    while (!m_stopping) {
        const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            if (m_stopping) return;
            continue;
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        m_threads.emplace_back([this, client] { relay(client); });
    }
}

// One connection: both directions through one poll loop, until either side closes or the cut.
void CutProxy::relay(int client) {
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = loopback(m_upstreamPort);
    if (server < 0 || ::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        if (server >= 0) ::close(server);
        ::close(client);
        return;
    }
    const int one = 1;
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_sockets.push_back(client);
        m_sockets.push_back(server);
    }
    std::vector<char> buf(1 << 16);
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    bool open = true;
    while (open && !m_stopping) {
        if (::poll(fds, 2, 1000) < 0) break;
        for (int i = 0; i < 2 && open; ++i) {
            if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            const ssize_t n = ::recv(fds[i].fd, buf.data(), buf.size(), 0);
            if (n <= 0) {
                open = false;
                break;
            }
            size_t pass = static_cast<size_t>(n);
            bool cutHere = false;
            if (i == 0) {
                const int64_t at = m_cutAt.load();
                const int64_t before = m_up.fetch_add(n);
                if (at > 0 && !m_cutDone && before < at && before + n >= at) {
                    pass = static_cast<size_t>(at - before);
                    m_up -= n - static_cast<int64_t>(pass);
                    cutHere = true;
                }
            }
            if (!sendAll(fds[1 - i].fd, buf.data(), pass)) open = false;
            if (cutHere) {
                m_cutDone = true;
                open = false;
            }
        }
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_sockets.erase(std::remove_if(m_sockets.begin(), m_sockets.end(), [&](int fd) { return fd == client || fd == server; }),
                        m_sockets.end());
    }
    ::shutdown(client, SHUT_RDWR);
    ::shutdown(server, SHUT_RDWR);
    ::close(client);
    ::close(server);
}

}  // namespace fieldcheck::bench
