#include "pg.h"

#include <algorithm>

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace fieldcheck::server::pg {

// ---- rows -----------------------------------------------------------------------------------

Rows::Rows(pg_result* result) : m_result(result) {}
Rows::~Rows() {
    if (m_result != nullptr) PQclear(m_result);
}
Rows::Rows(Rows&& o) noexcept : m_result(std::exchange(o.m_result, nullptr)) {}
Rows& Rows::operator=(Rows&& o) noexcept {
    if (this != &o) {
        if (m_result != nullptr) PQclear(m_result);
        m_result = std::exchange(o.m_result, nullptr);
    }
    return *this;
}
int Rows::size() const { return m_result == nullptr ? 0 : PQntuples(m_result); }
bool Rows::isNull(int row, int col) const { return PQgetisnull(m_result, row, col) != 0; }
std::string Rows::text(int row, int col) const {
    if (isNull(row, col)) return {};
    return std::string(PQgetvalue(m_result, row, col), static_cast<size_t>(PQgetlength(m_result, row, col)));
}
int64_t Rows::int64(int row, int col) const {
    if (isNull(row, col)) return 0;
    return std::strtoll(PQgetvalue(m_result, row, col), nullptr, 10);
}
bool Rows::boolean(int row, int col) const { return !isNull(row, col) && PQgetvalue(m_result, row, col)[0] == 't'; }
int64_t Rows::affected() const {
    const char* n = m_result == nullptr ? "" : PQcmdTuples(m_result);
    return *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

// ---- connection -----------------------------------------------------------------------------

namespace {

// "host H port P dbname D" from a connection string, for messages: never the user or password.
std::string describe(const std::string& conninfo) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
    if (opts == nullptr) {
        if (err != nullptr) PQfreemem(err);
        return "PostgreSQL (unreadable connection string)";
    }
    std::string host, port, db;
    for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
        if (o->val == nullptr) continue;
        if (std::strcmp(o->keyword, "host") == 0 || (host.empty() && std::strcmp(o->keyword, "hostaddr") == 0)) host = o->val;
        if (std::strcmp(o->keyword, "port") == 0) port = o->val;
        if (std::strcmp(o->keyword, "dbname") == 0) db = o->val;
    }
    PQconninfoFree(opts);
    std::string out = "PostgreSQL";
    if (!db.empty()) out += " database '" + db + "'";
    if (!host.empty()) out += " on " + host;
    if (!port.empty()) out += ":" + port;
    return out;
}

// libpq's message without its trailing newline.
std::string trimmed(const char* message) {
    std::string s = message == nullptr ? "" : message;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// The FieldCheck error for a SQLSTATE: a unique violation is AlreadyExists, a lost race is
// Conflict (the caller may retry), anything else of the database is IoError or Internal.
ErrorCode codeFor(const std::string& sqlState) {
    if (sqlState == kUniqueViolation) return ErrorCode::AlreadyExists;
    if (sqlState == kSerializationFailure || sqlState == kDeadlockDetected) return ErrorCode::Conflict;
    if (sqlState.rfind("08", 0) == 0 || sqlState.rfind("57", 0) == 0 || sqlState == kReadOnlyTransaction) return ErrorCode::IoError;
    if (sqlState.rfind("22", 0) == 0 || sqlState.rfind("23", 0) == 0) return ErrorCode::InvalidArgument;
    return ErrorCode::Internal;
}

}  // namespace

Connection::Connection(pg_conn* conn, std::string where) : m_conn(conn), m_where(std::move(where)) {}

Connection::~Connection() {
    if (m_conn != nullptr) PQfinish(m_conn);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo) {
    const std::string where = describe(conninfo);
    PGconn* conn = PQconnectdb(conninfo.c_str());
    if (conn == nullptr) return makeError(ErrorCode::IoError, "cannot connect to " + where + ": out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string why = trimmed(PQerrorMessage(conn));
        PQfinish(conn);
        return makeError(ErrorCode::IoError, "cannot connect to " + where + ": " + why);
    }
    auto out = std::unique_ptr<Connection>(new Connection(conn, where));
    // Notices ("relation already exists, skipping") would go to stderr: warnings and errors only.
    FC_TRY(out->run("SET client_min_messages = warning"));
    return out;
}

Result<Rows> Connection::exec(const std::string& sql, const Params& params) {
    // A connection the server dropped (restarted, or a standby promoted in its place) is made
    // again before the next statement outside a transaction; with several hosts in the connection
    // string and target_session_attrs=read-write, libpq finds the one that now takes writes. A
    // transaction that lost its connection fails whole; its request is retried by the device.
    if (!m_inTransaction && PQstatus(m_conn) != CONNECTION_OK) {
        PQreset(m_conn);
        if (PQstatus(m_conn) != CONNECTION_OK) {
            m_lastSqlState.clear();
            return makeError(ErrorCode::IoError, "cannot reconnect to " + m_where + ": " + trimmed(PQerrorMessage(m_conn)));
        }
        PQclear(PQexec(m_conn, "SET client_min_messages = warning"));
        m_prepared.clear();  // a new session: its prepared statements went with the old one
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    const int n = static_cast<int>(values.size());
    if (params.empty() || (m_prepared.size() >= kMaxPrepared && m_prepared.count(sql) == 0)) {
        return result(PQexecParams(m_conn, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0));
    }
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        // Prepared statements belong to the session, not to a transaction: one prepared inside a
        // transaction that rolls back stays prepared.
        const std::string name = "fc_" + std::to_string(m_prepared.size() + 1);
        FC_TRY(result(PQprepare(m_conn, name.c_str(), sql.c_str(), n, nullptr)));
        it = m_prepared.emplace(sql, name).first;
    }
    return result(PQexecPrepared(m_conn, it->second.c_str(), n, values.data(), nullptr, nullptr, 0));
}

Result<Rows> Connection::result(PGresult* res) {
    Rows rows(res);
    const ExecStatusType status = res == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        m_lastSqlState.clear();
        return rows;
    }
    const char* state = res == nullptr ? nullptr : PQresultErrorField(res, PG_DIAG_SQLSTATE);
    m_lastSqlState = state == nullptr ? "" : state;
    const std::string message = trimmed(res != nullptr && PQresultErrorMessage(res)[0] != '\0' ? PQresultErrorMessage(res) : PQerrorMessage(m_conn));
    if (m_lastSqlState.empty()) return makeError(ErrorCode::IoError, m_where + ": " + message);
    return makeError(codeFor(m_lastSqlState), m_where + ": " + message + " (SQLSTATE " + m_lastSqlState + ")");
}

