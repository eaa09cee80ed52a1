#include "sql_sqlite.h"

namespace fieldcheck::server::sql {

namespace {

// A statement of the SQLite layer, owned (prepare) or kept by the connection (cached).
class SqliteStatement final : public StatementImpl {
public:
    explicit SqliteStatement(sqlite::Statement owned) : m_owned(std::move(owned)), m_st(&m_owned) {}
    explicit SqliteStatement(sqlite::Statement* kept) : m_st(kept) {}
    void bindText(int i, std::string_view v) override { m_st->bind(i, v); }
    void bindInt(int i, int64_t v) override { m_st->bind(i, v); }
    void bindNull(int i) override { m_st->bindNull(i); }
    void bindBlob(int i, const uint8_t* data, size_t size) override { m_st->bindBlob(i, data, size); }
    Result<bool> step() override { return m_st->step(); }
    void reset() override { m_st->reset(); }
    bool isNull(int col) const override { return m_st->isNull(col); }
    int64_t int64(int col) const override { return m_st->int64(col); }
    std::string text(int col) const override { return m_st->text(col); }
    std::vector<uint8_t> blob(int col) const override { return m_st->blob(col); }

private:
    sqlite::Statement m_owned;
    sqlite::Statement* m_st;
};

}  // namespace

Result<Statement> SqliteDb::prepare(std::string_view sql) {
    FC_ASSIGN_OR_RETURN(sqlite::Statement st, m_store.companionDatabase().prepare(sql));
    return Statement(std::make_unique<SqliteStatement>(std::move(st)));
}

Result<Statement*> SqliteDb::cached(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        FC_ASSIGN_OR_RETURN(sqlite::Statement * kept, m_store.companionDatabase().cached(sql));
        it = m_cache.emplace(sql, Statement(std::make_unique<SqliteStatement>(kept))).first;
    }
    it->second.reset();
    return &it->second;
}

int64_t SqliteDb::changes() const { return m_store.companionDatabase().changes(); }

// One writer at a time and BEGIN IMMEDIATE: every transaction reads one state already.
Status SqliteDb::transaction(const std::function<Status()>& body, bool) { return m_store.transaction(body); }

}  // namespace fieldcheck::server::sql
