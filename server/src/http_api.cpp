#include "http_api.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "fieldcheck/core/crypto.h"
#include "password.h"
#include "protocol.h"

namespace fieldcheck::server {

using json = nlohmann::json;

namespace {

int httpStatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument: return 400;
        case ErrorCode::Unauthorized: return 403;
        case ErrorCode::NotFound: return 404;
        case ErrorCode::AlreadyExists:
        case ErrorCode::Conflict: return 409;
        case ErrorCode::Locked: return 429;
        case ErrorCode::TooNew:
        case ErrorCode::Unsupported: return 400;
        default: return 500;
    }
}

std::string codeName(int status) {
    switch (status) {
        case 400: return "bad_request";
        case 401: return "unauthenticated";
        case 403: return "forbidden";
        case 404: return "not_found";
        case 409: return "conflict";
        case 413: return "too_large";
        case 416: return "range_not_satisfiable";
        case 429: return "too_many_attempts";
        default: return "server_error";
    }
}

void answer(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void answerError(httplib::Response& res, int status, const std::string& message, json extra = json::object()) {
    json e = {{"code", codeName(status)}, {"message", message}};
    for (auto it = extra.begin(); it != extra.end(); ++it) e[it.key()] = it.value();
    answer(res, status, {{"error", e}});
}

int64_t nowMs() { return SystemClock::instance().nowMs(); }

// The client's address: the peer's, or — for a request a proxy on this machine passed on (nginx,
// packaging/nginx/) — the one the proxy names in X-Forwarded-For (its last entry: the proxy's
// own). Never taken from a peer elsewhere, which could name any address it liked.
std::string clientAddress(const httplib::Request& req) {
    if (!isLoopbackAddress(req.remote_addr)) return req.remote_addr;
    std::string forwarded = req.get_header_value("X-Forwarded-For");
    const size_t comma = forwarded.rfind(',');
    if (comma != std::string::npos) forwarded = forwarded.substr(comma + 1);
    forwarded.erase(0, forwarded.find_first_not_of(' '));
    forwarded.erase(forwarded.find_last_not_of(' ') + 1);
    const bool plausible = !forwarded.empty() && forwarded.size() <= 45 &&
                           forwarded.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
    return plausible ? forwarded : req.remote_addr;
}

}  // namespace

namespace {
std::unique_ptr<httplib::Server> makeServer(const ServerConfig& config) {
    if (config.tls()) return std::make_unique<httplib::SSLServer>(config.tlsCert.c_str(), config.tlsKey.c_str());
    return std::make_unique<httplib::Server>();
}
}  // namespace

HttpApi::HttpApi(ServerStorage& storage, const ServerConfig& config, Logger& log)
    : m_storage(storage), m_config(config), m_log(log), m_http(makeServer(config)) {
    auto dummy = hashPassword(SecretBytes::fromString("no such user"));
    if (dummy.ok()) m_dummyHash = dummy.value();
    const int threads = config.threads;
    m_http->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    m_http->set_payload_max_length(static_cast<size_t>(config.maxBodyBytes));
    m_http->set_read_timeout(30, 0);
    m_http->set_write_timeout(30, 0);
    // cpp-httplib writes a response's head and body with separate sends (and, over TLS, separate
    // records). With Nagle's algorithm the body then waits for the client's delayed ACK of the
    // head: 40 ms on Linux for every small answer, a chunk's included (docs/benchmarks.md, "Photos").
    m_http->set_tcp_nodelay(true);
    routes();
}

HttpApi::~HttpApi() = default;

Result<int> HttpApi::bind() {
    if (!m_http->is_valid()) {
        return makeError(ErrorCode::InvalidArgument, "cannot use the TLS certificate '" + m_config.tlsCert + "' with the key '" +
                                                         m_config.tlsKey + "' (missing, unreadable, not PEM, or not a pair)");
    }
    if (m_config.port == 0) {
        const int port = m_http->bind_to_any_port(m_config.listen);
        if (port <= 0) return makeError(ErrorCode::IoError, "cannot listen on " + m_config.listen);
        m_config.port = port;
        return port;
    }
    if (!m_http->bind_to_port(m_config.listen, m_config.port)) {
        return makeError(ErrorCode::IoError, "cannot listen on " + m_config.listen + ":" + std::to_string(m_config.port) +
                                                 " (in use, or not allowed)");
    }
    return m_config.port;
}

