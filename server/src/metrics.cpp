#include "metrics.h"

#include <set>
#include <sstream>

namespace fieldcheck::server {

namespace {

const std::set<std::string>& endpoints() {
    static const std::set<std::string> known = {"/v1/enroll", "/v1/push", "/v1/pull", "/v1/health",
                                                "/v1/audit/flags", "/v1/wiped", "/v1/receipts/check", "/healthz", "/metrics"};
    return known;
}

// The endpoint a path is counted under: paths that name a blob or an attachment by their template.
std::string endpointOf(const std::string& path) {
    if (endpoints().count(path) > 0) return path;
    auto between = [&](const std::string& prefix, const std::string& suffix) {
        return path.size() > prefix.size() + suffix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
               path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    for (const char* action : {"/status", "/chunk", "/proof"}) {
        if (between("/v1/blobs/", action)) return std::string("/v1/blobs/{sha256}") + action;
    }
    if (between("/v1/attachments/", "/content")) return "/v1/attachments/{id}/content";
    return "other";
}

// A label value, escaped as the text format asks (backslash, double quote, newline).
std::string label(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

void Metrics::request(const std::string& path, int status, double seconds, size_t bytesIn, size_t bytesOut) {
    const std::string endpoint = endpointOf(path);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_requests[{endpoint, status}] += 1;
    Latency& l = m_latency[endpoint];
    size_t i = 0;
    while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
    if (i < kLatencyBuckets.size()) l.buckets[i] += 1;
    l.count += 1;
    l.sum += seconds;
    m_bytesIn[endpoint] += static_cast<int64_t>(bytesIn);
    m_bytesOut[endpoint] += static_cast<int64_t>(bytesOut);
}

void Metrics::deviceSeen(const std::string& deviceId, int64_t nowMs) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_lastSeen[deviceId] = nowMs;
}

void Metrics::pushAnswered(const nlohmann::json& results) {
    if (!results.is_array()) return;
    std::lock_guard<std::mutex> lock(m_mutex);
    for (const auto& r : results) {
        const std::string status = r.value("status", std::string("unknown"));
        m_ops[status] += 1;
        if (status == "rejected") m_rejections[r.value("code", std::string("unknown"))] += 1;
    }
}

void Metrics::blobBytes(int64_t in, int64_t out) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_blobBytesIn += in;
    m_blobBytesOut += out;
}

std::string Metrics::text(int64_t nowMs) {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::ostringstream out;
    out << "# HELP fieldcheck_http_requests_total HTTP requests answered, by endpoint and status.\n"
           "# TYPE fieldcheck_http_requests_total counter\n";
    for (const auto& [key, n] : m_requests) {
        out << "fieldcheck_http_requests_total{endpoint=\"" << label(key.first) << "\",status=\"" << key.second << "\"} " << n << "\n";
    }
    out << "# HELP fieldcheck_http_request_duration_seconds Time to answer a request, by endpoint.\n"
           "# TYPE fieldcheck_http_request_duration_seconds histogram\n";
    for (const auto& [endpoint, l] : m_latency) {
        int64_t cumulative = 0;
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            cumulative += l.buckets[i];
            out << "fieldcheck_http_request_duration_seconds_bucket{endpoint=\"" << label(endpoint) << "\",le=\""
                << kLatencyBuckets[i] << "\"} " << cumulative << "\n";
        }
        out << "fieldcheck_http_request_duration_seconds_bucket{endpoint=\"" << label(endpoint) << "\",le=\"+Inf\"} " << l.count << "\n";
        out << "fieldcheck_http_request_duration_seconds_sum{endpoint=\"" << label(endpoint) << "\"} " << l.sum << "\n";
        out << "fieldcheck_http_request_duration_seconds_count{endpoint=\"" << label(endpoint) << "\"} " << l.count << "\n";
    }
    out << "# HELP fieldcheck_http_request_bytes_total Request body bytes received, by endpoint.\n"
           "# TYPE fieldcheck_http_request_bytes_total counter\n";
    for (const auto& [endpoint, n] : m_bytesIn) {
        out << "fieldcheck_http_request_bytes_total{endpoint=\"" << label(endpoint) << "\"} " << n << "\n";
    }
    out << "# HELP fieldcheck_http_response_bytes_total Response body bytes sent, by endpoint.\n"
           "# TYPE fieldcheck_http_response_bytes_total counter\n";
    for (const auto& [endpoint, n] : m_bytesOut) {
        out << "fieldcheck_http_response_bytes_total{endpoint=\"" << label(endpoint) << "\"} " << n << "\n";
    }
    out << "# HELP fieldcheck_ops_total Pushed ops, by what came of them (applied, conflict, rejected, duplicate).\n"
           "# TYPE fieldcheck_ops_total counter\n";
    for (const auto& [status, n] : m_ops) out << "fieldcheck_ops_total{status=\"" << label(status) << "\"} " << n << "\n";
    out << "# HELP fieldcheck_ops_rejected_total Rejected ops, by the code of the reason (unauthorized: the permission table).\n"
           "# TYPE fieldcheck_ops_rejected_total counter\n";
    for (const auto& [code, n] : m_rejections) out << "fieldcheck_ops_rejected_total{code=\"" << label(code) << "\"} " << n << "\n";
    out << "# HELP fieldcheck_blob_bytes_total Bytes of photos and documents: kept from uploads (in) and served to downloads (out).\n"
           "# TYPE fieldcheck_blob_bytes_total counter\n"
           "fieldcheck_blob_bytes_total{direction=\"in\"} " << m_blobBytesIn << "\n"
           "fieldcheck_blob_bytes_total{direction=\"out\"} " << m_blobBytesOut << "\n";
    int64_t active = 0;
    for (const auto& [device, at] : m_lastSeen) {
        if (nowMs - at <= kActiveWindowMs) ++active;
    }
    out << "# HELP fieldcheck_devices_active Devices that made an authenticated request to this process in the last 24 hours.\n"
           "# TYPE fieldcheck_devices_active gauge\n"
           "fieldcheck_devices_active " << active << "\n";
    return out.str();
}

}  // namespace fieldcheck::server
