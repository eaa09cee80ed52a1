// A thin RAII layer over the SQLCipher C API: the device store's own (core/src) and that of a
// program keeping tables of its own beside a Store's records, in the same file and the same
// transactions (the central server's srv_* tables: Store::companionDatabase()).
//
// Converts every SQLite error into an Error value at this boundary. SQLITE_NOTADB and
// SQLITE_CORRUPT become ErrorCode::Corrupt: with SQLCipher's per-page HMAC they mean that a page
// failed authentication (tampered or damaged file, or the wrong key), never wrong data.
#pragma once

#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck::sqlite {

Error sqliteError(sqlite3* db, int rc, std::string_view context);

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement&& o) noexcept;
    Statement& operator=(Statement&& o) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::string_view v);
    Statement& bind(int i, int64_t v);
    Statement& bind(int i, double v);
    Statement& bind(int i, const std::vector<uint8_t>& blob);
    Statement& bindNull(int i);
    Statement& bindBlob(int i, const uint8_t* data, size_t size);

    // Ok(true) when a row is ready, Ok(false) when done.
    Result<bool> step();
    Status run();  // step to completion, expecting no rows
    void reset();

    bool isNull(int col) const;
    int64_t int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    std::vector<uint8_t> blob(int col) const;
    int columnType(int col) const;
    int columnCount() const;
    std::string columnName(int col) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

class Database {
public:
    // Opens an existing file (create=false) or creates it. Applies the key before anything reads.
    // key == nullopt opens a plain, unencrypted database: used only by benchmarks and by tests
    // that prove the linked library refuses plain files.
    static Result<Database> open(const std::string& path, bool create);
    Database() = default;
    ~Database();
    Database(Database&& o) noexcept;
    Database& operator=(Database&& o) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Status applyRawKey(const SecretBytes& key);
    Status exec(std::string_view sql);
    // A prepared statement kept for the life of the connection, for statements run once per record
    // on bulk paths (pulled pages, the search index): parsing SQL was a large share of their cost.
    // Returned reset, without bindings. The caller binds and runs it and must not hold it across
    // another use of the same SQL (no nesting of one statement).
    Result<Statement*> cached(const std::string& sql);
    Result<Statement> prepare(std::string_view sql);
    // First column of the first row as text; NotFound when there is no row.
    Result<std::string> queryText(std::string_view sql);
    Result<int64_t> queryInt(std::string_view sql);
    int64_t changes() const;
    sqlite3* handle() const { return m_db; }
    void close();

private:
    sqlite3* m_db = nullptr;
    std::map<std::string, Statement> m_cache;
};

// Runs `sql` with text parameters (nullopt binds NULL) and calls `row(statement)` for each result
// row. `row` returns void, or a Status whose error stops the walk and is returned.
template <typename F>
Status forEachRow(Database& db, std::string_view sql, const std::vector<std::optional<std::string>>& params, F&& row) {
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

// The state of a connection's transaction, shared by nested Transaction objects.
struct TransactionState {
    int depth = 0;
    bool doomed = false;  // a nested step failed after writing: the outer one must not commit
};

// Writes inside a transaction are single-row "UPDATE OR FAIL" (and INSERT, then UPDATE OR FAIL,
// where "INSERT OR REPLACE" would do): a statement that may abort half-way (REPLACE, UPDATE,
// triggers) makes SQLite keep a statement journal, and SQLCipher encrypts every page copied into
// it — that was most of the cost of applying a pull page (docs/benchmarks.md, "Sync"). A single
// row fails before it is written, so FAIL loses nothing that ABORT would have kept; foreign keys
// always abort, and the statement journal is then still there to undo.
//
// One transaction (depth 0: BEGIN IMMEDIATE ... COMMIT), or a step nested inside one.
//
// A nested step issues no SQL. SAVEPOINTs would let it roll back alone, but SQLite copies every
// page a savepoint touches into a sub-journal and SQLCipher encrypts those copies: with one
// savepoint per record, bulk writes took 2.2× as long encrypted as plain (docs/benchmarks.md).
// Instead, a nested step that fails *after it wrote something* dooms the outer transaction, whose
// commit() then rolls everything back and fails. A step that fails before writing (validation,
// rules) leaves the outer transaction usable.
class Transaction {
public:
    Transaction(Database& db, TransactionState& state);
    ~Transaction();
    Status begin();
    Status commit();

private:
    Database& m_db;
    TransactionState& m_state;
    int m_level = -1;
    int64_t m_changesAtBegin = 0;
    bool m_done = false;
};

// One consistent view of the database for a group of reads. In WAL mode other connections (other
// threads, other processes) go on writing and committing; reads inside a ReadSnapshot see none of
// it, so checks that compare two tables (the audit chain against the records) never see half of a
// change — a false tamper alarm is as damaging as a missed one. Inside a transaction of this
// connection it does nothing: that already is one view. Only reads may run inside it.
class ReadSnapshot {
public:
    ReadSnapshot(Database& db, const TransactionState& state) : m_db(db), m_state(state) {}
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    // BEGIN and one read, which fixes the snapshot.
    Status begin();

private:
    Database& m_db;
    const TransactionState& m_state;
    bool m_open = false;
};

}  // namespace fieldcheck::sqlite
