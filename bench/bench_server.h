// What the network benchmarks share: a fieldcheck-server process on loopback (plain HTTP or TLS
// with a throwaway office CA), and devices enrolled with it. The server runs as its own process,
// as in production, so that its CPU and the device's are not one thread's.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/http_client.h"

namespace fieldcheck::bench {

inline constexpr const char* kBenchPassphrase = "bench-sync-passphrase";
inline constexpr const char* kBenchPassword = "bench-sync-password";

// A new, empty server database (encrypted, as in production) with `users`, each a discipline
// inspector (scope: everything; may create and attach to findings) whose password is
// kBenchPassword.
void createServerDatabase(const std::string& db, const std::vector<std::string>& users);

// createServerDatabase(db, {"bench-a", "bench-b"}), then `records` findings over 300 units (Chinese
// text, every category, a third with an amount) written straight into the server's Store in one
// transaction and given their place in the change feed: what a device pulls on its first sync. The
// same records every time (a fixed seed). With `ndjson`, each finding also goes there as one line
// of JSON (the PouchDB side of bench_sync).
void buildServerWithFindings(const std::string& db, int64_t records, std::ostream* ndjson = nullptr);

// Copies the database at `from` and what lives beside it (its keyring, …) to `to`.
void copyServerDatabase(const std::string& from, const std::string& to);

// A throwaway office CA and a server certificate for 127.0.0.1 signed by it (openssl), in `dir`:
// what a device needs to enrol (the CA and the server key's pin), and the server's files.
struct TlsFiles {
    std::string certificate, key;  // the server's
    sync::HttpOptions trust;       // caPem and pinnedPublicKeys, as an enrolment file gives them
};
TlsFiles makeTlsFiles(const std::string& dir);

// `fieldcheck-server serve` on a free port of 127.0.0.1, stopped (SIGTERM, then waited for) when
// the object goes. With `tls`, it speaks TLS itself with those files.
class ServerProcess {
public:
    ServerProcess(const std::string& db, const std::string& log, const TlsFiles* tls = nullptr);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    const std::string& url() const { return m_url; }
    void stop();

private:
    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_url;
};

// A new encrypted device store at `path`, enrolled with the server at `url` as `user`.
std::unique_ptr<Store> newDevice(const std::string& path, const std::string& url, const std::string& user,
                                 const sync::HttpOptions& trust = {});

}  // namespace fieldcheck::bench
