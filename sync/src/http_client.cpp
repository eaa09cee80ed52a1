#include "fieldcheck/sync/http_client.h"

#include <curl/curl.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string_view>
#include <thread>

namespace fieldcheck::sync {
namespace {

constexpr std::string_view kCancelledPrefix = "cancelled";  // the message of ErrorCode::Cancelled

// How long the transfer loop may sleep in curl_multi_poll. While nothing moves, curl calls the
// progress callback only about once a second; waking this often is what bounds the cancellation
// latency (~100 ms promised) and costs nothing measurable.
constexpr int kPollIntervalMs = 50;

CURLcode globalInit() {
    static std::once_flag once;
    static CURLcode code = CURLE_OK;
    std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return code;
}

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

Result<std::string> gzipCompress(std::string_view data) {
    z_stream zs{};
    // windowBits 15 + 16 asks for the gzip wrapper, which is what Content-Encoding: gzip means
    // (a bare zlib stream would be "deflate").
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return makeError(ErrorCode::Internal, "gzip: zlib could not be initialised");
    }
    std::string out;
    out.reserve(deflateBound(&zs, static_cast<uLong>(data.size())));
    size_t offset = 0;
    char buffer[16384];
    int rc = Z_OK;
    do {
        // avail_in is 32 bits wide: feed larger bodies in slices.
        if (zs.avail_in == 0 && offset < data.size()) {
            const size_t n =
                std::min<size_t>(data.size() - offset, std::numeric_limits<uInt>::max());
            zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
            zs.avail_in = static_cast<uInt>(n);
            offset += n;
        }
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = deflate(&zs, offset == data.size() ? Z_FINISH : Z_NO_FLUSH);
        if (rc == Z_STREAM_ERROR) break;
        out.append(buffer, sizeof buffer - zs.avail_out);
    } while (rc != Z_STREAM_END);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) return makeError(ErrorCode::Internal, "gzip: compression failed");
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string toLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool hasLineBreak(std::string_view s) {
    return s.find_first_of("\r\n") != std::string_view::npos;
}

// State shared with curl's callbacks during one attempt. The callbacks are C code's callers: no
// exception may leave them, so failures are recorded here and the transfer is aborted instead.
struct Transfer {
    const CancelToken* cancel = nullptr;
    const ProgressFn* progress = nullptr;
    std::optional<TransferProgress> lastReported;
    bool callbackFailed = false;
    std::string body;
    std::map<std::string, std::string> headers;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    try {
        t->body.append(data, size * count);
        return size * count;
    } catch (...) {
        return 0;  // curl fails the transfer with CURLE_WRITE_ERROR
    }
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    try {
        // Each status line starts a response of its own (an interim 100 Continue comes first):
        // keep only the final response's headers.
        if (line.starts_with("HTTP/")) {
            t->headers.clear();
            return line.size();
        }
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) return line.size();  // the blank line at the end
        const std::string name = toLower(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        auto [it, inserted] = t->headers.emplace(name, value);
        if (!inserted) it->second.append(", ").append(value);
        return line.size();
    } catch (...) {
        return 0;  // curl fails the transfer with CURLE_WRITE_ERROR
    }
}

int onTransferInfo(void* user, curl_off_t toReceive, curl_off_t received, curl_off_t toSend,
                   curl_off_t sent) {
    auto* t = static_cast<Transfer*>(user);
    // Non-zero makes curl end the transfer with CURLE_ABORTED_BY_CALLBACK.
    if (t->cancel && t->cancel->cancelled()) return 1;
    if (t->progress && *t->progress) {
        const TransferProgress now{sent, toSend, received, toReceive};
        if (t->lastReported == now) return 0;  // curl calls far more often than counts change
        t->lastReported = now;
        try {
            (*t->progress)(now);
        } catch (...) {
            t->callbackFailed = true;
            return 1;
        }
    }
    return 0;
}

// What one attempt produced: a curl error, or an HTTP response of any status.
struct Attempt {
    CURLcode code = CURLE_OK;
    bool cancelled = false;
    bool callbackFailed = false;
    // Fewer body bytes arrived than Content-Length announced: the connection was cut.
    bool bodyCut = false;
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    int64_t bytesSent = 0;
    int64_t bytesReceived = 0;
};

// The failures a flaky link or a restarting server produces, which a new attempt can cure.
bool isTransient(const Attempt& a) {
    switch (a.code) {
        case CURLE_COULDNT_CONNECT:     // refused, unreachable
        case CURLE_OPERATION_TIMEDOUT:  // timeouts, and stalls below the low-speed limit
        case CURLE_SEND_ERROR:          // reset or closed while sending
        case CURLE_RECV_ERROR:          // reset while receiving
        case CURLE_GOT_NOTHING:         // closed before any response
        case CURLE_PARTIAL_FILE:        // closed before the whole body
        case CURLE_HTTP2_STREAM:        // an HTTP/2 stream reset (https)
            return true;
        case CURLE_BAD_CONTENT_ENCODING:
            // A cut gzip body fails to decode; a complete one that fails will fail again.
            return a.bodyCut;
        default:
            return false;
    }
}

bool isTransientStatus(long status) {
    return status == 429 || (status >= 500 && status <= 599);
}

// Retry-After in seconds, capped. The HTTP-date form is not understood: the backoff applies.
std::optional<int64_t> retryAfterMs(const std::map<std::string, std::string>& headers,
                                    int64_t capMs) {
    capMs = std::max<int64_t>(capMs, 0);
    auto it = headers.find("retry-after");
    if (it == headers.end()) return std::nullopt;
    const std::string_view text = trim(it->second);
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc::result_out_of_range) return capMs;
    if (ec != std::errc() || end != text.data() + text.size() || seconds < 0) return std::nullopt;
    return seconds >= capMs / 1000 + 1 ? capMs : std::min(capMs, seconds * 1000);
}

