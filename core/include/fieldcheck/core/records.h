// The record types of the campaign and the fields each one has.
//
// One RecordTypeSpec per record type (Finding 问题线索, Unit 单位, Complaint 信访件, …) describes
// its table and fields. The Store validates every write against it, the command line builds its
// `record` / `list` / `show` commands from it, and the sync layer will use the `sensitive` flag to
// withhold complainant identities and persons involved from roles that may not see them.
// The tables themselves are created by numbered migrations (schema.cpp), never from this list, so
// that an old migration stays what it was when it was released; a test checks the two agree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace fieldcheck {

enum class FieldKind {
    Text,       // UTF-8 text
    Integer,    // 64-bit integer
    Real,       // floating point (coordinates)
    Money,      // yuan with at most two decimals; JSON string "1234.50", stored as integer fen
    Bool,       // true/false
    Date,       // "YYYY-MM-DD"
    Month,      // "YYYY-MM" (reporting periods)
    Json,       // a JSON document stored as text (checklist items, answers, draw data)
    Choice,     // one of `choices`
    Reference,  // id of a record of type `refType`
};

struct Choice {
    std::string value;    // stored code, English
    std::string labelZh;  // shown to people
};

struct FieldSpec {
    std::string name;
    FieldKind kind = FieldKind::Text;
    std::string labelZh;
    bool required = false;
    bool sensitive = false;  // personal data: withheld from roles not entitled to it
    std::vector<Choice> choices;
    std::string refType;
    nlohmann::json defaultValue;  // filled in on create when the field is not given
    bool computed = false;        // set by the domain rules, never by a caller
    // Schema version that added the field. An audit entry hashes the fields of its own schema
    // version, so adding a field by a migration does not break the chain of older entries.
    int since = 2;
};

// The states of a record that has a life cycle, and the moves between them. The status field is a
// Choice field; a record starts in `initial` and every change of state must be a listed transition
// (anything else is an IllegalTransition error). Withdrawal is separate: it is open from any state.
struct LifeCycle {
    std::string field;  // "status"
    std::string initial;
    std::vector<std::pair<std::string, std::string>> transitions;

    bool allows(const std::string& from, const std::string& to) const;
    std::vector<std::string> nextStates(const std::string& from) const;
};

struct RecordTypeSpec {
    std::string name;     // "finding"
    std::string table;    // "findings"
    std::string labelZh;  // "问题线索"
    std::vector<FieldSpec> fields;
    LifeCycle lifeCycle;  // lifeCycle.field empty: no life cycle

    const FieldSpec* field(const std::string& fieldName) const;
    bool hasLifeCycle() const { return !lifeCycle.field.empty(); }
};

// Every record type, in dependency order (referenced types first).
const std::vector<RecordTypeSpec>& recordTypes();
// nullptr when there is no such type.
const RecordTypeSpec* findRecordType(const std::string& name);
std::string fieldKindName(FieldKind kind);

// One record as read from the store. `fields` is a JSON object with every field of the type
// (null where unset), in the representation FieldKind describes.
struct Record {
    std::string type;
    std::string id;
    int64_t version = 0;  // 1 on creation, +1 on each change
    int64_t createdMs = 0;
    std::string createdBy;
    int64_t updatedMs = 0;
    std::string updatedBy;
    bool withdrawn = false;
    std::string withdrawnReason;
    nlohmann::json fields = nlohmann::json::object();

    // withSensitive=false replaces sensitive fields by null.
    nlohmann::json toJson(bool withSensitive = true) const;
};

}  // namespace fieldcheck
