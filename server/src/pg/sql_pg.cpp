#include "sql_pg.h"

#include "fieldcheck/core/crypto.h"
#include "pg_schema.h"

namespace fieldcheck::server::sql {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

class PgStatement final : public StatementImpl {
public:
    PgStatement(PgDb& db, std::string sql) : m_db(db), m_sql(std::move(sql)) {}
    void bindText(int i, std::string_view v) override { slot(i) = std::string(v); }
    void bindInt(int i, int64_t v) override { slot(i) = std::to_string(v); }
    void bindNull(int i) override { slot(i) = std::nullopt; }
    void bindBlob(int i, const uint8_t* data, size_t size) override { slot(i) = "\\x" + toHex(data, size); }
    Result<bool> step() override {
        if (!m_executed) {
            FC_ASSIGN_OR_RETURN(m_rows, m_db.connection().exec(m_sql, m_params));
            m_executed = true;
            m_row = -1;
            m_db.setChanges(m_rows.affected());
        }
        ++m_row;
        return m_row < m_rows.size();
    }
    void reset() override {
        m_executed = false;
        m_rows = pg::Rows();
        m_row = -1;
    }
    bool isNull(int col) const override { return m_rows.isNull(m_row, col); }
    int64_t int64(int col) const override { return m_rows.int64(m_row, col); }
    std::string text(int col) const override { return m_rows.text(m_row, col); }
    std::vector<uint8_t> blob(int col) const override {
        const std::string t = m_rows.text(m_row, col);  // bytea as text: \x and hex
        auto bytes = fromHex(t.size() >= 2 ? t.substr(2) : std::string());
        return bytes.ok() ? bytes.value() : std::vector<uint8_t>();
    }

private:
    pg::Param& slot(int i) {
        if (static_cast<size_t>(i) > m_params.size()) m_params.resize(static_cast<size_t>(i));
        return m_params[static_cast<size_t>(i) - 1];
    }
    PgDb& m_db;
    std::string m_sql;
    pg::Params m_params;
    pg::Rows m_rows;
    int m_row = -1;
    bool m_executed = false;
};

}  // namespace

Result<std::string> toPostgres(std::string_view sql) {
    std::string_view body = sql;
    while (!body.empty() && (body.front() == ' ' || body.front() == '\n')) body.remove_prefix(1);
    std::string out;
    bool ignoreConflicts = false;
    if (startsWith(body, "INSERT OR REPLACE")) {
        return makeError(ErrorCode::InvalidArgument, "INSERT OR REPLACE has no PostgreSQL form here: UPDATE, then INSERT when nothing changed");
    }
    if (startsWith(body, "INSERT OR IGNORE ")) {
        out = "INSERT ";
        body.remove_prefix(std::string_view("INSERT OR IGNORE ").size());
        ignoreConflicts = true;
    } else if (startsWith(body, "UPDATE OR FAIL ")) {
        out = "UPDATE ";
        body.remove_prefix(std::string_view("UPDATE OR FAIL ").size());
    }
    int n = 0;
    char quote = 0;
    for (char c : body) {
        if (quote != 0) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += "$" + std::to_string(++n);
        } else {
            out += c;
        }
    }
    if (ignoreConflicts) out += " ON CONFLICT DO NOTHING";
    return out;
}

Result<Statement> PgDb::prepare(std::string_view sql) {
    FC_ASSIGN_OR_RETURN(std::string text, toPostgres(sql));
    return Statement(std::make_unique<PgStatement>(*this, std::move(text)));
}

Result<Statement*> PgDb::cached(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        FC_ASSIGN_OR_RETURN(Statement st, prepare(sql));
        it = m_cache.emplace(sql, std::move(st)).first;
    }
    it->second.reset();
    return &it->second;
}

Status PgDb::transaction(const std::function<Status()>& body, bool snapshot) {
    if (snapshot || m_conn.inTransaction()) return m_conn.transaction(body, "REPEATABLE READ");
    return m_conn.transaction([&]() -> Status {
        FC_TRY(m_conn.run("SELECT pg_advisory_xact_lock($1)", {pg::param(pg::kWriterLock)}));
        return body();
    });
}

Status PgDb::part(const std::function<Status()>& body) {
    if (!m_conn.inTransaction()) return body();
    const std::string name = "fc_part_" + std::to_string(++m_parts);
    struct Close {
        int& parts;
        ~Close() { --parts; }
    } close{m_parts};
    FC_TRY(m_conn.run("SAVEPOINT " + name));
    Status st = body();
    if (st.ok()) return m_conn.run("RELEASE SAVEPOINT " + name);
    FC_TRY(m_conn.run("ROLLBACK TO SAVEPOINT " + name));
    FC_TRY(m_conn.run("RELEASE SAVEPOINT " + name));
    return st;
}

}  // namespace fieldcheck::server::sql
