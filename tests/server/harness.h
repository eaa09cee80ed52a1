// Test harness for sync: a real fieldcheck-server process on loopback (with the demo data set and
// its accounts), devices that are real encrypted stores syncing over HTTP, and the canonical dumps
// replicas are compared by.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/sync_client.h"
#include "pg_cluster.h"
#include "test_support.h"

namespace fieldcheck::test {

inline const char* kServerPassphrase = "server-passphrase-正风";
inline const char* kDemoPassword = "demo-password";

struct ProcessResult {
    int exitCode = -1;
    std::string out, err;
};

// Runs a program with `secrets` on file descriptors 3, 4, ... (each one a pipe carrying one line).
ProcessResult runProgram(const std::vector<std::string>& argv, const std::vector<std::string>& secrets = {});

// The backend the sync tests run the server on: the embedded database, or PostgreSQL when
// FIELDCHECK_TEST_BACKEND=postgres (CTest runs the suite both ways: tests/server/CMakeLists.txt).
bool testingOnPostgres();

class ServerProcess {
public:
    // Creates the server database (demo data set when `demo`) in a temporary directory, or in a
    // PostgreSQL cluster of its own on loopback (testingOnPostgres()).
    explicit ServerProcess(bool demo = true);
    // A second server process on `first`'s database (PostgreSQL: several processes share one);
    // `first` must outlive it.
    struct SameDatabase {};
    ServerProcess(SameDatabase, const ServerProcess& first);
    // A server made (init, with the demo data set) on a PostgreSQL database the test set up
    // itself (a primary with a standby: test_failover.cpp).
    struct OnDatabase {
        std::string uri;
    };
    explicit ServerProcess(const OnDatabase& database);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Starts `fieldcheck-server serve` on a free loopback port (the same port after a restart).
    void start(const std::vector<std::string>& extraEnv = {});
    void stop();      // SIGTERM and wait
    void kill9();     // SIGKILL and wait
    bool running() const { return m_pid > 0; }
    int port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // The embedded database's file, or the PostgreSQL URI.
    const std::string& db() const { return m_db; }
    // From now on the server runs on `db` (a database moved elsewhere: migrate-to-postgres).
    void useDatabase(const std::string& db) { m_db = db; }
    // Where the server's data is at rest: the embedded database's directory, or the PostgreSQL
    // cluster's data directory.
    std::string dataDirectory() const;
    // SQL run behind the server's back, as an insider with the database key (embedded) or the
    // database's superuser (PostgreSQL) would: `embedded` on the one, `postgres` on the other.
    // A SELECT returns its first column of its first row; anything else "".
    std::string rawSql(const std::string& embedded, const std::string& postgres) const;
    std::string logText() const;

    // `fieldcheck-server admin ARGS --db DB` with the passphrase on fd 3 (and `password` on fd 4).
    ProcessResult admin(const std::vector<std::string>& args, const std::string& password = "") const;
    // What a device of `user` must hold (canonical dump).
    std::string dumpFor(const std::string& user) const;

private:
    void init(bool demo);  // fieldcheck-server init on m_db
    TempDir m_dir;
    std::unique_ptr<PgCluster> m_pg;
    std::string m_pgDatabase;
    std::string m_db;
    pid_t m_pid = -1;
    int m_port = 0;
};

class Device {
public:
    // A new encrypted store, enrolled with `server` as `user` (an https server needs `http`'s CA
    // and pins, as an enrolment file gives them).
    Device(const std::string& serverUrl, const std::string& user, const Clock* clock = nullptr, const sync::HttpOptions& http = {});
    Store& store() { return *m_store; }
    const std::string& path() const { return m_path; }
    // One sync; returns the report or fails the test when `mustSucceed`.
    Result<sync::SyncReport> sync(const sync::SyncOptions& options = fastOptions());
    std::string dump();
    void reopen();
    void close() { m_store.reset(); }
    static sync::SyncOptions fastOptions();

private:
    TempDir m_dir;
    std::string m_path;
    const Clock* m_clock;
    std::unique_ptr<Store> m_store;
};

// One sync that must succeed with nothing rejected and nothing left waiting for a parent record.
void syncOk(Device& d, const sync::SyncOptions& options = Device::fastOptions());

// The end of a run where devices worked at once over a faulty network (several servers, a
// failover): on a clean network every device syncs twice, then holds exactly what the server says
// it must, every record it made (`made[i]`, findings) is there, every receipt it holds checks out
// against the server, and the server's own audit chain verifies.
void checkSettled(const ServerProcess& server, std::vector<std::unique_ptr<Device>>& devices, const std::vector<std::string>& users,
                  const std::vector<std::vector<std::string>>& made);

// The start of most scope and permission cases: a running server with the demo data and two synced
// devices, the liaison of one unit (liaison3) and a discipline inspector (jijian1), who sees all.
// Bind it as `auto& [server, liaison, office] = fx;`.
struct LiaisonAndOffice {
    LiaisonAndOffice();
    ServerProcess server;
    Device liaison;
    Device office;
};

// A record visible to `device` of `type` (the first made), failing the test when there is none;
// `where` narrows it by field values (e.g. a finding still "recorded", which its group may edit).
Record anyRecord(Store& store, const std::string& type, bool includeWithdrawn = false,
                 const std::map<std::string, std::string>& where = {});

// A finding (misconduct, from a visit) on the first unit `d` sees, made on the device; fails the
// test when it cannot be.
Record newFinding(Device& d, const std::string& description);

// HTTP helpers for raw requests (no compression, exact bytes).
struct RawResponse {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // as the server sent them (names as sent)
};
RawResponse rawPost(int port, const std::string& path, const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers);
RawResponse rawGet(int port, const std::string& path, const std::vector<std::pair<std::string, std::string>>& headers = {});
// Enrolls over raw HTTP; returns {device_id, token}.
std::pair<std::string, std::string> rawEnroll(int port, const std::string& user, const std::string& storeDeviceId = "raw-device");

}  // namespace fieldcheck::test
