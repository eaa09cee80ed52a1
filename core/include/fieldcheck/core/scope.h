// Who may see what: the scope key of each record and the visibility of each role (DOMAIN.md,
// "Who uses the software"; docs/sync-protocol.md, "Scope").
//
// Every record on the server has one scope key:
//   "unit:<id>"  a unit and everything about it (findings, complaints, plans, reports, ...);
//                rectification measures take their plan's key, rule bases their rule's key;
//   "ref"        reference data every inspection team needs (campaigns, checklists, groups);
//   "staff"      bureau staff who belong to no unit (inspectors, leaders);
//   "bureau"     bureau-wide records without a unit (draws, cross-unit escalations, ...).
// A device receives the records whose key is in its user's visible set, of the types its role
// may see, with the fields its role may not see removed (absent, not blanked: the bytes never
// leave the server).
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fieldcheck/core/replication.h"

namespace fieldcheck {

struct Visibility {
    bool everything = false;          // every scope key
    std::set<std::string> scopes;     // when !everything
    std::set<std::string> hiddenTypes;
    std::set<std::string> hiddenFields;  // "type.field"

    bool seesScope(const std::string& scope) const { return everything || scopes.count(scope) > 0; }
    bool seesType(const std::string& type) const { return hiddenTypes.count(type) == 0; }
    bool seesField(const std::string& type, const std::string& field) const {
        return hiddenFields.count(type + "." + field) == 0;
    }
    // The scope keys as the cursor records them ("*" for everything).
    std::set<std::string> cursorKeys() const;
};

// The role's fixed part: hidden types and fields. The scopes are filled in by the server's storage,
// which knows the user's group, unit and the current assignments.
Visibility roleVisibility(const std::string& role);

// The types whose records take their parent's scope (a plan's measures, a rule's bases, a finding's
// answers): when the parent moves to another scope, they move with it.
struct ScopeParent {
    std::string childType;
    std::string parentField;  // the child's reference to its parent
    std::string parentType;
};
const std::vector<ScopeParent>& scopeParents();

// The scope key of a record, given the scope key of its parent where it takes its parent's.
std::string scopeKeyOf(const Record& r, const std::function<std::string(const std::string& type, const std::string& id)>& parentScope);

// The record as `v` may see it; nullopt when it may not see it at all.
std::optional<replication::RecordDoc> project(const replication::RecordDoc& doc, const Visibility& v);

}  // namespace fieldcheck
