// The central server's rules for one op, as pure functions: who may do it (the permission table
// and the author's scope) and how it meets the server's copy of the record (the field-level merge
// of docs/sync-protocol.md, "Conflicts"). No I/O: the caller reads the record's state, asks
// decide() what to do, carries out the writes with the store's domain rules and keeps the new
// field versions and conflicts. Every server backend uses these, and the device's own conflict
// resolution uses resolution(), so the two cannot decide differently.
//
// Golden cases in tests/golden/merge/ (<case>.server.json, .op.json, .expected.json) pin the
// decisions down as data.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/records.h"
#include "fieldcheck/core/result.h"
#include "fieldcheck/core/scope.h"

namespace fieldcheck::merge {

// One op from a device, parsed and checked at the server's edge.
struct Op {
    std::string opId;
    std::string action;  // create | update | withdraw | resolve
    std::string type;
    std::string id;
    // create: the fields; update: the changes; withdraw: {"reason"}; resolve: {"conflict_id", "choice"}
    nlohmann::json payload = nlohmann::json::object();
    // The version of each field the device saw when it made the change (protocol 2); fields not
    // named fall back to `recordBase`, the record version it saw (protocol 1).
    std::map<std::string, int64_t> fieldBases;
    int64_t recordBase = 0;
};

// Who made the op: the account, its role and the server's id of the device, and the op's clock
// stamp (hlc.h, encoded) as the server ordered it.
struct Author {
    std::string userName;
    std::string role;
    std::string device;
    std::string stamp;
};

// The server's copy of the record the op names.
struct State {
    std::optional<Record> record;  // nullopt: no such record (yet)
    std::string scope;             // its scope key as the server keeps it
    // field -> {"v": version, "h": stamp of the edit that set it, "d": device, "r": record version}
    nlohmann::json fieldVersions = nlohmann::json::object();
    nlohmann::json conflicts = nlohmann::json::array();  // open conflicts (replication.h, RecordDoc)
};

// What the rules need to know of the world besides the record: what the author may see, and the
// scope key a record would have (a measure takes its plan's, which only the server knows).
struct World {
    const Visibility& visibility;
    std::function<std::string(const Record&)> scopeOf;
    // The scope key of the record (type, id) as the server keeps it; "bureau" when there is none.
    // A reference the author writes must name a record the author may see: otherwise a crafted op
    // could tie the unit's records to another unit's (and learn which ids exist).
    std::function<std::string(const std::string& type, const std::string& id)> scopeOfRecord;
};

// One change to carry out with the store's domain rules, in order.
struct Write {
    enum class Kind { Create, Update, Withdraw, Restore };
    Kind kind = Kind::Update;
    nlohmann::json fields = nlohmann::json::object();  // Create: the fields; Update: the changes
    std::string reason;                                // Withdraw
    nlohmann::json toJson() const;
};

struct Decision {
    std::string status = "applied";  // applied | conflict
    std::string reason;              // for the device: why a conflict, or a note ("already withdrawn")
    std::vector<Write> writes;
    // The record's open conflicts afterwards.
    nlohmann::json conflicts = nlohmann::json::array();
    // When the domain rules refuse `writes` (the value that won a new conflict is not a legal
    // change from the record's state), these instead: the server's value stays shown and the
    // conflict stays open for a person. Absent: a refusal rejects the op.
    std::optional<std::vector<Write>> fallbackWrites;
    nlohmann::json fallbackConflicts = nlohmann::json::array();
    // False when the op changes nothing at all (a withdrawal of a withdrawn record): the record
    // keeps its place in the change feed.
    bool touchesRecord = true;
    nlohmann::json toJson() const;
};

// Decides one op against the record's state. Errors are the op's rejection: Unauthorized (the
// permission table or the author's scope refuses it — the server flags these), InvalidArgument
// (a bad value), AlreadyExists, NotFound, Conflict (a resolution of a conflict no longer open).
Result<Decision> decide(const State& state, const Op& op, const Author& author, const World& world);

// The choice of candidate `choice` of conflict `conflictId` on `before` (with `conflicts` open):
// the writes it makes and the conflicts left open. NotFound when the conflict is not open,
// InvalidArgument when `choice` is not a candidate. Used by decide() and by the device's own
// resolution (replication::resolveConflict).
struct Resolution {
    std::string field;                      // the conflict's field, "_withdrawn" for an edit against a withdrawal
    nlohmann::json chosenValue;             // the candidate's value
    std::vector<Write> writes;
    nlohmann::json remaining = nlohmann::json::array();
};
Result<Resolution> resolution(const Record& before, const nlohmann::json& conflicts, const std::string& conflictId,
                              int64_t choice);

// The field versions after a write of `after` (before == nullptr: created): every field whose value
// changed gets the next version, stamped with the op's stamp, the device and the record version.
nlohmann::json nextFieldVersions(const nlohmann::json& fieldVersions, const Record* before, const Record& after,
                                 const std::string& stamp, const std::string& device);

}  // namespace fieldcheck::merge
