// The SQL seam (sql.h) over the embedded database: the Store's own SQLCipher connection
// (Store::companionDatabase()), in the Store's transactions.
#pragma once

#include <map>

#include "fieldcheck/core/sqlite.h"
#include "fieldcheck/core/store.h"
#include "sql.h"

namespace fieldcheck::server::sql {

class SqliteDb final : public Db {
public:
    explicit SqliteDb(Store& store) : m_store(store) {}
    Result<Statement> prepare(std::string_view sql) override;
    Result<Statement*> cached(const std::string& sql) override;
    int64_t changes() const override;
    Status transaction(const std::function<Status()>& body, bool snapshot = false) override;
    Status part(const std::function<Status()>& body) override { return body(); }

private:
    Store& m_store;
    std::map<std::string, Statement> m_cache;
};

}  // namespace fieldcheck::server::sql
