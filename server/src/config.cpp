#include "config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "nlohmann/json.hpp"

namespace fieldcheck::server {

namespace {

Result<int64_t> parseInt(const std::string& name, const std::string& text, int64_t min, int64_t max) {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < min || v > max) {
        return makeError(ErrorCode::InvalidArgument, "setting '" + name + "': '" + text + "' is not a whole number from " +
                                                         std::to_string(min) + " to " + std::to_string(max));
    }
    return static_cast<int64_t>(v);
}

}  // namespace

bool isLoopbackAddress(const std::string& address) {
    return address == "127.0.0.1" || address == "::1" || address == "localhost" || address.rfind("127.", 0) == 0;
}

Result<ServerConfig> loadConfig(const std::string& path) {
    ServerConfig c;
    if (!path.empty()) {
        std::ifstream in(path);
        if (!in) return makeError(ErrorCode::NotFound, "cannot read the config file '" + path + "'");
        std::stringstream text;
        text << in.rdbuf();
        auto j = nlohmann::json::parse(text.str(), nullptr, false);
        if (!j.is_object()) return makeError(ErrorCode::InvalidArgument, "the config file '" + path + "' is not a JSON object");
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string& k = it.key();
            const auto& v = it.value();
            auto wrong = [&](const char* what) {
                return makeError(ErrorCode::InvalidArgument, "config '" + path + "': '" + k + "' must be " + what);
            };
            if (k == "listen" || k == "database" || k == "log" || k == "tls_cert" || k == "tls_key") {
                if (!v.is_string()) return wrong("a string");
                (k == "listen" ? c.listen : k == "database" ? c.database : k == "log" ? c.log : k == "tls_cert" ? c.tlsCert : c.tlsKey) =
                    v.get<std::string>();
            } else if (k == "max_offline_days") {
                if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 3650) return wrong("a whole number of days from 0 to 3650");
                c.maxOfflineDays = v.get<int64_t>();
            } else if (k == "port" || k == "threads") {
                if (!v.is_number_integer()) return wrong("a whole number");
                (k == "port" ? c.port : c.threads) = v.get<int>();
            } else if (k == "max_body_bytes" || k == "max_clock_skew_ms") {
                if (!v.is_number_integer()) return wrong("a whole number");
                (k == "max_body_bytes" ? c.maxBodyBytes : c.maxClockSkewMs) = v.get<int64_t>();
            } else {
                return makeError(ErrorCode::InvalidArgument, "config '" + path + "': unknown setting '" + k + "'");
            }
        }
    }
    auto env = [](const char* name) -> const char* { return std::getenv(name); };
    if (const char* v = env("FIELDCHECK_SERVER_LISTEN")) c.listen = v;
    if (const char* v = env("FIELDCHECK_SERVER_DATABASE")) c.database = v;
    if (const char* v = env("FIELDCHECK_SERVER_LOG")) c.log = v;
    if (const char* v = env("FIELDCHECK_SERVER_TLS_CERT")) c.tlsCert = v;
    if (const char* v = env("FIELDCHECK_SERVER_TLS_KEY")) c.tlsKey = v;
    if (const char* v = env("FIELDCHECK_SERVER_PORT")) {
        FC_ASSIGN_OR_RETURN(int64_t p, parseInt("FIELDCHECK_SERVER_PORT", v, 0, 65535));
        c.port = static_cast<int>(p);
    }
    if (const char* v = env("FIELDCHECK_SERVER_MAX_BODY_BYTES")) {
        FC_ASSIGN_OR_RETURN(c.maxBodyBytes, parseInt("FIELDCHECK_SERVER_MAX_BODY_BYTES", v, 1024, 1ll << 31));
    }
    if (const char* v = env("FIELDCHECK_SERVER_MAX_OFFLINE_DAYS")) {
        FC_ASSIGN_OR_RETURN(c.maxOfflineDays, parseInt("FIELDCHECK_SERVER_MAX_OFFLINE_DAYS", v, 0, 3650));
    }
    if (const char* v = env("FIELDCHECK_SERVER_THREADS")) {
        FC_ASSIGN_OR_RETURN(int64_t t, parseInt("FIELDCHECK_SERVER_THREADS", v, 1, 64));
        c.threads = static_cast<int>(t);
    }
    if (c.port < 0 || c.port > 65535) return makeError(ErrorCode::InvalidArgument, "port must be from 0 to 65535");
    if (c.threads < 1 || c.threads > 64) return makeError(ErrorCode::InvalidArgument, "threads must be from 1 to 64");
    if (c.maxBodyBytes < 1024) return makeError(ErrorCode::InvalidArgument, "max_body_bytes must be at least 1024");
    FC_TRY(checkConfig(c));
    return c;
}

Status checkConfig(const ServerConfig& c) {
    if (c.tlsCert.empty() != c.tlsKey.empty()) {
        return makeError(ErrorCode::InvalidArgument, "TLS needs both a certificate and its key (tls_cert and tls_key, or --tls-cert and --tls-key)");
    }
    if (!c.tls() && !isLoopbackAddress(c.listen)) {
        return makeError(ErrorCode::Unsupported, "listen address '" + c.listen +
                                                     "' is not loopback: plain HTTP is served on loopback only. Serve TLS "
                                                     "(--tls-cert and --tls-key) or put the server behind a TLS proxy on this host");
    }
    return {};
}

}  // namespace fieldcheck::server
