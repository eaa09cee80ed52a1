#include "fieldcheck/core/scope.h"

#include <functional>

#include "fieldcheck/core/permissions.h"

namespace fieldcheck {

std::set<std::string> Visibility::cursorKeys() const {
    if (everything) return {"*"};
    return scopes;
}

Visibility roleVisibility(const std::string& role) {
    Visibility v;
    if (role == "discipline_inspector") {
        v.everything = true;  // all, including personal data (DOMAIN.md)
    } else if (role == "party_committee") {
        v.everything = true;
        v.hiddenFields = {"complaint.complainant"};  // informants' identity unless granted
    } else if (role == "inspector" || role == "group_leader") {
        v.scopes = {"ref", "staff"};
        v.hiddenTypes = {"accountability_case", "spot_check_draw"};
        v.hiddenFields = {"complaint.complainant", "person.phone"};
    } else if (role == "leader_in_charge") {
        v.scopes = {"ref"};
        v.hiddenTypes = {"spot_check_draw"};
        v.hiddenFields = {"complaint.complainant", "person.phone"};
    } else if (role == "unit_liaison") {
        // Their own unit only; never petitions, complainants, informants or group-internal notes.
        v.scopes = {"ref"};
        v.hiddenTypes = {"complaint", "visit", "assignment", "accountability_case", "spot_check_draw", "inspection_group"};
        v.hiddenFields = {"finding.persons_involved", "person.phone"};
    } else {
        v.scopes = {};  // an unknown role sees nothing
        v.hiddenTypes = {};
    }
    // A reference to a record of a hidden type would name something the role may not see.
    for (const auto& spec : recordTypes()) {
        for (const auto& f : spec.fields) {
            if (f.kind == FieldKind::Reference && v.hiddenTypes.count(f.refType) > 0) {
                v.hiddenFields.insert(spec.name + "." + f.name);
            }
        }
    }
    return v;
}

const std::vector<ScopeParent>& scopeParents() {
    static const std::vector<ScopeParent> list = {
        {"rectification_measure", "plan_id", "rectification_plan"},
        {"rule_basis", "rule_id", "rule_adopted"},
        {"finding_answer", "finding_id", "finding"},
    };
    return list;
}

std::string scopeKeyOf(const Record& r, const std::function<std::string(const std::string&, const std::string&)>& parentScope) {
    const std::string& t = r.type;
    if (t == "unit") return "unit:" + r.id;
    if (t == "campaign" || t == "checklist_template" || t == "inspection_group") return "ref";
    auto str = [&](const char* field) {
        auto it = r.fields.find(field);
        return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    for (const auto& p : scopeParents()) {
        if (t == p.childType) return parentScope(p.parentType, str(p.parentField.c_str()));
    }
    const std::string unit = str("unit_id");
    if (!unit.empty()) return "unit:" + unit;
    if (t == "person") return "staff";
    return "bureau";
}

std::optional<replication::RecordDoc> project(const replication::RecordDoc& doc, const Visibility& v) {
    const std::string& type = doc.record.type;
    if (!v.seesType(type) || !v.seesScope(doc.scope)) return std::nullopt;
    replication::RecordDoc out = doc;
    if (v.hiddenFields.empty()) return out;
    for (auto it = out.record.fields.begin(); it != out.record.fields.end(); ++it) {
        if (!v.seesField(type, it.key())) it.value() = nullptr;
    }
    nlohmann::json fv = nlohmann::json::object();
    for (auto it = doc.fieldVersions.begin(); it != doc.fieldVersions.end(); ++it) {
        if (v.seesField(type, it.key())) fv[it.key()] = it.value();
    }
    out.fieldVersions = std::move(fv);
    nlohmann::json conflicts = nlohmann::json::array();
    for (auto c : doc.conflicts) {
        const std::string field = c.value("field", "");
        if (field == "_withdrawn") {
            // A withdrawal conflict carries the edit's values: only those the role may see.
            for (auto& cand : c["candidates"]) {
                if (!cand.contains("changes")) continue;
                nlohmann::json visible = nlohmann::json::object();
                for (auto ch = cand["changes"].begin(); ch != cand["changes"].end(); ++ch) {
                    if (v.seesField(type, ch.key())) visible[ch.key()] = ch.value();
                }
                cand["changes"] = std::move(visible);
            }
            conflicts.push_back(std::move(c));
        } else if (v.seesField(type, field)) {
            conflicts.push_back(std::move(c));
        }
    }
    out.conflicts = std::move(conflicts);
    return out;
}

}  // namespace fieldcheck