Status HttpApi::serve() {
    if (!m_http->listen_after_bind()) return makeError(ErrorCode::IoError, "the HTTP server stopped with an error");
    return {};
}

void HttpApi::stop() { m_http->stop(); }

void HttpApi::routes() {
    using Req = httplib::Request;
    using Res = httplib::Response;

    // A failure of the server's own (500): the log gets what went wrong, the client a message and an
    // incident id it can quote, which names the log line and nothing else.
    auto internalError = [this](Res& res, const std::string& event, json details, const std::string& message) {
        const std::string incident = toHex(randomBytes(6));
        details["incident"] = incident;
        m_log.error(event, details);
        answerError(res, 500, message + " (incident " + incident + ")", {{"incident", incident}});
    };

    // When the request being answered on this thread arrived: cpp-httplib routes a request and logs
    // it on the thread that read it. A request refused before routing (too large) has no start.
    static thread_local std::optional<std::chrono::steady_clock::time_point> started;
    m_http->set_pre_routing_handler([](const Req&, Res&) {
        started = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // One log line per request: who (device and user, never a token), what, how it ended.
    m_http->set_logger([this](const Req& req, const Res& res) {
        json fields = {{"method", req.method}, {"path", req.path}, {"status", res.status}, {"remote", clientAddress(req)},
                       {"bytes_in", req.body.size()}, {"bytes_out", res.body.size()}};
        if (res.has_header("FieldCheck-Device")) fields["device"] = res.get_header_value("FieldCheck-Device");
        m_log.info("request", fields);
        const double seconds = started ? std::chrono::duration<double>(std::chrono::steady_clock::now() - *started).count() : 0.0;
        started.reset();
        m_metrics.request(req.path, res.status, seconds, req.body.size(), res.body.size());
    });
    m_http->set_exception_handler([internalError](const Req& req, Res& res, std::exception_ptr ep) {
        // Whatever was being applied rolled back with the transaction the exception left.
        std::string what = "unknown";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            // Requests are checked whole at the edge (protocol.h): an exception is the server's
            // own mistake, never the way a bad request is answered.
            what = e.what();
        } catch (...) {
        }
        internalError(res, "handler_exception", {{"path", req.path}, {"what", what}}, "internal error; the request was not applied");
    });
    m_http->set_error_handler([](const Req&, Res& res) {
        if (!res.body.empty()) return;
        if (res.status == 413) answerError(res, 413, "the request body is larger than the server accepts");
        else if (res.status == 404) answerError(res, 404, "no such endpoint");
        else answerError(res, res.status, "request refused");
    });

    // Checks the protocol version (at least `oldest`); false when it answered an error already.
    auto checkProtocol = [](const Req& req, Res& res, int& protocol, int oldest) -> bool {
        const std::string version = req.get_header_value("FieldCheck-Protocol");
        if (version.empty()) {
            answerError(res, 400, "the FieldCheck-Protocol header is missing", {{"supported", {oldest, kProtocolVersion}}});
            return false;
        }
        protocol = std::atoi(version.c_str());
        if (protocol < oldest || protocol > kProtocolVersion || std::to_string(protocol) != version) {
            answerError(res, 400, "protocol version '" + version + "' is not supported " +
                                      (oldest == kOldestProtocolVersion ? std::string("by this server") : "here (photos and documents need version " + std::to_string(oldest) + ")"),
                        {{"supported", {oldest, kProtocolVersion}}});
            return false;
        }
        return true;
    };
    // Parses the body and checks the protocol version; false when it answered an error already.
    auto parseRequest = [checkProtocol](const Req& req, Res& res, json& body, int& protocol, int oldest = kOldestProtocolVersion) -> bool {
        if (!checkProtocol(req, res, protocol, oldest)) return false;
        body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) {
            answerError(res, 400, "the request body is not valid JSON");
            return false;
        }
        if (!body.is_object()) {
            answerError(res, 400, "the request body must be a JSON object");
            return false;
        }
        return true;
    };

    // Resolves the bearer token to a device and its user; false when it answered an error already.
    // A revoked device gets a wipe order (410) wherever it knocks, except where it reports the
    // wipe done (`allowRevoked`).
    auto authenticate = [this, internalError](const Req& req, Res& res, RequestContext& ctx, bool allowRevoked = false) -> bool {
        const std::string auth = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        if (auth.rfind(prefix, 0) != 0 || auth.size() <= prefix.size()) {
            answerError(res, 401, "this request needs a device token (enroll the device first)");
            return false;
        }
        auto device = m_storage.deviceByTokenHash(sha256Hex(auth.substr(prefix.size())));
        if (!device.ok()) {
            internalError(res, "storage_error", {{"where", "token"}, {"error", device.error().toString()}}, "cannot check the token now; try again");
            return false;
        }
        if (!device.value()) {
            answerError(res, 401, "unknown device token; enroll the device again");
            return false;
        }
        if (device.value()->revoked && !allowRevoked) {
            m_log.warn("wipe_ordered", {{"device", device.value()->deviceId}, {"user", device.value()->userName}});
            answer(res, 410, {{"error", {{"code", "wipe"},
                                         {"message", "this device was revoked by the office: it must erase its FieldCheck data and keys"}}}});
            return false;
        }
        const std::string claimed = req.get_header_value("FieldCheck-Device");
        if (!claimed.empty() && claimed != device.value()->deviceId) {
            answerError(res, 403, "the token belongs to another device than the one named in FieldCheck-Device");
            return false;
        }
        auto user = m_storage.userWithHash(device.value()->userName);
        if (!user.ok() || !user.value()) {
            answerError(res, 403, "the device's user no longer exists");
            return false;
        }
        if (user.value()->first.disabled) {
            answerError(res, 403, "the user '" + user.value()->first.userName + "' is disabled");
            return false;
        }
        ctx.device = *device.value();
        ctx.user = user.value()->first;
        res.set_header("FieldCheck-Device", ctx.device.deviceId);
        ctx.nowMs = nowMs();
        m_metrics.deviceSeen(ctx.device.deviceId, ctx.nowMs);
        return true;
    };

    auto fail = [internalError](Res& res, const Error& e, const std::string& where) {
        const int status = httpStatusFor(e.code);
        if (status >= 500) internalError(res, "storage_error", {{"where", where}, {"error", e.toString()}}, "the request was not applied; try again");
        else answerError(res, status, e.message);
    };

    m_http->Get("/v1/health", [](const Req&, Res& res) {
        answer(res, 200, {{"status", "ok"}, {"protocol", kProtocolVersion}, {"oldest_protocol", kOldestProtocolVersion}, {"server_time_ms", nowMs()}});
    });

    // For a load balancer or systemd's watchdog: the process answers *and* its database does.
    m_http->Get("/healthz", [this](const Req&, Res& res) {
        auto head = m_storage.headSeq();
        if (!head.ok()) {
            m_log.error("health_check_failed", {{"error", head.error().toString()}});
            answer(res, 503, {{"status", "unavailable"}});
            return;
        }
        answer(res, 200, {{"status", "ok"}, {"head_seq", head.value()}});
    });

    // Prometheus' text format, to scrapers on this machine only: the counters name no person or
    // record, but how busy the office is and which devices are active is nobody else's business.
    m_http->Get("/metrics", [this](const Req& req, Res& res) {
        if (!isLoopbackAddress(req.remote_addr)) {
            answerError(res, 403, "metrics are served to this machine only (scrape through a local agent or a proxy)");
            return;
        }
        res.status = 200;
        res.set_content(m_metrics.text(nowMs()), "text/plain; version=0.0.4");
    });

    m_http->Post("/v1/enroll", [this, parseRequest, internalError](const Req& req, Res& res) {
        json body;
        int protocol = 0;
        if (!parseRequest(req, res, body, protocol)) return;
        const json user = body.value("user", json());
        const json password = body.value("password", json());
        const json storeDevice = body.value("store_device_id", json());
        if (!user.is_string() || !password.is_string() || !storeDevice.is_string() || user.get<std::string>().empty()) {
            answerError(res, 400, "enroll needs string fields 'user', 'password' and 'store_device_id'");
            return;
        }
        const std::string userName = user.get<std::string>();
        const std::string deviceName = body.value("device_name", json("")).is_string() ? body.value("device_name", std::string()) : "";
        const int64_t now = nowMs();
        // Throttled by user name and by client address, whichever is locked longer.
        const std::string address = clientAddress(req);
        for (const std::string& key : {"user:" + userName, "addr:" + address}) {
            auto until = m_storage.loginLockedUntil(key);
            if (until.ok() && until.value() > now) {
                const int64_t waitS = (until.value() - now + 999) / 1000;
                res.set_header("Retry-After", std::to_string(waitS));
                answerError(res, 429, "too many failed logins; try again in " + std::to_string(waitS) + " s", {{"retry_after_s", waitS}});
                m_log.warn("login_locked", {{"user", userName}, {"remote", address}});
                return;
            }
        }
        auto found = m_storage.userWithHash(userName);
        if (!found.ok()) {
            internalError(res, "storage_error", {{"where", "login"}, {"error", found.error().toString()}}, "cannot check the login now; try again");
            return;
        }
        const bool known = found.value().has_value() && !found.value()->first.disabled;
        const bool ok = verifyPassword(known ? found.value()->second : m_dummyHash, password.get<std::string>()) && known;
        // A success clears its own user's count only: one valid account must not reopen guessing
        // at the others from the same address.
        (void)m_storage.recordLoginResult("user:" + userName, ok, now);
        if (!ok) (void)m_storage.recordLoginResult("addr:" + address, false, now);
        if (!ok) {
            m_log.warn("login_failed", {{"user", userName}, {"remote", address}});
            answerError(res, 401, "wrong user name or password");
            return;
        }
        // The token is shown once, to this device; the server keeps only its hash.
        const std::string token = toHex(randomBytes(32));
        auto device = m_storage.enrollDevice(userName, storeDevice.get<std::string>(), deviceName, sha256Hex(token), now);
        if (!device.ok()) {
            internalError(res, "storage_error", {{"where", "enroll"}, {"error", device.error().toString()}}, "cannot enroll the device now; try again");
            return;
        }
        m_log.info("device_enrolled", {{"user", userName}, {"device", device->deviceId}, {"name", deviceName}});
        answer(res, 200, {{"device_id", device->deviceId}, {"token", token}, {"user", found.value()->first.toJson()},
                          {"server_time_ms", now}, {"protocol", kProtocolVersion},
                          {"max_offline_ms", m_config.maxOfflineDays * 24 * 3600 * 1000},
                          {"receipt_key", m_storage.receiptPublicKey()}});
    });

    m_http->Post("/v1/push", [this, parseRequest, authenticate, fail](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol) || !authenticate(req, res, ctx)) return;
        auto request = protocol::parsePush(body);
        if (!request.ok()) return fail(res, request.error(), "push");
        // The audit entries first: checked before the ops they describe are applied.
        auto acked = m_storage.receiveAudit(ctx, request->audit);
        if (!acked.ok()) return fail(res, acked.error(), "push.audit");
        auto results = m_storage.push(ctx, request->ops);
        if (!results.ok()) return fail(res, results.error(), "push");
        json out = std::move(results).value();
        m_metrics.pushAnswered(out["results"]);
        out["audit_acked"] = acked.value();
        out["server_time_ms"] = nowMs();
        out["max_offline_ms"] = m_config.maxOfflineDays * 24 * 3600 * 1000;
        if (ctx.device.tokenRenewalDue) out["renew_token"] = true;
        answer(res, 200, out);
    });

    m_http->Post("/v1/pull", [this, parseRequest, authenticate, fail](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol) || !authenticate(req, res, ctx)) return;
        auto request = protocol::parsePull(body);
        if (!request.ok()) return fail(res, request.error(), "pull");
        int64_t acked = ctx.device.auditSeq;
        if (!request->audit.empty()) {
            auto a = m_storage.receiveAudit(ctx, request->audit);
            if (!a.ok()) return fail(res, a.error(), "pull.audit");
            acked = a.value();
        }
        auto page = m_storage.pull(ctx, request->cursor, request->limit);
        if (!page.ok()) return fail(res, page.error(), "pull");
        json out = std::move(page).value();
        out["audit_acked"] = acked;
        out["server_time_ms"] = nowMs();
        out["max_offline_ms"] = m_config.maxOfflineDays * 24 * 3600 * 1000;
        if (ctx.device.tokenRenewalDue) out["renew_token"] = true;
        answer(res, 200, out);
    });

    // The keys the server signs receipts with: the current one and each rotation, signed by the key
    // it retired (a device follows the chain from the key it was enrolled with).
    m_http->Post("/v1/receipt-keys", [this, parseRequest, authenticate, fail](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol) || !authenticate(req, res, ctx)) return;
        auto chain = m_storage.receiptKeyChain();
        if (!chain.ok()) return fail(res, chain.error(), "receipt-keys");
        answer(res, 200, chain.value());
    });

    // A device renews its token (when told to, `renew_token` in a push or pull answer, or of its
    // own accord). The new token is shown once; the old one works until the new one is first used,
    // so an answer lost on the way costs nothing: the device asks again with the old one.
    m_http->Post("/v1/device/token", [this, parseRequest, authenticate, fail](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol) || !authenticate(req, res, ctx)) return;
        const std::string token = toHex(randomBytes(32));
        Status st = m_storage.issueNextToken(ctx, sha256Hex(token));
        if (!st.ok()) return fail(res, st.error(), "device.token");
        m_log.info("device_token_issued", {{"device", ctx.device.deviceId}, {"user", ctx.user.userName}});
        answer(res, 200, {{"token", token}});
    });

    // A device checks its receipts: what the server holds now of the records its pushes produced.
    m_http->Post("/v1/receipts/check", [this, parseRequest, authenticate, fail](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol) || !authenticate(req, res, ctx)) return;
        const json list = body.value("records", json());
        if (!list.is_array() || list.size() > kMaxOpsPerPush) {
            answerError(res, 400, "'records' must be an array of at most " + std::to_string(kMaxOpsPerPush) + " {\"type\", \"id\"} objects");
            return;
        }
        std::vector<std::pair<std::string, std::string>> records;
        for (size_t i = 0; i < list.size(); ++i) {
            const json& r = list[i];
            if (!r.is_object() || !r.value("type", json()).is_string() || !r.value("id", json()).is_string()) {
                answerError(res, 400, "records[" + std::to_string(i) + "] needs string fields 'type' and 'id'");
                return;
            }
            records.emplace_back(r["type"].get<std::string>(), r["id"].get<std::string>());
        }
        auto checked = m_storage.checkReceipts(ctx, records);
        if (!checked.ok()) return fail(res, checked.error(), "receipts.check");
        answer(res, 200, checked.value());
    });

    // A revoked device reports that it carried out its wipe order (its last request).
    m_http->Post("/v1/wiped", [this, parseRequest, authenticate, fail](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol) || !authenticate(req, res, ctx, true)) return;
        if (!ctx.device.revoked) {
            answerError(res, 409, "this device is not revoked: nothing to report");
            return;
        }
        Status st = m_storage.recordWiped(ctx);
        if (!st.ok()) return fail(res, st.error(), "wiped");
        m_log.info("device_wiped", {{"device", ctx.device.deviceId}, {"user", ctx.user.userName}});
        answer(res, 200, {{"status", "recorded"}});
    });

    // ---- photos and documents (docs/sync-protocol.md, "Photos and documents")
    constexpr int kBlobProtocol = 4;
    auto blobAnswer = [](Res& res, const BlobUpload& state) {
        if (state.offsetMismatch) {
            answerError(res, 409, "the upload stands at byte " + std::to_string(state.received) + ": resume from there",
                        {{"upload", state.toJson()}});
            return;
        }
        answer(res, 200, state.toJson());
    };

    m_http->Post(R"(/v1/blobs/([0-9a-f]{64})/status)", [this, parseRequest, authenticate, fail, blobAnswer](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol, kBlobProtocol) || !authenticate(req, res, ctx)) return;
        auto state = m_storage.blobStatus(ctx, req.matches[1]);
        if (!state.ok()) return fail(res, state.error(), "blob.status");
        blobAnswer(res, state.value());
    });

    // The chunk is the raw body; where it goes is the query's offset, what it must hash to the
    // FieldCheck-Chunk-SHA256 header.
    m_http->Post(R"(/v1/blobs/([0-9a-f]{64})/chunk)", [this, checkProtocol, authenticate, fail, blobAnswer](const Req& req, Res& res) {
        RequestContext ctx;
        if (!checkProtocol(req, res, ctx.protocol, kBlobProtocol) || !authenticate(req, res, ctx)) return;
        const std::string offsetText = req.get_param_value("offset");
        char* end = nullptr;
        const long long offset = offsetText.empty() ? -1 : std::strtoll(offsetText.c_str(), &end, 10);
        if (offsetText.empty() || end == nullptr || *end != '\0' || offset < 0 || offsetText.size() > 15) {
            answerError(res, 400, "a chunk needs its byte offset as the query parameter 'offset' (a whole number)");
            return;
        }
        const std::string chunkSha = req.get_header_value("FieldCheck-Chunk-SHA256");
        if (chunkSha.size() != 64) {
            answerError(res, 400, "a chunk needs its SHA-256 (64 hex digits) in the FieldCheck-Chunk-SHA256 header");
            return;
        }
        auto state = m_storage.appendBlobChunk(ctx, req.matches[1], offset, chunkSha, req.body);
        if (!state.ok()) return fail(res, state.error(), "blob.chunk");
        if (!state->offsetMismatch) m_metrics.blobBytes(static_cast<int64_t>(req.body.size()), 0);
        blobAnswer(res, state.value());
    });

    m_http->Post(R"(/v1/blobs/([0-9a-f]{64})/proof)", [this, parseRequest, authenticate, fail, blobAnswer](const Req& req, Res& res) {
        json body;
        RequestContext ctx;
        if (!parseRequest(req, res, body, ctx.protocol, kBlobProtocol) || !authenticate(req, res, ctx)) return;
        const json proof = body.value("proof", json());
        if (!proof.is_string()) {
            answerError(res, 400, "a proof needs the string field 'proof'");
            return;
        }
        auto state = m_storage.proveBlob(ctx, req.matches[1], proof.get<std::string>());
        if (!state.ok()) return fail(res, state.error(), "blob.proof");
        blobAnswer(res, state.value());
    });

    // The attachment's bytes, whole or one range (HTTP ranges: a broken download resumes where it
    // stopped). cpp-httplib answers the range (206, Content-Range) from a content provider, which
    // reads the blob a piece at a time: memory stays bounded whatever the file's size.
    m_http->Get(R"(/v1/attachments/([0-9A-Za-z_-]{1,64})/content)", [this, checkProtocol, authenticate, fail](const Req& req, Res& res) {
        RequestContext ctx;
        if (!checkProtocol(req, res, ctx.protocol, kBlobProtocol) || !authenticate(req, res, ctx)) return;
        if (req.ranges.size() > 1) {
            answerError(res, 416, "one range at a time, as 'bytes=FROM-' or 'bytes=FROM-TO'");
            return;
        }
        const std::string attachmentId = req.matches[1];
        auto head = m_storage.readAttachment(ctx, attachmentId, 0, 0);  // the checks, and the size
        if (!head.ok()) return fail(res, head.error(), "attachment.content");
        const int64_t size = head->size;
        if (!req.ranges.empty()) {
            const auto [first, last] = req.ranges.front();
            const bool suffix = first < 0;  // "bytes=-N": the last N bytes
            if ((!suffix && first >= size && size > 0) || (suffix && last <= 0) || (last >= 0 && !suffix && last < first)) {
                res.set_header("Content-Range", "bytes */" + std::to_string(size));
                answerError(res, 416, "the range asked for is outside attachment '" + attachmentId + "' (" + std::to_string(size) + " bytes)");
                return;
            }
            // cpp-httplib 0.11 does not clamp a range's end to a content provider's length (it
            // would announce and ask for bytes past the end): clamp it here, as RFC 9110 says.
            auto& range = const_cast<Req&>(req).ranges.front();
            if (range.second >= size) range.second = static_cast<ssize_t>(size) - (suffix ? 0 : 1);
        }
        res.set_header("Accept-Ranges", "bytes");
        res.set_header("FieldCheck-Content-SHA256", head->sha256);
        res.set_content_provider(static_cast<size_t>(size), "application/octet-stream",
                                 [this, ctx, attachmentId](size_t offset, size_t length, httplib::DataSink& sink) {
            auto part = m_storage.readAttachment(ctx, attachmentId, static_cast<int64_t>(offset),
                                                 std::min<int64_t>(static_cast<int64_t>(length), kMaxBlobReadBytes));
            if (!part.ok() || part->bytes.empty()) {
                m_log.error("attachment_read_failed", {{"attachment", attachmentId},
                                                       {"error", part.ok() ? std::string("no bytes") : part.error().toString()}});
                return false;  // the connection is closed: the client sees a cut and resumes
            }
            m_metrics.blobBytes(0, static_cast<int64_t>(part->bytes.size()));
            return sink.write(reinterpret_cast<const char*>(part->bytes.data()), part->bytes.size());
        });
    });

    m_http->Get("/v1/audit/flags", [this, authenticate, fail](const Req& req, Res& res) {
        RequestContext ctx;
        if (!authenticate(req, res, ctx)) return;
        if (ctx.user.role != "discipline_inspector") {
            answerError(res, 403, "audit flags are for discipline inspectors");
            return;
        }
        auto flags = m_storage.auditFlags();
        if (!flags.ok()) return fail(res, flags.error(), "audit.flags");
        json out = json::array();
        for (const auto& f : flags.value()) out.push_back(f.toJson());
        answer(res, 200, {{"flags", out}});
    });
}

}  // namespace fieldcheck::server
