// Drafts: what a form holds before it becomes a record (a half-filled finding, the answers of a
// visit under way), kept inside the encrypted store at every change so that killing the app
// mid-form loses nothing.
//
// A draft is the app's own state, not a record: it lives in the app's companion table app_drafts
// (Store::companionDatabase, same file, same encryption), is never synced and is not in the audit
// chain — it becomes part of the chain when the form is saved as a record, and is removed then or
// when the user discards it. Keyed by a kind ("finding", "visit") and a key (the record's id, or
// "new:<unit id>" for a record not created yet). Content is the form's own JSON.
//
// Functions of the store: call them on the session's store thread (Session::run).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/result.h"

namespace fieldcheck {
class Store;
}

namespace fieldcheck::ui::drafts {

struct Draft {
    std::string kind, key;
    nlohmann::json content;
    int64_t updatedMs = 0;
};

// Keeps `content` as the draft (kind, key), replacing what was there; one transaction.
Status save(Store& store, const std::string& kind, const std::string& key, const nlohmann::json& content);
// The draft, or nullopt when there is none.
Result<std::optional<Draft>> load(Store& store, const std::string& kind, const std::string& key);
// Removes the draft; succeeds when there was none.
Status remove(Store& store, const std::string& kind, const std::string& key);
// Every draft of `kind`, newest first (the app offers to go on with them).
Result<std::vector<Draft>> list(Store& store, const std::string& kind);

}  // namespace fieldcheck::ui::drafts
