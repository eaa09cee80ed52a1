// The pull feed's cursor (docs/sync-protocol.md, "Cursors"): where the feed stands, which scope
// keys the device holds and which of them are still being caught up. Opaque to the device and
// signed with the server's key (HMAC-SHA-256), so that a device cannot forge a position or a scope.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/result.h"

namespace fieldcheck::server {

struct Cursor {
    int64_t seq = 0;  // main position in the change feed
    std::set<std::string> keys;  // scope keys the device has ("*": all)
    bool fresh = true;           // no cursor yet: a first pull
    int protocol = 2;            // the protocol of the pull that issued it (2 for cursors before 3)
    // The feed it is a position in: a restored backup starts a new one (admin restored), and a
    // cursor of another feed is read from the start. "" in cursors issued before epochs.
    std::string epoch;
    // A key added since: its records are replayed up to the main position it started at.
    struct CatchUp {
        std::string key;
        int64_t pos = 0;
        int64_t upto = 0;
    };
    std::vector<CatchUp> catchUps;

    nlohmann::json toJson() const;
    // The payload of a cursor whose signature was checked; InvalidArgument when it is not one.
    static Result<Cursor> fromJson(const nlohmann::json& j);
};

class CursorCodec {
public:
    // `key`: the server's secret (crypto_auth_hmacsha256_KEYBYTES bytes).
    explicit CursorCodec(std::string key = {}) : m_key(std::move(key)) {}
    std::string encode(const Cursor& cursor) const;
    // "" is a fresh cursor; anything this server did not sign is InvalidArgument.
    Result<Cursor> decode(const std::string& text) const;

private:
    std::string sign(const std::string& payload) const;
    std::string m_key;
};

}  // namespace fieldcheck::server
