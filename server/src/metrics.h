// The server's own counters, for /metrics in Prometheus' text format (version 0.0.4): requests and
// their latencies by endpoint, what pushed ops came to (applied, conflict, rejected by code,
// duplicate), bytes in and out, photo and document bytes, and the devices seen lately. Kept per process: with several server
// processes, Prometheus adds them up (docs/server.md, "Monitoring").
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "nlohmann/json.hpp"

namespace fieldcheck::server {

class Metrics {
public:
    // The upper bounds (seconds) of the request-latency histogram's buckets, +Inf aside.
    static constexpr std::array<double, 11> kLatencyBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    // A device counts as active for this long after its last authenticated request.
    static constexpr int64_t kActiveWindowMs = 24LL * 3600 * 1000;

    // One answered request. `path` is the request's; paths that are not endpoints count as "other"
    // (a scan of random URLs must not grow the metrics).
    void request(const std::string& path, int status, double seconds, size_t bytesIn, size_t bytesOut);
    void deviceSeen(const std::string& deviceId, int64_t nowMs);
    // The "results" of one push answer.
    void pushAnswered(const nlohmann::json& results);
    // Bytes of photos and documents kept (an upload chunk accepted) and served (a download range).
    void blobBytes(int64_t in, int64_t out);
    std::string text(int64_t nowMs);

private:
    struct Latency {
        std::array<int64_t, kLatencyBuckets.size()> buckets{};  // counts per bucket (not cumulative)
        int64_t count = 0;
        double sum = 0;
    };
    std::mutex m_mutex;
    std::map<std::pair<std::string, int>, int64_t> m_requests;  // (endpoint, status)
    std::map<std::string, Latency> m_latency;                   // endpoint
    std::map<std::string, int64_t> m_bytesIn, m_bytesOut;       // endpoint
    std::map<std::string, int64_t> m_ops;                       // status
    std::map<std::string, int64_t> m_rejections;                // code
    std::map<std::string, int64_t> m_lastSeen;                  // device id -> ms
    int64_t m_blobBytesIn = 0, m_blobBytesOut = 0;
};

}  // namespace fieldcheck::server
