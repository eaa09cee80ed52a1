// fieldcheck-fault-proxy: the FaultProxy as a process, for benchmark runs over many seeds.
// Runs until SIGINT/SIGTERM, then prints the fault summary.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>

#include <pthread.h>

#include "fault_proxy.h"

namespace {

constexpr const char* kUsage =
    "usage: fieldcheck-fault-proxy --upstream-port N [--listen-port N] [--seed N] [--rate R]\n"
    "                              [--max-delay-ms N]\n"
    "Forwards HTTP/1.1 from 127.0.0.1:<listen-port> (0 = any free port, the default) to\n"
    "127.0.0.1:<upstream-port>, injecting faults into about R (0..1) of the requests, chosen\n"
    "from a PRNG seeded with N. Prints 'listening 127.0.0.1:<port>' once ready and a summary\n"
    "of the faults on SIGINT/SIGTERM.\n";

bool parseUnsigned(const char* text, unsigned long long max, unsigned long long& out) {
    if (text == nullptr || *text == '\0' || *text == '-') return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtoull(text, &end, 10);
    return errno == 0 && *end == '\0' && out <= max;
}

int usageError(const std::string& message) {
    std::cerr << "fieldcheck-fault-proxy: " << message << "\n" << kUsage;
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    unsigned long long listenPort = 0, upstreamPort = 0, seed = 0, maxDelayMs = 100;
    double rate = 0.3;
    bool haveUpstream = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        }
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        bool ok = false;
        if (arg == "--listen-port") {
            ok = parseUnsigned(value, 65535, listenPort);
        } else if (arg == "--upstream-port") {
            ok = parseUnsigned(value, 65535, upstreamPort) && upstreamPort != 0;
            haveUpstream = true;
        } else if (arg == "--seed") {
            ok = parseUnsigned(value, ~0ull, seed);
        } else if (arg == "--max-delay-ms") {
            ok = parseUnsigned(value, 600000, maxDelayMs) && maxDelayMs > 0;
        } else if (arg == "--rate") {
            char* end = nullptr;
            if (value != nullptr) rate = std::strtod(value, &end);
            ok = value != nullptr && *value != '\0' && *end == '\0' && rate >= 0 && rate <= 1;
        } else {
            return usageError("unknown option " + std::string(arg));
        }
        if (!ok) return usageError("bad or missing value for " + std::string(arg));
        ++i;
    }
    if (!haveUpstream) return usageError("--upstream-port is required");

    // Blocked before any thread exists, so every proxy thread inherits the mask and the signals
    // are only ever taken by sigwait below.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    fieldcheck::testing::FaultConfig cfg = fieldcheck::testing::FaultConfig::allFaults(seed, rate);
    cfg.listenPort = static_cast<uint16_t>(listenPort);
    cfg.upstreamPort = static_cast<uint16_t>(upstreamPort);
    cfg.maxDelayMs = static_cast<int>(maxDelayMs);
    fieldcheck::testing::FaultProxy proxy(cfg);
    std::string error;
    if (!proxy.start(&error)) {
        std::cerr << "fieldcheck-fault-proxy: " << error << "\n";
        return 1;
    }
    std::cout << "listening 127.0.0.1:" << proxy.port() << std::endl;

    int received = 0;
    while (sigwait(&signals, &received) != 0) {
    }
    proxy.stop();
    std::cout << proxy.summary() << std::endl;
    return 0;
}
