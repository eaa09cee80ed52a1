// The SQL seam (sql.h) over PostgreSQL: the server's SQL with its three SQLite forms rewritten,
// parameters sent apart from the text, results read whole (the server's queries are pages).
#pragma once

#include <map>

#include "pg.h"
#include "sql.h"

namespace fieldcheck::server::sql {

// The PostgreSQL text of a statement written for the seam (sql.h): "?" → "$n" outside quotes,
// "INSERT OR IGNORE" → "INSERT ... ON CONFLICT DO NOTHING", "UPDATE OR FAIL" → "UPDATE".
// InvalidArgument for SQLite forms PostgreSQL has no rewrite for ("INSERT OR REPLACE").
Result<std::string> toPostgres(std::string_view sql);

class PgDb final : public Db {
public:
    explicit PgDb(pg::Connection& conn) : m_conn(conn) {}
    Result<Statement> prepare(std::string_view sql) override;
    Result<Statement*> cached(const std::string& sql) override;
    int64_t changes() const override { return m_changes; }
    // A writing transaction is READ COMMITTED and first takes the writers' advisory lock
    // (pg_schema.h, kWriterLock), so that writers run one at a time across all server processes
    // and each statement sees every earlier writer's commit; a snapshot transaction is
    // REPEATABLE READ and takes no lock.
    Status transaction(const std::function<Status()>& body, bool snapshot = false) override;
    Status part(const std::function<Status()>& body) override;
    pg::Connection& connection() { return m_conn; }
    void setChanges(int64_t n) { m_changes = n; }

private:
    pg::Connection& m_conn;
    std::map<std::string, Statement> m_cache;
    int64_t m_changes = 0;
    int m_parts = 0;  // savepoints open
};

}  // namespace fieldcheck::server::sql
