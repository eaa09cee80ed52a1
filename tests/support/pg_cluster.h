// A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb in a fresh temporary
// directory, the server on 127.0.0.1 only (and a Unix socket inside that directory), stopped and
// removed on destruction. PostgreSQL refuses to run as root: when the caller is root, initdb and
// the server run as the `postgres` system user (made by Debian's postgresql package).
//
// No Catch2 here, so that benchmarks can use it too: errors are Status values.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck::test {

struct PgClusterOptions {
    // Unit tests do not need the data to survive a power cut: fsync off makes them much faster.
    // Benchmarks and failover tests keep PostgreSQL's durable defaults.
    bool durable = false;
    int maxConnections = 100;
};

class PgCluster {
public:
    // Creates and starts a cluster; the superuser is "postgres", trusted on loopback (test only).
    static Result<std::unique_ptr<PgCluster>> start(const PgClusterOptions& options = {});
    // A streaming-replication standby of `primary`, made with pg_basebackup (-R: it follows the
    // primary from where the copy ends), running on a port of its own.
    static Result<std::unique_ptr<PgCluster>> startStandbyOf(const PgCluster& primary);
    ~PgCluster();  // stops the server (fast shutdown) and removes the directory
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    int port() const { return m_port; }
    const std::string& dataDir() const { return m_dataDir; }
    // A libpq connection string for `database` on this cluster (TCP on 127.0.0.1).
    std::string conninfo(const std::string& database = "postgres") const;
    // Runs `sql` through psql as the superuser (CREATE DATABASE and the like, which a
    // transaction may not wrap). The output on success, the error text otherwise.
    Result<std::string> psql(const std::string& sql, const std::string& database = "postgres") const;
    // Runs one of PostgreSQL's client programs (pg_dump, pg_restore, …) against this cluster as
    // the superuser: `tool` with "-h 127.0.0.1 -p PORT -U postgres" and `args`. Its output, or its
    // error text.
    Result<std::string> client(const std::string& tool, const std::vector<std::string>& args) const;
    // A fresh database with a unique name; its name.
    Result<std::string> createDatabase(const std::string& prefix = "fc");
    // CPU time (user + system) the whole cluster has used so far: the server, its live processes
    // (a backend per connection, the writers) and those that ended (from /proc; for benchmarks).
    Result<double> cpuSeconds() const;
    // The server's log, for a failing test to show.
    std::string log() const;
    Status stop();
    // Stops at once, as a crash or a pulled cable would (no shutdown checkpoint).
    Status crash();
    // A standby becomes a primary and accepts writes.
    Status promote();

private:
    PgCluster() = default;
    // Starts the server on a free loopback port (another one when the port is taken meanwhile).
    Status startServer(const PgClusterOptions& options);
    Status pgCtl(const std::vector<std::string>& args);
    std::string m_root;     // the temporary directory (data and socket inside)
    std::string m_dataDir;
    std::string m_bin;      // PostgreSQL's bin directory
    int m_port = 0;
    bool m_running = false;
    int m_databases = 0;
};

// CPU time (user + system) process `pid` has used so far; with `children`, also that of its
// children that have ended and been waited for. From /proc/PID/stat.
Result<double> processCpuSeconds(long pid, bool children = false);

// PostgreSQL's programs (initdb, pg_ctl, psql, pg_basebackup): $FIELDCHECK_PG_BINDIR, else the
// newest /usr/lib/postgresql/N/bin. NotFound when PostgreSQL is not installed.
Result<std::string> postgresBinDir();

}  // namespace fieldcheck::test