Error cancelledError(const std::string& label) {
    return makeError(ErrorCode::Cancelled, std::string(kCancelledPrefix) + ": " + label);
}

Error transportError(const std::string& label, CURLcode code, int attempts) {
    // The server is not the one this device trusts: a key that is not pinned, or a certificate
    // the office CA did not sign or that names another host. Nothing was sent.
    if (code == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
        return makeError(ErrorCode::Unauthorized, label + ": the server's public key matches none of the pins this device was "
                                                          "enrolled with; refused before anything was sent");
    }
    if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) {
        return makeError(ErrorCode::Unauthorized, label + ": the server's certificate is not one this device trusts (" +
                                                          curl_easy_strerror(code) + "); refused before anything was sent");
    }
    // These mean the client is misconfigured (baseUrl), not that the network failed.
    const ErrorCode ec = code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL
                             ? ErrorCode::InvalidArgument
                             : ErrorCode::IoError;
    return makeError(ec, label + ": " + curl_easy_strerror(code) + " (after " +
                             std::to_string(attempts) +
                             (attempts == 1 ? " attempt)" : " attempts)"));
}

}  // namespace

bool plainHttpAllowedFor(const std::string& baseUrl) {
    if (baseUrl.rfind("http://", 0) != 0) return true;  // https (or something curl refuses itself)
    std::string host = baseUrl.substr(7);
    host = host.substr(0, host.find('/'));
    if (host.rfind("[::1]", 0) == 0) return true;
    host = host.substr(0, host.find(':'));
    return host == "127.0.0.1" || host == "localhost";
}

void CancelToken::cancel() {
    {
        std::lock_guard lock(m_mutex);
        m_cancelled.store(true, std::memory_order_release);
    }
    m_cv.notify_all();
}

bool CancelToken::waitFor(int64_t ms) const {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(ms, 0)),
                         [this] { return cancelled(); });
}

