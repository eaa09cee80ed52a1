#include "fieldcheck/platform/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstdlib>

namespace fieldcheck::platform {

namespace {

// A pipe whose read end carries `line` and then EOF.
int secretPipe(const std::string& line) {
    int fds[2];
    if (::pipe(fds) != 0) return -1;
    const std::string text = line + "\n";
    const bool written = ::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fds[1]);
    if (!written) {
        ::close(fds[0]);
        return -1;
    }
    return fds[0];
}

}  // namespace

Result<pid_t> spawnChild(const ChildSpec& spec) {
    if (spec.argv.empty()) return makeError(ErrorCode::InvalidArgument, "no program to start");
    std::vector<int> pipes;
    for (const auto& s : spec.secrets) {
        const int fd = secretPipe(s);
        if (fd < 0) {
            for (int p : pipes) ::close(p);
            return makeError(ErrorCode::IoError, "cannot make a pipe for a secret of " + spec.argv[0]);
        }
        pipes.push_back(fd);
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        for (int p : pipes) ::close(p);
        return makeError(ErrorCode::IoError, "cannot start " + spec.argv[0]);
    }
    if (pid == 0) {
        // Move every descriptor the child keeps out of the way first: the caller's output files
        // may themselves be 3 or 4 (the lowest free numbers), which the secrets are about to take.
        const int out = spec.stdoutFd >= 0 ? ::fcntl(spec.stdoutFd, F_DUPFD, 100) : -1;
        const int err = spec.stderrFd >= 0 ? ::fcntl(spec.stderrFd, F_DUPFD, 100) : -1;
        const int in = spec.stdinFd >= 0 ? ::fcntl(spec.stdinFd, F_DUPFD, 100) : -1;
        std::vector<int> high;
        for (int fd : pipes) high.push_back(::fcntl(fd, F_DUPFD, 100));
        for (size_t i = 0; i < high.size(); ++i) ::dup2(high[i], 3 + static_cast<int>(i));
        if (out >= 0) ::dup2(out, 1);
        if (err >= 0) ::dup2(err, 2);
        if (in >= 0) ::dup2(in, 0);
        for (int fd = 3 + static_cast<int>(high.size()); fd < 1024; ++fd) ::close(fd);
        for (const auto& kv : spec.env) ::putenv(const_cast<char*>(kv.c_str()));
        std::vector<char*> args;
        for (const auto& a : spec.argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        _exit(127);
    }
    for (int p : pipes) ::close(p);
    return pid;
}

Result<int> readListeningPort(int fd, std::chrono::milliseconds timeout) {
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) {
            char buf[256];
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n <= 0) break;
            text.append(buf, static_cast<size_t>(n));
        }
    }
    ::close(fd);
    const std::string prefix = "listening on 127.0.0.1:";
    const size_t at = text.find(prefix);
    const int port = at == std::string::npos ? 0 : std::atoi(text.c_str() + at + prefix.size());
    if (port <= 0) return makeError(ErrorCode::NotFound, "the server did not say where it listens: '" + text + "'");
    return port;
}

}  // namespace fieldcheck::platform
