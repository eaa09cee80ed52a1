// What writing a record means, apart from where it is kept: the checks of the writer's fields,
// the life-cycle moves, and the campaign's guards and computed fields (DOMAIN.md). Every store
// that keeps records — the device's SQLCipher store, a server backend of its own — asks these
// functions for the record to write and persists what they return; what the rules need to know
// about other records they ask through Lookup, so they run the same over any storage.
//
// Called inside the writer's transaction: the lookups must see what that transaction sees.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/records.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck::record_rules {

// The other records the rules consult.
class Lookup {
public:
    virtual ~Lookup() = default;
    // NotFound when there is no record of that type with that id (withdrawn ones are found).
    virtual Result<Record> fetch(const RecordTypeSpec& spec, const std::string& id) = 0;
    virtual Result<bool> exists(const RecordTypeSpec& spec, const std::string& id) = 0;
    // The records of `spec` that are not withdrawn and whose text field `field` is `value` (the
    // measures of a plan, the escalations of a measure: a handful each).
    virtual Result<std::vector<Record>> active(const RecordTypeSpec& spec, const std::string& field,
                                               const std::string& value) = 0;
};

// Who writes and when (the op's author and time on the server).
struct Author {
    std::string actor;
    int64_t atMs = 0;
};

// A check of the writer's right to make a change, asked once the change is known and checked
// (the device: permissions::authorize for its enrolled role). Empty: no such check.
using Gate = std::function<Status(const permissions::Request&)>;

// The type's spec, or InvalidArgument naming the known types.
Result<const RecordTypeSpec*> requireType(const std::string& type);

// A new record of `spec` with `id` from the writer's `fields`: checked (kinds, required fields,
// references that exist, no computed fields, the life cycle's initial state), defaults filled in,
// then the rules applied. Version 1, created and updated by the author.
Result<Record> prepareCreate(const RecordTypeSpec& spec, const std::string& id, const nlohmann::json& fields,
                             const Author& author, Lookup& lookup, const Gate& gate = {});

// An edit of `before`. `changed` holds the fields whose value differs afterwards (computed ones
// included); when it is empty nothing is written and `after` is `before`. Otherwise the version is
// one more and the record is updated by the author.
struct Edit {
    Record after;
    nlohmann::json changed = nlohmann::json::object();
};
Result<Edit> prepareUpdate(const RecordTypeSpec& spec, const Record& before, const nlohmann::json& changes,
                           const Author& author, Lookup& lookup, const Gate& gate = {});

// A withdrawal of `before`: never without a reason, never twice.
Result<Record> prepareWithdraw(const RecordTypeSpec& spec, const Record& before, const std::string& reason,
                               const Author& author, const Gate& gate = {});

// Every reference in `normalized` (fields as normalizeFields returns them) names a record that
// exists; else InvalidArgument naming the field.
Status checkReferences(const RecordTypeSpec& spec, const nlohmann::json& normalized, Lookup& lookup);

// The rules alone, for a writer that built `after` itself (a conflict's resolution): may fill
// computed fields of `after`, or refuse the change with IllegalTransition naming the rule.
// `before` is null on create.
Status applyRules(const RecordTypeSpec& spec, const Record* before, Record& after, int64_t atMs, Lookup& lookup);

// Records a device creates with a change, in the same transaction: an escalation to the leader in
// charge for a measure that needs higher-level support (条件不成熟). On the server the device's
// follow-up arrives as an op of its own, so the server does not ask.
struct FollowUp {
    std::string type;
    nlohmann::json fields;
};
Result<std::vector<FollowUp>> followUps(const RecordTypeSpec& spec, const Record* before, const Record& after,
                                        int64_t atMs, Lookup& lookup);

// The bureau's calendar date (China Standard Time, UTC+8) for an instant, "YYYY-MM-DD".
std::string bureauDate(int64_t epochMs);
// Great-circle distance in metres.
double distanceMetres(double lat1, double lon1, double lat2, double lon2);
// Names in "张三、李四, 王五" → how many people.
int countPeople(const std::string& names);
// The names themselves, in order ("张三", "李四", "王五"): the separators countPeople() knows.
std::vector<std::string> peopleNames(const std::string& names);

}  // namespace fieldcheck::record_rules
