// The server's own tables (srv_*: the change feed's rows, accounts, devices, applied ops, device
// audit chains, photos' metadata) through one small SQL interface, so that the logic that reads
// and writes them is written once for every backend: the embedded SQLCipher database
// (sql_sqlite.cpp) and PostgreSQL (sql_pg.cpp).
//
// The SQL is SQLite's, kept to what PostgreSQL also runs, with three forms the PostgreSQL side
// rewrites: "?" parameters, "INSERT OR IGNORE" (ON CONFLICT DO NOTHING) and "UPDATE OR FAIL"
// (plain UPDATE). Flags are integers 0/1 on both, and no statement selects a comparison as a
// value (PostgreSQL would answer a boolean): CASE WHEN ... THEN 1 ELSE 0 END instead.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fieldcheck/core/result.h"

namespace fieldcheck::server::sql {

// A backend's statement; used through Statement.
class StatementImpl {
public:
    virtual ~StatementImpl() = default;
    virtual void bindText(int i, std::string_view v) = 0;
    virtual void bindInt(int i, int64_t v) = 0;
    virtual void bindNull(int i) = 0;
    virtual void bindBlob(int i, const uint8_t* data, size_t size) = 0;
    virtual Result<bool> step() = 0;
    virtual void reset() = 0;  // back to before the first step; bindings stay
    virtual bool isNull(int col) const = 0;
    virtual int64_t int64(int col) const = 0;
    virtual std::string text(int col) const = 0;
    virtual std::vector<uint8_t> blob(int col) const = 0;
};

// A prepared statement: bind (1-based), step through rows, read columns (0-based).
class Statement {
public:
    Statement() = default;
    explicit Statement(std::unique_ptr<StatementImpl> impl) : m_impl(std::move(impl)) {}
    Statement& bind(int i, std::string_view v) { m_impl->bindText(i, v); return *this; }
    Statement& bind(int i, const std::string& v) { m_impl->bindText(i, v); return *this; }
    Statement& bind(int i, const char* v) { m_impl->bindText(i, v); return *this; }
    Statement& bind(int i, int64_t v) { m_impl->bindInt(i, v); return *this; }
    Statement& bindNull(int i) { m_impl->bindNull(i); return *this; }
    Statement& bindBlob(int i, const uint8_t* data, size_t size) { m_impl->bindBlob(i, data, size); return *this; }
    // Ok(true) when a row is ready, Ok(false) when done.
    Result<bool> step() { return m_impl->step(); }
    // Steps to completion, expecting no rows; resets afterwards.
    Status run();
    void reset() { m_impl->reset(); }
    bool isNull(int col) const { return m_impl->isNull(col); }
    int64_t int64(int col) const { return m_impl->int64(col); }
    std::string text(int col) const { return m_impl->text(col); }
    std::vector<uint8_t> blob(int col) const { return m_impl->blob(col); }

private:
    std::unique_ptr<StatementImpl> m_impl;
};

class Db {
public:
    virtual ~Db() = default;
    virtual Result<Statement> prepare(std::string_view sql) = 0;
    // A statement kept for the life of the connection (statements run once per op or record).
    // Returned reset; the caller must not hold it across another use of the same SQL.
    virtual Result<Statement*> cached(const std::string& sql) = 0;
    // Rows the last INSERT, UPDATE or DELETE touched.
    virtual int64_t changes() const = 0;
    // Runs `body` in one transaction: the records' writes (RecordStore) and the server's tables
    // commit together or not at all. Nested calls join the outer transaction. A transaction that
    // may write runs alone, as SQLite's writers do, whichever process it is in: what the merge
    // read is still so when its decision is written. `snapshot`: a transaction that only reads,
    // seeing one state of the database throughout (a pull's pages), beside the writers.
    virtual Status transaction(const std::function<Status()>& body, bool snapshot = false) = 0;
    // A part of the current transaction that leaves nothing behind when it fails (an op whose
    // writes the rules refused half-way), while the rest goes on. The embedded database needs no
    // SQL for this: the Store's nested writes doom the transaction instead (core/sqlite.h), and the
    // push then applies each op in a transaction of its own. PostgreSQL: a savepoint.
    virtual Status part(const std::function<Status()>& body) = 0;

    Status exec(std::string_view sql);  // one statement, no rows
    // The first column of the first row; NotFound when there is no row.
    Result<std::string> queryText(std::string_view sql);
    Result<int64_t> queryInt(std::string_view sql);
};

// Runs `sql` with text parameters (nullopt binds NULL) and calls `row(statement)` for each result
// row. `row` returns void, or a Status whose error stops the walk and is returned.
template <typename F>
Status forEachRow(Db& db, std::string_view sql, const std::vector<std::optional<std::string>>& params, F&& row) {
    auto st = db.prepare(sql);
    if (!st.ok()) return st.error();
    for (size_t i = 0; i < params.size(); ++i) {
        if (params[i]) st->bind(static_cast<int>(i) + 1, *params[i]);
        else st->bindNull(static_cast<int>(i) + 1);
    }
    for (;;) {
        auto r = st->step();
        if (!r.ok()) return r.error();
        if (!r.value()) return {};
        if constexpr (std::is_same_v<decltype(row(st.value())), void>) {
            row(st.value());
        } else {
            Status s = row(st.value());
            if (!s.ok()) return s;
        }
    }
}

}  // namespace fieldcheck::server::sql
