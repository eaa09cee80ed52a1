// The device's HTTP transport to the central server (libcurl).
//
// One HttpClient keeps one connection alive across calls. Request bodies go out gzip-compressed,
// responses are accepted gzip-compressed and arrive decoded. Failures a flaky mobile link produces
// (refused, reset or cut connections, timeouts, 5xx, 429) are retried with exponential backoff
// and full jitter; any other 4xx is handed back as an HttpResponse for the caller to judge. A
// CancelToken stops a transfer or a backoff wait within about 100 ms.
//
// Retries resend the same request, so every POST the sync protocol makes must be idempotent on
// the server (the outbox's operation ids): a timed-out push may have been applied.
//
// Header values and bodies carry tokens and record data: this code never logs them, and error
// messages name only the method, the path (without its query) and the curl error.
//
// Plain http:// is refused except to the loopback address (127.0.0.1, ::1, localhost): outside this
// machine the traffic is TLS, with the server's key pinned when the enrolment gave pins.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck::sync {

struct HttpRequest {
    std::string method;  // "GET" or "POST"
    std::string path;    // from the server's root, e.g. "/v1/pull"
    std::string body;    // JSON text; sent as application/json unless headers say otherwise
    // Sent as given (Authorization, idempotency keys, ...). CR, LF or NUL in them is refused.
    std::vector<std::pair<std::string, std::string>> headers;
    // gzip a non-empty body and send Content-Encoding: gzip.
    bool compressBody = true;
};

struct HttpResponse {
    long status = 0;
    std::string body;  // decoded (curl undoes gzip, deflate, br, zstd)
    // Lower-case names; a repeated header's values joined by ", ".
    std::map<std::string, std::string> headers;
    // Body bytes as they crossed the wire (compressed), summed over every attempt. Headers are not
    // counted.
    int64_t bytesSent = 0;
    int64_t bytesReceived = 0;
    int attempts = 0;  // 1 when the first attempt produced this response
};

// Backoff before retry n (n = 0 for the second attempt) is uniform in
// [0, min(maxBackoffMs, initialBackoffMs * multiplier^n)] ("full jitter": clients that failed
// together do not come back together). A Retry-After of N seconds on a 429 or 5xx replaces it,
// capped at maxBackoffMs.
struct RetryPolicy {
    int maxAttempts = 5;  // including the first; values below 1 mean 1
    int64_t initialBackoffMs = 200;
    int64_t maxBackoffMs = 10000;
    double multiplier = 2.0;
    uint64_t jitterSeed = 0;  // 0: seed from std::random_device; otherwise reproducible sleeps
};

struct HttpOptions {
    std::string baseUrl;  // scheme, host and port, e.g. "http://127.0.0.1:8443"
    int64_t connectTimeoutMs = 10000;
    int64_t requestTimeoutMs = 60000;  // whole attempt, connect included; 0: no limit
    // An attempt whose speed stays below lowSpeedBytesPerSec for lowSpeedTimeSec is abandoned
    // (and retried): catches stalled links long before requestTimeoutMs.
    int64_t lowSpeedBytesPerSec = 1;
    int64_t lowSpeedTimeSec = 30;
    std::string caFile;  // https: trust these CA certificates instead of the system's
    std::string caPem;   // https: the same, as PEM text (the office CA from the enrolment file)
    // https: the server's public key must be one of these ("sha256//<base64>", the key in use and a
    // backup): any other key, even with a valid certificate for the name, is refused during the
    // handshake, before a request is sent (CURLOPT_PINNEDPUBLICKEY).
    std::vector<std::string> pinnedPublicKeys;
    bool verifyPeer = true;
    RetryPolicy retry;
    // Replaces the backoff wait (argument: milliseconds) when set, so tests can record the waits
    // and skip them. Cancellation is checked when it returns.
    std::function<void(int64_t)> sleeper;
};

struct TransferProgress {
    int64_t bytesSent = 0;
    int64_t bytesToSend = 0;  // 0 while unknown
    int64_t bytesReceived = 0;
    int64_t bytesToReceive = 0;  // 0 while unknown (e.g. chunked responses)

    bool operator==(const TransferProgress&) const = default;
};
// Called on the sending thread whenever a count changes. Counts are wire bytes of the current
// attempt: they restart from 0 when an attempt is retried.
using ProgressFn = std::function<void(const TransferProgress&)>;

// Shared between the thread that sends and any thread that wants to stop it. Once cancelled it
// stays cancelled: use a new token for the next operation.
class CancelToken {
public:
    void cancel();
    bool cancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    // Waits up to `ms` milliseconds, returning early on cancel(). True when cancelled.
    bool waitFor(int64_t ms) const;

private:
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
    std::atomic<bool> m_cancelled{false};
};

// Whether `baseUrl` may be used: https://, or http:// to the loopback address only.
bool plainHttpAllowedFor(const std::string& baseUrl);

// A cancelled send() returns ErrorCode::Cancelled ("cancelled: <request>"); so does a cancelled
// sync.
bool isCancelled(const Error& error);

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends `request` to baseUrl + path, retrying as RetryPolicy says. Returns the response for
    // any HTTP status that is not retried or when attempts run out on a retryable status;
    // InvalidArgument for a bad method, path or header; IoError when the transport still fails
    // after the last attempt (or at once for an error retrying cannot fix), or on cancellation
    // (see isCancelled). One request at a time: concurrent calls are serialised.
    Result<HttpResponse> send(const HttpRequest& request, const ProgressFn& progress = {},
                              const CancelToken* cancel = nullptr);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace fieldcheck::sync
