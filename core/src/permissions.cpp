#include "fieldcheck/core/permissions.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace fieldcheck::permissions {
namespace {

constexpr const char* kInspector = "inspector";
constexpr const char* kLeader = "group_leader";
constexpr const char* kLiaison = "unit_liaison";
constexpr const char* kInCharge = "leader_in_charge";
constexpr const char* kDiscipline = "discipline_inspector";
constexpr const char* kCommittee = "party_committee";

using A = Action;

// Derived from DOMAIN.md, "Who uses the software" and the campaign's rules:
// - a unit liaison writes its unit's self-inspection, rectification plan and measures, monthly
//   reports, escalations, rules, good practices and its answers to findings (until it submits
//   them) — never a finding (its facts, category, amount,
//   status or withdrawal), and never withdraws anything: what was filed stays filed;
// - inspectors create and edit their group's visits and findings until they are submitted, and
//   record the unit's signature on a visit (the representative signs on the inspector's device);
// - the group leader assigns the group's tasks, reviews, returns and submits, acknowledges the
//   units' answers to the group's findings, and resolves the group's edit conflicts;
// - leaders in charge review their units' plans and answer escalations; the party committee answers
//   escalations and adopts rules;
// - only discipline inspectors verify findings onward (case, transfer, rectification), close them,
//   keep the accountability register and confirm or dismiss its proposals, register petitions and
//   keep the reference data (units, groups, people, campaigns, checklists, draws).
std::vector<Rule> buildTable() {
    std::vector<Rule> t;
    auto add = [&](const char* role, const char* type, A action, const char* what = "", const char* states = "") {
        t.push_back({role, type, action, what, states});
    };
    auto moves = [&](const char* role, const char* type, std::initializer_list<const char*> list, const char* states = "") {
        for (const char* m : list) add(role, type, A::Move, m, states);
    };

    // ---- inspectors: their group's visits and findings, until submitted
    moves(kInspector, "assignment", {"assigned>in_progress", "in_progress>done"});
    add(kInspector, "visit", A::Create);
    add(kInspector, "visit", A::Edit, "*", "planned started");
    moves(kInspector, "visit", {"planned>started", "started>submitted"});
    add(kInspector, "visit", A::Withdraw, "", "planned started");
    add(kInspector, "visit", A::Attach, "", "planned started");
    add(kInspector, "finding", A::Create);
    add(kInspector, "finding", A::Edit, "*", "recorded");
    moves(kInspector, "finding", {"recorded>submitted"});
    add(kInspector, "finding", A::Withdraw, "", "recorded");
    add(kInspector, "finding", A::Attach, "", "recorded");
    add(kInspector, "complaint", A::Edit, "conclusion supervision_outcome");

    // ---- group leader: the group's tasks; reviews, returns and submits
    add(kLeader, "assignment", A::Create);
    add(kLeader, "assignment", A::Edit, "*", "assigned in_progress");
    moves(kLeader, "assignment", {"assigned>in_progress", "in_progress>done", "assigned>cancelled", "in_progress>cancelled"});
    add(kLeader, "visit", A::Create);
    add(kLeader, "visit", A::Edit, "*", "planned started");
    // After submission the leader may still correct a visit's content (the change then shows as
    // made after the unit signed), but not the signature: the representative gives it on site, so
    // signing again needs the visit reopened (submitted → started).
    add(kLeader, "visit", A::Edit,
        "campaign_id unit_id group_id assignment_id checklist_template_id inspectors_present planned_date "
        "gps_latitude gps_longitude gps_accuracy_m gps_time_ms gps_simulated answers notes",
        "submitted");
    moves(kLeader, "visit", {"planned>started", "started>submitted", "submitted>reviewed", "submitted>started"});
    add(kLeader, "visit", A::Withdraw, "", "planned started submitted");
    add(kLeader, "visit", A::Attach, "", "planned started submitted");
    add(kLeader, "finding", A::Create);
    add(kLeader, "finding", A::Edit, "*", "recorded submitted");
    moves(kLeader, "finding", {"recorded>submitted", "submitted>recorded", "submitted>verified"});
    add(kLeader, "finding", A::Withdraw, "", "recorded submitted");
    add(kLeader, "finding", A::Attach, "", "recorded submitted");
    add(kLeader, "complaint", A::Edit, "conclusion supervisor supervision_deadline supervision_outcome");
    add(kLeader, "good_practice", A::Create);
    add(kLeader, "good_practice", A::Edit, "*");
    moves(kLeader, "finding_answer", {"submitted>acknowledged"});

    // ---- unit liaison: its own unit's filings, never what was found against it
    add(kLiaison, "self_inspection", A::Create);
    add(kLiaison, "self_inspection", A::Edit, "*");
    add(kLiaison, "self_inspection", A::Attach);
    add(kLiaison, "rectification_plan", A::Create);
    add(kLiaison, "rectification_plan", A::Edit, "*", "draft returned");
    moves(kLiaison, "rectification_plan", {"draft>submitted", "returned>submitted", "accepted>completed"});
    add(kLiaison, "rectification_plan", A::Attach);
    add(kLiaison, "rectification_measure", A::Create);
    add(kLiaison, "rectification_measure", A::Edit, "*", "planned in_progress");
    moves(kLiaison, "rectification_measure", {"planned>in_progress", "in_progress>done", "planned>done", "done>in_progress"});
    add(kLiaison, "rectification_measure", A::Attach);
    add(kLiaison, "monthly_report", A::Create);
    add(kLiaison, "monthly_report", A::Edit, "*", "draft");
    moves(kLiaison, "monthly_report", {"draft>submitted"});
    add(kLiaison, "monthly_report", A::Attach);
    add(kLiaison, "escalation", A::Create);
    add(kLiaison, "escalation", A::Edit, "unit_id measure_id question to_whom asked_date", "open");
    moves(kLiaison, "escalation", {"answered>closed"});
    add(kLiaison, "escalation", A::Attach);
    add(kLiaison, "rule_adopted", A::Create);
    add(kLiaison, "rule_adopted", A::Edit, "*");
    add(kLiaison, "rule_basis", A::Create);
    add(kLiaison, "good_practice", A::Create);
    add(kLiaison, "good_practice", A::Edit, "*");
    add(kLiaison, "finding_answer", A::Create);
    add(kLiaison, "finding_answer", A::Edit, "*", "draft");
    moves(kLiaison, "finding_answer", {"draft>submitted"});
    add(kLiaison, "finding_answer", A::Attach, "", "draft");

    // ---- leader in charge: reviews its units' plans and reports, answers escalations
    moves(kInCharge, "rectification_plan", {"submitted>accepted", "submitted>returned"});
    moves(kInCharge, "monthly_report", {"submitted>draft"});
    add(kInCharge, "escalation", A::Edit, "answer answered_date", "open answered");
    moves(kInCharge, "escalation", {"open>answered", "answered>open", "answered>closed"});

    // ---- party committee: decisions on escalated questions, rules
    add(kCommittee, "escalation", A::Edit, "answer answered_date", "open answered");
    moves(kCommittee, "escalation", {"open>answered", "answered>open", "answered>closed"});
    for (const char* type : {"rule_adopted", "good_practice"}) {
        add(kCommittee, type, A::Create);
        add(kCommittee, type, A::Edit, "*");
        add(kCommittee, type, A::Withdraw);
    }
    add(kCommittee, "rule_basis", A::Create);
    add(kCommittee, "rule_basis", A::Withdraw);

    // ---- discipline inspectors: supervision, the register, reference data
    for (const char* type : {"campaign", "unit", "inspection_group", "person", "checklist_template", "complaint",
                             "assignment", "finding", "accountability_case", "rule_adopted", "rule_basis",
                             "good_practice", "spot_check_draw", "self_inspection"}) {
        add(kDiscipline, type, A::Create);
        add(kDiscipline, type, A::Edit, "*");
        add(kDiscipline, type, A::Withdraw);
        add(kDiscipline, type, A::Attach);
    }
    moves(kDiscipline, "assignment", {"assigned>in_progress", "in_progress>done", "assigned>cancelled", "in_progress>cancelled"});
    moves(kDiscipline, "finding", {"recorded>submitted", "submitted>recorded", "submitted>verified", "verified>case_opened",
                                   "verified>transferred", "verified>rectifying", "case_opened>rectifying",
                                   "transferred>rectifying", "case_opened>closed", "rectifying>closed"});
    moves(kDiscipline, "accountability_case", {"proposed>confirmed", "proposed>dismissed"});
    moves(kDiscipline, "rectification_plan", {"submitted>accepted", "submitted>returned"});
    moves(kDiscipline, "monthly_report", {"submitted>draft"});
    add(kDiscipline, "escalation", A::Edit, "answer answered_date", "open answered");
    moves(kDiscipline, "escalation", {"open>answered", "answered>open", "answered>closed"});
    moves(kDiscipline, "finding_answer", {"submitted>acknowledged"});
    for (const char* type : {"visit", "rectification_plan", "rectification_measure", "monthly_report", "escalation",
                             "finding_answer"}) {
        add(kDiscipline, type, A::Withdraw);
        add(kDiscipline, type, A::Attach);
    }
    return t;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

bool inStates(const Rule& r, const std::string& state) {
    if (r.inStates.empty()) return true;
    const auto states = words(r.inStates);
    return std::find(states.begin(), states.end(), state) != states.end();
}

std::string roleLabel(const std::string& role) {
    for (const auto& [name, zh] : roles()) {
        if (name == role) return zh + " (" + name + ")";
    }
    return "'" + role + "'";
}

std::string stateLabel(const RecordTypeSpec& spec, const std::string& state) {
    if (const FieldSpec* f = spec.field(spec.lifeCycle.field)) {
        for (const auto& c : f->choices) {
            if (c.value == state) return c.labelZh + " (" + state + ")";
        }
    }
    return state;
}

std::string fieldLabel(const RecordTypeSpec& spec, const std::string& field) {
    const FieldSpec* f = spec.field(field);
    return f != nullptr ? f->labelZh + " (" + field + ")" : field;
}

std::string typeLabel(const RecordTypeSpec& spec) { return spec.labelZh + " (" + spec.name + ")"; }

// The rules of `role` for `type` and `action` (any state).
std::vector<const Rule*> rulesFor(const std::string& role, const std::string& type, Action action) {
    std::vector<const Rule*> out;
    for (const auto& r : table()) {
        if (r.role == role && r.type == type && r.action == action) out.push_back(&r);
    }
    return out;
}

// Why a rule that exists does not apply in this state ("" when one applies).
std::string stateRefusal(const std::vector<const Rule*>& rules, const RecordTypeSpec& spec, const std::string& state) {
    std::set<std::string> allowed;
    for (const Rule* r : rules) {
        if (inStates(*r, state)) return {};
        for (const auto& s : words(r->inStates)) allowed.insert(stateLabel(spec, s));
    }
    std::string list;
    for (const auto& s : allowed) list += (list.empty() ? "" : ", ") + s;
    return "only while it is " + list + "; it is " + stateLabel(spec, state);
}

bool editRuleCovers(const Rule& r, const std::string& field) {
    if (r.what == "*") return true;
    const auto fields = words(r.what);
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& roles() {
    static const std::vector<std::pair<std::string, std::string>> list = {
        {kInspector, "检查组组员"},     {kLeader, "检查组组长"},        {kLiaison, "科室/单位联络员"},
        {kInCharge, "分管领导"},        {kDiscipline, "纪检人员"},      {kCommittee, "局党委"}};
    return list;
}

bool isKnownRole(const std::string& role) {
    for (const auto& [name, zh] : roles()) {
        if (name == role) return true;
    }
    return false;
}

const std::vector<Rule>& table() {
    static const std::vector<Rule> rules = buildTable();
    return rules;
}

Request resolution(const std::string& type, const Record& before, const std::string& field,
                   const nlohmann::json& chosenValue) {
    Request r;
    r.type = type;
    r.before = &before;
    if (field == "_withdrawn") {
        r.kind = chosenValue == "restore" ? Request::Kind::Restore : Request::Kind::Withdraw;
    } else {
        r.kind = Request::Kind::Update;
        r.changes[field] = chosenValue;
    }
    return r;
}

Status authorize(const Request& request) {
    const RecordTypeSpec* spec = findRecordType(request.type);
    if (spec == nullptr) return makeError(ErrorCode::InvalidArgument, "unknown record type '" + request.type + "'");
    const std::string who = "a " + roleLabel(request.role);
    auto refuse = [&](const std::string& what) {
        return makeError(ErrorCode::Unauthorized, "not allowed: " + who + " may not " + what);
    };
    if (!isKnownRole(request.role)) return refuse("change anything (unknown role)");
    const std::string& statusField = spec->lifeCycle.field;
    const bool hasLifeCycle = spec->hasLifeCycle();
    using Kind = Request::Kind;

    if (request.kind == Kind::Create) {
        if (rulesFor(request.role, spec->name, A::Create).empty()) return refuse("create a " + typeLabel(*spec));
        const std::string initial = hasLifeCycle ? spec->lifeCycle.initial : std::string();
        const auto edits = rulesFor(request.role, spec->name, A::Edit);
        for (auto it = request.changes.begin(); it != request.changes.end(); ++it) {
            if (it->is_null() || it.key() == statusField) continue;
            const bool covered = std::any_of(edits.begin(), edits.end(), [&](const Rule* r) {
                return editRuleCovers(*r, it.key()) && inStates(*r, initial);
            });
            if (!covered) return refuse("set " + fieldLabel(*spec, it.key()) + " of a " + typeLabel(*spec));
        }
        return {};
    }

    if (request.before == nullptr) return makeError(ErrorCode::Internal, "authorize: no record to change");
    const Record& before = *request.before;
    const std::string state = hasLifeCycle ? before.fields.value(statusField, std::string()) : std::string();
    const std::string subject = spec->labelZh + " '" + before.id + "'";

    if (request.kind == Kind::Withdraw || request.kind == Kind::Restore || request.kind == Kind::Attach) {
        const Action action = request.kind == Kind::Attach ? A::Attach : A::Withdraw;
        const char* verb = request.kind == Kind::Withdraw ? "withdraw" : request.kind == Kind::Restore ? "restore" : "attach files to";
        const auto rules = rulesFor(request.role, spec->name, action);
        if (rules.empty()) return refuse(std::string(verb) + " a " + typeLabel(*spec));
        if (std::string why = stateRefusal(rules, *spec, state); !why.empty()) {
            return refuse(std::string(verb) + " " + subject + " " + why);
        }
        return {};
    }

    // Update: each changed field, and the life-cycle move if the state changes.
    const auto edits = rulesFor(request.role, spec->name, A::Edit);
    for (auto it = request.changes.begin(); it != request.changes.end(); ++it) {
        if (hasLifeCycle && it.key() == statusField) {
            const std::string to = it->is_string() ? it->get<std::string>() : std::string();
            if (to == state) continue;
            const std::string move = state + ">" + to;
            const auto rules = rulesFor(request.role, spec->name, A::Move);
            const bool allowed = std::any_of(rules.begin(), rules.end(), [&](const Rule* r) { return r->what == move; });
            if (!allowed) {
                std::string possible;
                for (const Rule* r : rules) {
                    if (r->what.rfind(state + ">", 0) == 0) {
                        possible += (possible.empty() ? "" : ", ") + stateLabel(*spec, r->what.substr(state.size() + 1));
                    }
                }
                return refuse("move " + subject + " from " + stateLabel(*spec, state) + " to " + stateLabel(*spec, to) +
                              (possible.empty() ? std::string(" (nor to any other state)")
                                                : " (from here only to: " + possible + ")"));
            }
            continue;
        }
        std::vector<const Rule*> covering;
        for (const Rule* r : edits) {
            if (editRuleCovers(*r, it.key())) covering.push_back(r);
        }
        if (covering.empty()) return refuse("change " + fieldLabel(*spec, it.key()) + " of a " + typeLabel(*spec));
        if (std::string why = stateRefusal(covering, *spec, state); !why.empty()) {
            return refuse("change " + fieldLabel(*spec, it.key()) + " of " + subject + " " + why);
        }
    }
    return {};
}

std::string markdown() {
    static const char* const kActionNames[] = {"create", "edit", "move", "withdraw", "attach"};
    std::ostringstream out;
    out << "# Who may change what\n\n"
           "Generated from the permission table in `core/src/permissions.cpp` by `fieldcheck permissions\n"
           "--markdown`; a test keeps this page equal to it. The central server rejects (and flags to\n"
           "discipline inspectors) every op the table does not allow; a device refuses the same before it\n"
           "queues an op. See `core/include/fieldcheck/core/permissions.h` for what each action means.\n\n"
           "- Every write must concern a record inside the author's scope before *and* after the change:\n"
           "  own unit (unit liaison), the group's assigned units (inspectors, group leader), the units in\n"
           "  charge (leader in charge), everything (discipline inspectors, party committee).\n"
           "- Resolving a conflict is the change it makes: choosing a value of a field needs \"edit\" of that\n"
           "  field; a conflict between an edit and a withdrawal needs \"withdraw\".\n"
           "- A withdrawal always needs a reason. No rule lets a unit liaison withdraw anything.\n"
           "- \"in states\": the states the record must be in before the change (empty: any).\n";
    for (const auto& [role, zh] : roles()) {
        out << "\n## " << zh << " (" << role << ")\n\n| record type | action | what | in states |\n| --- | --- | --- | --- |\n";
        for (const auto& spec : recordTypes()) {
            for (const auto& r : table()) {
                if (r.role != role || r.type != spec.name) continue;
                std::string what = r.what;
                if (r.action == A::Move) {
                    const auto gt = what.find('>');
                    what = stateLabel(spec, what.substr(0, gt)) + " → " + stateLabel(spec, what.substr(gt + 1));
                }
                out << "| " << typeLabel(spec) << " | " << kActionNames[static_cast<int>(r.action)] << " | " << what
                    << " | " << r.inStates << " |\n";
            }
        }
    }
    return out.str();
}

}  // namespace fieldcheck::permissions
