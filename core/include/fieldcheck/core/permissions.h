// Who may change what: one permission table for the central server (the authority, which rejects
// and flags an op the table does not allow) and the device (which refuses before it queues an op
// that would bounce, and lets the app offer only what a role may do).
//
// The table (permissions.cpp, written out in docs/permissions.md) is data: rows of role × record
// type × action, each action allowed only from the listed states of the record's life cycle.
//   create   a new record of the type (it starts in its life cycle's initial state)
//   edit     set the named fields ("*": every field the role may see) — on create too
//   move     one life-cycle move, "from>to"
//   withdraw withdraw the record (always with a reason); never open to the unit concerned
//   attach   attach a photo or document to the record
// Resolving a conflict is the change it makes: choosing a value of field F needs "edit F", and a
// conflict between an edit and a withdrawal needs "withdraw" (either way it is decided).
//
// Scope is not in the table: every write must concern a record the author's scope holds before
// *and* after the change (own unit for a liaison, the group's assigned units for inspectors, the
// units in charge for a leader), so a record cannot be moved into a scope its author may not
// write. The server checks scope (server/src/scope.h); a device holds only its scope anyway.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/records.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck::permissions {

enum class Action { Create, Edit, Move, Withdraw, Attach };

struct Rule {
    std::string role;      // a person.role value
    std::string type;      // a record type
    Action action;
    std::string what;      // Edit: field names separated by spaces, or "*"; Move: "from>to"; else ""
    std::string inStates;  // states (space-separated) the record must be in before the change; "" = any
};

// The roles of DOMAIN.md (person.role values), in the table's order, with their Chinese names.
const std::vector<std::pair<std::string, std::string>>& roles();
bool isKnownRole(const std::string& role);

const std::vector<Rule>& table();

// What an author wants to do to one record.
struct Request {
    std::string role;
    std::string type;
    enum class Kind { Create, Update, Withdraw, Restore, Attach } kind = Kind::Update;
    const Record* before = nullptr;          // the record as it is (null for Create)
    nlohmann::json changes = nlohmann::json::object();  // Create/Update: field -> new value
};

// The change a conflict resolution makes, as a request (role left empty): choosing a value of a
// field is an edit of that field; for the conflict between an edit and a withdrawal ("_withdrawn")
// choosing "restore" is a restore and anything else a withdrawal — both need "withdraw".
Request resolution(const std::string& type, const Record& before, const std::string& field,
                   const nlohmann::json& chosenValue);

// Ok when the table allows the request, else Unauthorized with a reason a person can read (in the
// role's and the record's words: what was refused, and what the role may do instead).
Status authorize(const Request& request);

// The table as the Markdown of docs/permissions.md (a test keeps the two equal).
std::string markdown();

}  // namespace fieldcheck::permissions