bool isCancelled(const Error& error) {
    return error.code == ErrorCode::Cancelled;
}

struct HttpClient::Impl {
    HttpOptions options;
    std::mt19937_64 rng;
    // The multi handle owns the connection cache, so the easy handle is added to it for each
    // attempt and the connection stays alive between calls. (Driving the transfer through the
    // multi interface, rather than curl_easy_perform, is what lets us poll for cancellation.)
    std::unique_ptr<CURLM, MultiDeleter> multi;
    std::unique_ptr<CURL, EasyDeleter> easy;  // declared after multi: cleaned up first
    std::mutex mutex;
    std::string pins;  // options.pinnedPublicKeys as curl takes them: joined with ';'

    explicit Impl(HttpOptions o)
        : options(std::move(o)),
          rng(options.retry.jitterSeed != 0
                  ? options.retry.jitterSeed
                  : (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()) {
        for (const auto& pin : options.pinnedPublicKeys) pins += (pins.empty() ? "" : ";") + pin;
        while (!options.baseUrl.empty() && options.baseUrl.back() == '/')
            options.baseUrl.pop_back();
        if (globalInit() == CURLE_OK) {
            multi.reset(curl_multi_init());
            easy.reset(curl_easy_init());
        }
    }

    int64_t backoffMs(int retry) {
        const RetryPolicy& p = options.retry;
        const int64_t maxMs = std::max<int64_t>(p.maxBackoffMs, 0);
        const double bound =
            static_cast<double>(p.initialBackoffMs) * std::pow(p.multiplier, retry);
        // Written so that overflow (inf) lands on maxMs and NaN on 0.
        const int64_t capMs = bound >= static_cast<double>(maxMs) ? maxMs
                              : bound > 0                         ? static_cast<int64_t>(bound)
                                                                  : 0;
        return std::uniform_int_distribution<int64_t>(0, capMs)(rng);
    }

    // True when cancelled before or during the wait.
    bool wait(int64_t ms, const CancelToken* cancel) {
        if (options.sleeper) {
            options.sleeper(ms);
            return cancel && cancel->cancelled();
        }
        if (cancel) return cancel->waitFor(ms);
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        return false;
    }

    CURLcode configure(const std::string& url, const std::string& method, const std::string& body,
                       curl_slist* headers, Transfer& transfer) {
        CURL* h = easy.get();
        // Forget the previous request's options; connections and caches survive a reset.
        curl_easy_reset(h);
        CURLcode rc = CURLE_OK;
        auto check = [&rc](CURLcode c) {
            if (rc == CURLE_OK) rc = c;
        };
        check(curl_easy_setopt(h, CURLOPT_URL, url.c_str()));
        check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"));
        // Timeouts by signal (SIGALRM) are unsafe in a multithreaded app.
        check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));
        check(curl_easy_setopt(h, CURLOPT_USERAGENT, "FieldCheck"));
        // gzip only: offered brotli, cpp-httplib compresses at brotli's highest quality, which
        // cost the server three quarters of its CPU in the sync benchmark (docs/benchmarks.md).
        check(curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip"));
        check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                               static_cast<long>(options.connectTimeoutMs)));
        check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.requestTimeoutMs)));
        if (options.lowSpeedTimeSec > 0) {
            check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT,
                                   static_cast<long>(options.lowSpeedBytesPerSec)));
            check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                                   static_cast<long>(options.lowSpeedTimeSec)));
        }
        if (!options.caFile.empty())
            check(curl_easy_setopt(h, CURLOPT_CAINFO, options.caFile.c_str()));
        if (!options.caPem.empty()) {
            curl_blob ca{const_cast<char*>(options.caPem.data()), options.caPem.size(), CURL_BLOB_COPY};
            check(curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca));
        }
        if (!pins.empty()) check(curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, pins.c_str()));
        check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verifyPeer ? 1L : 0L));
        check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verifyPeer ? 2L : 0L));
        check(curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers));
        if (method == "POST") {
            check(curl_easy_setopt(h, CURLOPT_POST, 1L));
            check(curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                                   static_cast<curl_off_t>(body.size())));
            // Not copied by curl: `body` outlives the attempt.
            check(curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data()));
        } else {
            check(curl_easy_setopt(h, CURLOPT_HTTPGET, 1L));
        }
        check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody));
        check(curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer));
        check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader));
        check(curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer));
        check(curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L));
        check(curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, onTransferInfo));
        check(curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer));
        return rc;
    }

    Result<Attempt> attempt(const std::string& url, const std::string& method,
                            const std::string& body, curl_slist* headers,
                            const ProgressFn& progress, const CancelToken* cancel) {
        Transfer transfer;
        transfer.cancel = cancel;
        transfer.progress = &progress;
        Attempt a;
        if (CURLcode rc = configure(url, method, body, headers, transfer); rc != CURLE_OK) {
            return makeError(ErrorCode::Internal,
                             std::string("libcurl refused an option: ") + curl_easy_strerror(rc));
        }
        CURLMcode mc = curl_multi_add_handle(multi.get(), easy.get());
        if (mc != CURLM_OK) {
            return makeError(ErrorCode::Internal,
                             std::string("libcurl: ") + curl_multi_strerror(mc));
        }
        bool abandoned = false;
        for (;;) {
            int running = 0;
            mc = curl_multi_perform(multi.get(), &running);
            if (mc != CURLM_OK || running == 0) break;
            // The progress callback sees cancellation while the transfer runs; this check covers
            // the phases where curl does not call it (name resolution, connecting).
            if (cancel && cancel->cancelled()) {
                abandoned = true;
                break;
            }
            mc = curl_multi_poll(multi.get(), nullptr, 0, kPollIntervalMs, nullptr);
            if (mc != CURLM_OK) break;
        }
        if (mc == CURLM_OK && !abandoned) {
            int queued = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy.get()) {
                    a.code = msg->data.result;
                }
            }
        }
        // Removing a handle mid-transfer (cancelled) closes its connection; a finished one goes
        // back to the multi handle's cache for the next call.
        curl_multi_remove_handle(multi.get(), easy.get());
        if (mc != CURLM_OK) {
            return makeError(ErrorCode::Internal,
                             std::string("libcurl: ") + curl_multi_strerror(mc));
        }

        curl_off_t sent = 0, received = 0, announced = -1;
        curl_easy_getinfo(easy.get(), CURLINFO_SIZE_UPLOAD_T, &sent);
        curl_easy_getinfo(easy.get(), CURLINFO_SIZE_DOWNLOAD_T, &received);
        curl_easy_getinfo(easy.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
        curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &a.status);
        a.bytesSent = sent;
        a.bytesReceived = received;
        a.bodyCut = announced >= 0 && received < announced;
        a.callbackFailed = transfer.callbackFailed;
        a.cancelled = abandoned || (a.code == CURLE_ABORTED_BY_CALLBACK && !a.callbackFailed);
        a.body = std::move(transfer.body);
        a.headers = std::move(transfer.headers);
        return a;
    }

    Result<HttpResponse> send(const HttpRequest& request, const ProgressFn& progress,
                              const CancelToken* cancel) {
        if (globalInit() != CURLE_OK || !multi || !easy) {
            return makeError(ErrorCode::Internal, "libcurl could not be initialised");
        }
        if (request.method != "GET" && request.method != "POST") {
            return makeError(ErrorCode::InvalidArgument, "HTTP method must be GET or POST");
        }
        if (!request.path.starts_with('/')) {
            return makeError(ErrorCode::InvalidArgument, "request path must start with '/'");
        }
        // Messages name the path without its query, which could carry identifiers.
        const std::string label =
            request.method + " " + request.path.substr(0, request.path.find('?'));
        if (request.method == "GET" && !request.body.empty()) {
            return makeError(ErrorCode::InvalidArgument, label + ": a GET request has no body");
        }

        SlistPtr headers;
        auto addHeader = [&headers](const std::string& line) {
            curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
            if (!grown) return false;
            (void)headers.release();  // now owned by `grown`
            headers.reset(grown);
            return true;
        };
        bool hasContentType = false;
        for (const auto& [name, value] : request.headers) {
            // A line break would let a value smuggle in headers of its own.
            if (name.empty() || hasLineBreak(name) ||
                name.find_first_of(std::string(":\0", 2)) != std::string::npos) {
                return makeError(
                    ErrorCode::InvalidArgument,
                    label + ": a header name is empty or contains ':', NUL or a line break");
            }
            if (hasLineBreak(value) || value.find('\0') != std::string::npos) {
                return makeError(
                    ErrorCode::InvalidArgument,
                    label + ": the value of header '" + name + "' contains NUL or a line break");
            }
            hasContentType = hasContentType || toLower(name) == "content-type";
            if (!addHeader(name + ": " + value)) {
                return makeError(ErrorCode::Internal, "out of memory building request headers");
            }
        }

        const std::string* body = &request.body;
        std::string compressed;
        bool ok = true;
        if (!request.body.empty()) {
            if (!hasContentType) ok = ok && addHeader("Content-Type: application/json");
            if (request.compressBody) {
                FC_ASSIGN_OR_RETURN(compressed, gzipCompress(request.body));
                body = &compressed;
                ok = ok && addHeader("Content-Encoding: gzip");
            }
        }
        // No "Expect: 100-continue" round trip before large bodies: the server accepts or rejects
        // a push only after reading it anyway.
        ok = ok && addHeader("Expect:");
        if (!ok) return makeError(ErrorCode::Internal, "out of memory building request headers");

        if (!plainHttpAllowedFor(options.baseUrl)) {
            return makeError(ErrorCode::InvalidArgument, label + ": plain http:// is refused except to 127.0.0.1; the server must be https://");
        }
        const std::string url = options.baseUrl + request.path;
        const int maxAttempts = std::max(1, options.retry.maxAttempts);
        int64_t totalSent = 0;
        int64_t totalReceived = 0;
        for (int attemptNo = 1;; ++attemptNo) {
            if (cancel && cancel->cancelled()) return cancelledError(label);
            FC_ASSIGN_OR_RETURN(
                Attempt a, attempt(url, request.method, *body, headers.get(), progress, cancel));
            totalSent += a.bytesSent;
            totalReceived += a.bytesReceived;
            if (a.cancelled) return cancelledError(label);
            if (a.callbackFailed) {
                return makeError(ErrorCode::Internal, label + ": the progress callback threw");
            }

            const bool last = attemptNo >= maxAttempts;
            int64_t delayMs = 0;
            if (a.code != CURLE_OK) {
                if (!isTransient(a) || last) return transportError(label, a.code, attemptNo);
                delayMs = backoffMs(attemptNo - 1);
            } else {
                if (!isTransientStatus(a.status) || last) {
                    return HttpResponse{a.status,  std::move(a.body), std::move(a.headers),
                                        totalSent, totalReceived,     attemptNo};
                }
                const auto serverAsked = retryAfterMs(a.headers, options.retry.maxBackoffMs);
                delayMs = serverAsked ? *serverAsked : backoffMs(attemptNo - 1);
            }
            if (wait(delayMs, cancel)) return cancelledError(label);
        }
    }
};

HttpClient::HttpClient(HttpOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Result<HttpResponse> HttpClient::send(const HttpRequest& request, const ProgressFn& progress,
                                      const CancelToken* cancel) {
    if (!m_impl) return makeError(ErrorCode::Internal, "HttpClient used after being moved from");
    std::lock_guard lock(m_impl->mutex);
    return m_impl->send(request, progress, cancel);
}

}  // namespace fieldcheck::sync