Status Connection::run(const std::string& sql, const Params& params) {
    auto r = exec(sql, params);
    if (!r.ok()) return r.error();
    return {};
}

Result<std::string> Connection::queryText(const std::string& sql, const Params& params) {
    FC_ASSIGN_OR_RETURN(Rows rows, exec(sql, params));
    if (rows.empty()) return makeError(ErrorCode::NotFound, "no row for: " + sql);
    return rows.text(0, 0);
}

Result<int64_t> Connection::queryInt(const std::string& sql, const Params& params) {
    FC_ASSIGN_OR_RETURN(Rows rows, exec(sql, params));
    if (rows.empty()) return makeError(ErrorCode::NotFound, "no row for: " + sql);
    return rows.int64(0, 0);
}

Status Connection::transaction(const std::function<Status()>& body, const std::string& isolation, int attempts) {
    if (m_inTransaction) return body();  // nested: part of the caller's transaction
    for (int attempt = 1;; ++attempt) {
        FC_TRY(run("BEGIN ISOLATION LEVEL " + isolation));
        m_inTransaction = true;
        Status st = body();
        std::string state = st.ok() ? "" : m_lastSqlState;
        if (st.ok()) {
            st = run("COMMIT");
            state = st.ok() ? "" : m_lastSqlState;
        } else {
            (void)exec("ROLLBACK");
        }
        m_inTransaction = false;
        if (st.ok()) return {};
        const bool lostRace = state == kSerializationFailure || state == kDeadlockDetected;
        if (!lostRace || attempt >= attempts) return st;
    }
}

bool Connection::healthy() {
    if (PQstatus(m_conn) != CONNECTION_OK) return false;
    return exec("SELECT 1").ok();
}

BatchInsert::BatchInsert(Connection& conn, std::string into, size_t columns)
    : m_conn(conn), m_into(std::move(into)), m_columns(columns), m_perStatement(std::max<size_t>(1, 20000 / columns)) {}

Status BatchInsert::add(Params row) {
    if (row.size() != m_columns) return makeError(ErrorCode::Internal, "a row of " + std::to_string(row.size()) + " values for " + m_into);
    for (auto& v : row) m_pending.push_back(std::move(v));
    if (m_pending.size() >= m_perStatement * m_columns) return finish();
    return {};
}

Status BatchInsert::finish() {
    if (m_pending.empty()) return {};
    const size_t rows = m_pending.size() / m_columns;
    std::string sql = "INSERT INTO " + m_into + " VALUES ";
    size_t n = 0;
    for (size_t r = 0; r < rows; ++r) {
        sql += r == 0 ? "(" : ", (";
        for (size_t c = 0; c < m_columns; ++c) {
            if (c > 0) sql += ", ";
            sql += '$' + std::to_string(++n);
        }
        sql += ')';
    }
    Status sent = m_conn.run(sql, m_pending);
    m_pending.clear();
    return sent;
}

std::string textArray(const std::vector<std::string>& values) {
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

}  // namespace fieldcheck::server::pg
