// A thin layer over libpq for the PostgreSQL backend: one connection, statements with parameters
// sent apart from the SQL (never spliced into it), results read by column, and PostgreSQL's
// errors turned into FieldCheck's (result.h) with the server's SQLSTATE kept for the caller.
//
// A Connection is used by one thread at a time (libpq's rule). Connection strings may carry a
// password: they are never logged, and errors name the host and database only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fieldcheck/core/result.h"

struct pg_conn;
struct pg_result;

namespace fieldcheck::server::pg {

// One statement parameter as text (PostgreSQL converts it to the column's type); nullopt is NULL.
using Param = std::optional<std::string>;
using Params = std::vector<Param>;

inline Param param(const std::string& s) { return s; }
inline Param param(const char* s) { return std::string(s); }
inline Param param(int64_t v) { return std::to_string(v); }
inline Param param(int v) { return std::to_string(v); }
inline Param param(bool v) { return std::string(v ? "true" : "false"); }

// SQLSTATE classes the callers act on.
inline constexpr const char* kSerializationFailure = "40001";
inline constexpr const char* kDeadlockDetected = "40P01";
inline constexpr const char* kUniqueViolation = "23505";
inline constexpr const char* kReadOnlyTransaction = "25006";  // a standby, or a primary demoted

// The rows of one statement's result.
class Rows {
public:
    Rows() = default;
    explicit Rows(pg_result* result);
    ~Rows();
    Rows(Rows&& o) noexcept;
    Rows& operator=(Rows&& o) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    int size() const;
    bool empty() const { return size() == 0; }
    bool isNull(int row, int col) const;
    std::string text(int row, int col) const;  // "" for NULL
    int64_t int64(int row, int col) const;     // 0 for NULL
    bool boolean(int row, int col) const;      // PostgreSQL's 't'
    // Rows an INSERT, UPDATE or DELETE touched.
    int64_t affected() const;

private:
    pg_result* m_result = nullptr;
};

class Connection {
public:
    // Connects with a libpq connection string ("host=127.0.0.1 port=5432 dbname=fieldcheck" or a
    // postgresql:// URI). IoError when the server cannot be reached or refuses the login; the
    // message never contains the password.
    static Result<std::unique_ptr<Connection>> open(const std::string& conninfo);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one statement. On failure the error says what PostgreSQL said; lastSqlState() has its
    // SQLSTATE ("" when the connection itself failed). A connection that was lost is made again
    // first, unless a transaction is open (it cannot survive the loss). A statement with
    // parameters is prepared on the connection the first time its text is seen and executed as
    // prepared afterwards (parsed and planned once, not at every request): up to kMaxPrepared
    // texts per connection, the rest run unprepared.
    Result<Rows> exec(const std::string& sql, const Params& params = {});
    static constexpr size_t kMaxPrepared = 512;
    Status run(const std::string& sql, const Params& params = {});
    // The first column of the first row; NotFound when there is no row.
    Result<std::string> queryText(const std::string& sql, const Params& params = {});
    Result<int64_t> queryInt(const std::string& sql, const Params& params = {});
    const std::string& lastSqlState() const { return m_lastSqlState; }

    // Runs `body` in a transaction at `isolation` ("READ COMMITTED", "REPEATABLE READ",
    // "SERIALIZABLE") and commits; rolls back when `body` fails. A serialization failure or a
    // deadlock (which PostgreSQL resolves by failing one side) runs the whole body again, up to
    // `attempts` times: `body` must be safe to repeat (its effects outside the database, too).
    Status transaction(const std::function<Status()>& body, const std::string& isolation = "READ COMMITTED", int attempts = 5);
    bool inTransaction() const { return m_inTransaction; }

    // Whether the connection still answers (a restarted or promoted server drops connections).
    bool healthy();
    // Where this connection goes, without user or password (for errors and logs).
    const std::string& where() const { return m_where; }

private:
    explicit Connection(pg_conn* conn, std::string where);
    Result<Rows> result(pg_result* res);
    pg_conn* m_conn = nullptr;
    std::string m_where;
    std::unordered_map<std::string, std::string> m_prepared;  // SQL text -> statement name, this session's
    std::string m_lastSqlState;
    bool m_inTransaction = false;
};

// A multi-row INSERT of many rows (moving a server's data here): rows are added one at a time and
// sent some 20,000 values per statement (PostgreSQL takes up to 65,535 parameters), every full
// statement with the same text, so prepared once.
class BatchInsert {
public:
    // `into`: "table(column, …)" with `columns` columns.
    BatchInsert(Connection& conn, std::string into, size_t columns);
    // One row of `columns` values; sends the statement when it is full.
    Status add(Params row);
    // Sends what is left.
    Status finish();

private:
    Connection& m_conn;
    std::string m_into;
    size_t m_columns, m_perStatement;
    Params m_pending;
};

// A PostgreSQL text array literal ({"a","b"}) of `values`, for `= ANY($1::text[])`.
std::string textArray(const std::vector<std::string>& values);

}  // namespace fieldcheck::server::pg
