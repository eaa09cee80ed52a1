#include "drafts.h"

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/sqlite.h"
#include "fieldcheck/core/store.h"

namespace fieldcheck::ui::drafts {

namespace {

// Made on first use: the table is the app's, not part of the store's numbered migrations.
Status ensureTable(sqlite::Database& db) {
    return db.exec(
        "CREATE TABLE IF NOT EXISTS app_drafts ("
        " kind TEXT NOT NULL, key TEXT NOT NULL, content TEXT NOT NULL, updated_ms INTEGER NOT NULL,"
        " PRIMARY KEY (kind, key))");
}

Result<nlohmann::json> parse(const std::string& kind, const std::string& key, const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::Corrupt, "the draft " + kind + "/" + key + " is not JSON: " + e.what());
    }
}

}  // namespace

Status save(Store& store, const std::string& kind, const std::string& key, const nlohmann::json& content) {
    sqlite::Database& db = store.companionDatabase();
    const int64_t now = replication::deviceNowMs(store);
    return store.transaction([&]() -> Status {
        FC_TRY(ensureTable(db));
        // One row: REPLACE cannot abort half-way here (sqlite.h, "Writes inside a transaction").
        FC_ASSIGN_OR_RETURN(sqlite::Statement put,
                            db.prepare("INSERT OR REPLACE INTO app_drafts (kind, key, content, updated_ms) VALUES (?, ?, ?, ?)"));
        return put.bind(1, kind).bind(2, key).bind(3, content.dump()).bind(4, now).run();
    });
}

Result<std::optional<Draft>> load(Store& store, const std::string& kind, const std::string& key) {
    sqlite::Database& db = store.companionDatabase();
    std::optional<Draft> found;
    Status read = store.transaction([&]() -> Status {
        FC_TRY(ensureTable(db));
        return sqlite::forEachRow(db, "SELECT content, updated_ms FROM app_drafts WHERE kind = ? AND key = ?", {kind, key},
                                  [&](sqlite::Statement& row) -> Status {
                                      FC_ASSIGN_OR_RETURN(nlohmann::json content, parse(kind, key, row.text(0)));
                                      found = Draft{kind, key, std::move(content), row.int64(1)};
                                      return {};
                                  });
    });
    if (!read.ok()) return read.error();
    return found;
}

Status remove(Store& store, const std::string& kind, const std::string& key) {
    sqlite::Database& db = store.companionDatabase();
    return store.transaction([&]() -> Status {
        FC_TRY(ensureTable(db));
        FC_ASSIGN_OR_RETURN(sqlite::Statement del, db.prepare("DELETE FROM app_drafts WHERE kind = ? AND key = ?"));
        return del.bind(1, kind).bind(2, key).run();
    });
}

Result<std::vector<Draft>> list(Store& store, const std::string& kind) {
    sqlite::Database& db = store.companionDatabase();
    std::vector<Draft> drafts;
    Status read = store.transaction([&]() -> Status {
        FC_TRY(ensureTable(db));
        return sqlite::forEachRow(db, "SELECT key, content, updated_ms FROM app_drafts WHERE kind = ? ORDER BY updated_ms DESC, key",
                                  {kind}, [&](sqlite::Statement& row) -> Status {
                                      const std::string key = row.text(0);
                                      FC_ASSIGN_OR_RETURN(nlohmann::json content, parse(kind, key, row.text(1)));
                                      drafts.push_back(Draft{kind, key, std::move(content), row.int64(2)});
                                      return {};
                                  });
    });
    if (!read.ok()) return read.error();
    return drafts;
}

}  // namespace fieldcheck::ui::drafts
