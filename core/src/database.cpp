#include "database.h"

#include <utility>

namespace fieldcheck::sqlite {

Error sqliteError(sqlite3* db, int rc, std::string_view context) {
    const int primary = rc & 0xff;
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string where(context);
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
        return makeError(ErrorCode::Corrupt,
                         where + ": the database failed authentication or is damaged (" + detail +
                             "); it was tampered with, is not a FieldCheck store, or the keyring "
                             "belongs to another database");
    }
    if (primary == SQLITE_CONSTRAINT) {
        return makeError(ErrorCode::InvalidArgument, where + ": " + detail);
    }
    if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN ||
        primary == SQLITE_READONLY || primary == SQLITE_PERM) {
        return makeError(ErrorCode::IoError, where + ": " + detail);
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        return makeError(ErrorCode::IoError, where + ": the store is in use by another process (" + detail + ")");
    }
    return makeError(ErrorCode::Internal, where + ": " + detail);
}

Statement::~Statement() {
    if (m_stmt != nullptr) sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& o) noexcept
    : m_db(std::exchange(o.m_db, nullptr)), m_stmt(std::exchange(o.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        if (m_stmt != nullptr) sqlite3_finalize(m_stmt);
        m_db = std::exchange(o.m_db, nullptr);
        m_stmt = std::exchange(o.m_stmt, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
    sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int i, int64_t v) {
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}
Statement& Statement::bind(int i, double v) {
    sqlite3_bind_double(m_stmt, i, v);
    return *this;
}
Statement& Statement::bind(int i, const std::vector<uint8_t>& blob) {
    return bindBlob(i, blob.data(), blob.size());
}
Statement& Statement::bindBlob(int i, const uint8_t* data, size_t size) {
    sqlite3_bind_blob64(m_stmt, i, data, size, SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bindNull(int i) {
    sqlite3_bind_null(m_stmt, i);
    return *this;
}

Result<bool> Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = sqliteError(m_db, rc, "query");
    sqlite3_reset(m_stmt);
    return e;
}

Status Statement::run() {
    for (;;) {
        auto r = step();
        if (!r.ok()) return r.error();
        if (!r.value()) break;
    }
    reset();
    return {};
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
int64_t Statement::int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Statement::real(int col) const { return sqlite3_column_double(m_stmt, col); }
std::string Statement::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p != nullptr ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
}
std::vector<uint8_t> Statement::blob(int col) const {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt, col));
    int n = sqlite3_column_bytes(m_stmt, col);
    return p != nullptr ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}
int Statement::columnType(int col) const { return sqlite3_column_type(m_stmt, col); }
int Statement::columnCount() const { return sqlite3_column_count(m_stmt); }
std::string Statement::columnName(int col) const { return sqlite3_column_name(m_stmt, col); }

Result<Database> Database::open(const std::string& path, bool create) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqliteError(db, rc, "cannot open '" + path + "'");
        sqlite3_close(db);
        if ((rc & 0xff) == SQLITE_CANTOPEN && !create) {
            return makeError(ErrorCode::NotFound, "no store at '" + path + "'");
        }
        return e;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    Database d;
    d.m_db = db;
    return d;
}

Database::~Database() { close(); }

void Database::close() {
    m_cache.clear();  // finalize before the connection goes
    if (m_db != nullptr) sqlite3_close_v2(m_db);
    m_db = nullptr;
}

Database::Database(Database&& o) noexcept : m_db(std::exchange(o.m_db, nullptr)), m_cache(std::move(o.m_cache)) {}
Database& Database::operator=(Database&& o) noexcept {
    if (this != &o) {
        close();
        m_db = std::exchange(o.m_db, nullptr);
        m_cache = std::move(o.m_cache);
    }
    return *this;
}

Result<Statement*> Database::cached(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        FC_ASSIGN_OR_RETURN(Statement st, prepare(sql));
        it = m_cache.emplace(sql, std::move(st)).first;
    } else {
        it->second.reset();
    }
    return &it->second;
}

Status Database::applyRawKey(const SecretBytes& key) {
    // SQLCipher's raw-key syntax: x'<64 hex digits>'. Built in locked memory and wiped after use;
    // it never goes through SQL text, so it cannot reach a statement log.
    const size_t hexLen = key.size() * 2;
    SecretBytes spec(hexLen + 3);
    spec.data()[0] = 'x';
    spec.data()[1] = '\'';
    static const char* digits = "0123456789abcdef";
    for (size_t i = 0; i < key.size(); ++i) {
        spec.data()[2 + 2 * i] = static_cast<uint8_t>(digits[key.data()[i] >> 4]);
        spec.data()[3 + 2 * i] = static_cast<uint8_t>(digits[key.data()[i] & 0xf]);
    }
    spec.data()[hexLen + 2] = '\'';
    int rc = sqlite3_key(m_db, spec.data(), static_cast<int>(spec.size()));
    if (rc != SQLITE_OK) return sqliteError(m_db, rc, "cannot apply the database key");
    return {};
}

Status Database::exec(std::string_view sql) {
    std::string s(sql);
    char* msg = nullptr;
    int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
        sqlite3_free(msg);
        return sqliteError(m_db, rc, "statement");
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return sqliteError(m_db, rc, "prepare");
    return Statement(m_db, stmt);
}

Result<std::string> Database::queryText(std::string_view sql) {
    auto st = prepare(sql);
    if (!st.ok()) return st.error();
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return makeError(ErrorCode::NotFound, "no row");
    return st->text(0);
}

Result<int64_t> Database::queryInt(std::string_view sql) {
    auto st = prepare(sql);
    if (!st.ok()) return st.error();
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return makeError(ErrorCode::NotFound, "no row");
    return st->int64(0);
}

int64_t Database::changes() const { return sqlite3_changes(m_db); }

Transaction::Transaction(Database& db, TransactionState& state) : m_db(db), m_state(state) {}

Status Transaction::begin() {
    m_level = m_state.depth;
    m_changesAtBegin = sqlite3_total_changes(m_db.handle());
    if (m_level == 0) {
        Status st = m_db.exec("BEGIN IMMEDIATE");
        if (!st.ok()) {
            m_done = true;
            return st;
        }
        m_state.doomed = false;
    }
    ++m_state.depth;
    return {};
}

Status Transaction::commit() {
    if (m_level > 0) {
        m_done = true;
        --m_state.depth;
        return {};
    }
    if (m_state.doomed) {
        // The destructor rolls back.
        return makeError(ErrorCode::Internal,
                         "the transaction was rolled back: a step inside it failed after writing");
    }
    Status st = m_db.exec("COMMIT");
    if (!st.ok()) return st;  // destructor rolls back
    m_done = true;
    --m_state.depth;
    return {};
}

Transaction::~Transaction() {
    if (m_done || m_level < 0) return;
    if (m_level == 0) {
        (void)m_db.exec("ROLLBACK");
        m_state.doomed = false;
    } else if (sqlite3_total_changes(m_db.handle()) != m_changesAtBegin) {
        m_state.doomed = true;
    }
    --m_state.depth;
}

Status ReadSnapshot::begin() {
    if (m_state.depth > 0 || m_open) return {};
    FC_TRY(m_db.exec("BEGIN DEFERRED"));
    m_open = true;
    // A deferred transaction takes its snapshot at the first read.
    auto first = m_db.queryInt("SELECT count(*) FROM sqlite_master");
    if (!first.ok()) return first.error();
    return {};
}

ReadSnapshot::~ReadSnapshot() {
    if (m_open && !m_db.exec("COMMIT").ok()) (void)m_db.exec("ROLLBACK");
}

}  // namespace fieldcheck::sqlite
