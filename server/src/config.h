// fieldcheck-server's settings: a JSON config file, then environment overrides, then defaults.
//
//   {"listen": "127.0.0.1", "port": 8470, "database": "var/server/server.db",
//    "log": "-", "max_body_bytes": 33554432, "threads": 4, "max_clock_skew_ms": 300000,
//    "tls_cert": "/etc/fieldcheck/server.crt", "tls_key": "/etc/fieldcheck/server.key",
//    "max_offline_days": 30}
//
// Environment: FIELDCHECK_SERVER_LISTEN, _PORT, _DATABASE, _LOG, _MAX_BODY_BYTES, _THREADS,
// _TLS_CERT, _TLS_KEY, _MAX_OFFLINE_DAYS.
// Secrets are never settings: the database passphrase comes through a file descriptor or the
// terminal (platform/passphrase_input.h).
#pragma once

#include <cstdint>
#include <string>

#include "fieldcheck/core/result.h"

namespace fieldcheck::server {

struct ServerConfig {
    std::string listen = "127.0.0.1";
    int port = 8470;  // 0: any free port (printed at start)
    std::string database = "var/server/server.db";
    std::string log = "-";  // "-": standard error; otherwise a file appended to
    int64_t maxBodyBytes = 32ll << 20;
    int threads = 4;
    int64_t maxClockSkewMs = 5 * 60 * 1000;
    // TLS terminated by the server itself (a one-machine office): PEM files, the certificate chain
    // and its private key (a file only the server's user may read; its path is not a secret).
    std::string tlsCert, tlsKey;
    bool tls() const { return !tlsCert.empty(); }
    // A device that has not reached the server for longer than this locks itself until it has
    // (told to devices in every answer); 0: no limit.
    int64_t maxOfflineDays = 30;
};

// Reads `path` (empty: no file) and applies the environment. InvalidArgument names the setting.
Result<ServerConfig> loadConfig(const std::string& path);

bool isLoopbackAddress(const std::string& address);
// The settings as a whole, after the command line's: TLS needs both files, and plain HTTP is served
// on loopback only (behind a TLS proxy on the same host, docs/server.md).
Status checkConfig(const ServerConfig& config);

}  // namespace fieldcheck::server
