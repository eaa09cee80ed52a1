// The rules of writing a record (record_rules.h): pure functions over a Lookup, so the device's
// store and any server backend apply the same ones.
#include "fieldcheck/core/record_rules.h"

#include <cmath>
#include <ctime>
#include <optional>

#include "fieldcheck/core/visit_rules.h"
#include "values.h"

namespace fieldcheck::record_rules {
namespace {

constexpr int64_t kBureauUtcOffsetMs = 8LL * 3600 * 1000;  // 北京时间

std::string str(const Record& r, const std::string& field) {
    auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool entered(const Record* before, const Record& after, const std::string& state) {
    return str(after, "status") == state && (before == nullptr || str(*before, "status") != state);
}

// A record from another storage may lack a field its type has gained since: absent is null.
nlohmann::json valueOf(const Record& r, const std::string& field) { return r.fields.value(field, nlohmann::json()); }

bool changed(const Record* before, const Record& after, const std::string& field) {
    return before == nullptr ? !valueOf(after, field).is_null() : valueOf(*before, field) != valueOf(after, field);
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

Error ruleError(const std::string& message) { return makeError(ErrorCode::IllegalTransition, message); }

// 重点抽查 / 重点督办: a "四风" petition concluded "否" must be re-verified under supervision.
Status complaintSupervision(const Record* before, Record& after) {
    const bool needs = str(after, "category") == "four_styles" && str(after, "conclusion") == "unsubstantiated";
    std::string status = str(after, "supervision_status");
    if (status == "none" && needs) status = "required";
    if (status == "required" && !str(after, "supervisor").empty() && !str(after, "supervision_deadline").empty()) {
        status = "supervising";
    }
    if (status == "supervising" && !str(after, "supervision_outcome").empty()) status = "concluded";
    if (before != nullptr && str(*before, "supervision_status") == "concluded" && changed(before, after, "supervision_outcome")) {
        return ruleError("the supervision of this petition is concluded; its outcome can no longer be changed");
    }
    after.fields["supervision_status"] = status;
    return {};
}

// The unit's signature (被检查单位签字确认) is recorded whole or not at all: the sealed image, who
// signed, when, and the hash of what they signed. Whether the hash matches the content is not
// checked here: the receiving store may hold other content by then, and that must show
// (visit_rules::visitSignatureState), not bounce the signature.
Status visitSignature(const Record* before, const Record& after) {
    bool touched = false;
    int set = 0;
    for (const auto& f : visit_rules::signatureFields()) {
        touched = touched || changed(before, after, f);
        const auto& v = valueOf(after, f);
        if (!v.is_null() && !(v.is_string() && blank(v.get<std::string>()))) ++set;
    }
    if (!touched || set == 0) return {};
    if (set != static_cast<int>(visit_rules::signatureFields().size())) {
        return ruleError("a visit's signature is recorded whole: signature_attachment_id, signed_by, signed_ms and "
                         "signed_content_sha256 together (被检查单位签字确认)");
    }
    const std::string hash = str(after, "signed_content_sha256");
    if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return ruleError("signed_content_sha256 must be a SHA-256 in lower-case hex (64 digits)");
    }
    return {};
}

// A visit is submitted complete: checked in, its checklist's required items answered, and a
// signature, when there is one, over exactly what is submitted (visit_rules.h).
Status visitSubmission(Lookup& lookup, const Record& after) {
    std::optional<Record> checklist;
    if (const std::string id = str(after, "checklist_template_id"); !id.empty()) {
        FC_ASSIGN_OR_RETURN(Record t, lookup.fetch(*findRecordType("checklist_template"), id));
        checklist = std::move(t);
    }
    std::string refused;
    for (const auto& p : visit_rules::visitSubmitProblems(after, checklist ? &*checklist : nullptr)) {
        if (visit_rules::refusesSubmission(p)) refused += (refused.empty() ? "" : "; ") + p.message;
    }
    if (!refused.empty()) return ruleError("visit '" + after.id + "' cannot be submitted: " + refused);
    return {};
}

Status visitRules(Lookup& lookup, const Record* before, Record& after, int64_t now) {
    FC_TRY(visitSignature(before, after));
    if (entered(before, after, "started")) after.fields["started_ms"] = now;
    if (entered(before, after, "submitted")) {
        FC_TRY(visitSubmission(lookup, after));
        after.fields["submitted_ms"] = now;
        // Two or more inspectors should be present at a visit: flag it, do not block it.
        after.fields["fewer_than_two"] = countPeople(str(after, "inspectors_present")) < 2;
    }
    if (entered(before, after, "reviewed")) after.fields["reviewed_ms"] = now;
    if (changed(before, after, "gps_latitude") || changed(before, after, "gps_longitude") || changed(before, after, "unit_id")) {
        after.fields["distance_to_unit_m"] = nullptr;
        const auto& lat = after.fields["gps_latitude"];
        const auto& lon = after.fields["gps_longitude"];
        if (lat.is_number() && lon.is_number()) {
            auto unit = lookup.fetch(*findRecordType("unit"), str(after, "unit_id"));
            if (!unit.ok()) return unit.error();
            const auto& ulat = unit->fields["latitude"];
            const auto& ulon = unit->fields["longitude"];
            if (ulat.is_number() && ulon.is_number()) {
                double d = distanceMetres(lat.get<double>(), lon.get<double>(), ulat.get<double>(), ulon.get<double>());
                after.fields["distance_to_unit_m"] = std::round(d * 10.0) / 10.0;
            }
        }
    }
    return {};
}

// 不少于3条的具体整改措施: a plan with fewer concrete measures cannot be submitted.
Status planRules(Lookup& lookup, const Record* before, Record& after) {
    if (!entered(before, after, "submitted")) return {};
    FC_ASSIGN_OR_RETURN(auto measures, lookup.active(*findRecordType("rectification_measure"), "plan_id", after.id));
    int64_t concrete = 0;
    for (const auto& m : measures) {
        // Concrete: says what is done, by whom, by when.
        if (!blank(str(m, "description")) && !blank(str(m, "owner")) && !valueOf(m, "deadline").is_null()) {
            ++concrete;
        }
    }
    if (concrete < 3) {
        return ruleError("a rectification plan needs at least three concrete measures (不少于3条具体整改措施) with "
                         "owner and deadline before it can be submitted; this one has " + std::to_string(concrete));
    }
    return {};
}

Status measureRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "done")) {
        if (blank(str(after, "completion_evidence"))) {
            return ruleError("a measure is done only with evidence of completion (完成佐证)");
        }
        after.fields["completed_date"] = bureauDate(now);
    }
    if (before != nullptr && str(*before, "status") == "done" && str(after, "status") != "done") {
        after.fields["completed_date"] = nullptr;
    }
    return {};
}

Status reportRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "submitted")) {
        for (const char* part : {"work_done", "problems_remaining", "next_plan"}) {
            if (blank(str(after, part))) {
                return ruleError(std::string("a monthly rectification report has three parts; '") + part + "' (" +
                                 findRecordType("monthly_report")->field(part)->labelZh + ") is empty");
            }
        }
        after.fields["submitted_date"] = bureauDate(now);
    }
    if (before != nullptr && str(*before, "status") == "submitted" && str(after, "status") == "draft") {
        after.fields["submitted_date"] = nullptr;
    }
    return {};
}

Status accountabilityRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "confirmed") && str(after, "measure").empty()) {
        return ruleError("an accountability case is confirmed with its measure (通报, 谈话提醒, 组织处理 or 党纪处分): "
                         "'measure' (问责方式) is empty");
    }
    // A person decides with a reason of their own: the proposal's explanation, which the rules wrote
    // into decision_note, is not one.
    const bool deciding = entered(before, after, "confirmed") || entered(before, after, "dismissed");
    if (deciding && (blank(str(after, "decision_note")) || (before != nullptr && !changed(before, after, "decision_note")))) {
        return ruleError("an accountability case is confirmed or dismissed with the reason for the decision: "
                         "'decision_note' (处理意见) is empty or still the proposal's text");
    }
    if (entered(before, after, "confirmed") || entered(before, after, "dismissed")) {
        after.fields["decided_date"] = bureauDate(now);
    }
    return {};
}

Status answerRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "submitted")) after.fields["submitted_date"] = bureauDate(now);
    return {};
}

Status escalationRules(const Record* before, Record& after, int64_t now) {
    if (entered(before, after, "answered")) {
        if (str(after, "answer").empty()) return ruleError("an escalation is answered with its answer (批复意见)");
        after.fields["answered_date"] = bureauDate(now);
    }
    return {};
}

// Checks the writer's fields: computed fields are the rules' to set, and a record with a life cycle
// starts in its initial state and moves only along its transitions.
Status checkWriterFields(const RecordTypeSpec& spec, const nlohmann::json& normalized, const Record* before) {
    for (auto it = normalized.begin(); it != normalized.end(); ++it) {
        const FieldSpec* f = spec.field(it.key());
        if (f->computed) {
            return makeError(ErrorCode::InvalidArgument, "field '" + f->name + "' (" + f->labelZh +
                                                             ") is computed by FieldCheck and cannot be set");
        }
    }
    if (!spec.hasLifeCycle()) return {};
    const LifeCycle& lc = spec.lifeCycle;
    auto it = normalized.find(lc.field);
    if (it == normalized.end()) return {};
    const std::string to = it->is_null() ? std::string() : it->get<std::string>();
    if (before == nullptr) {
        if (to != lc.initial) {
            return makeError(ErrorCode::IllegalTransition, "a new " + spec.name + " starts as '" + lc.initial +
                                                               "', not '" + to + "'");
        }
        return {};
    }
    const std::string from = before->fields.value(lc.field, std::string());
    if (from != to && !lc.allows(from, to)) {
        std::string next;
        for (const auto& n : lc.nextStates(from)) next += (next.empty() ? "" : ", ") + n;
        return makeError(ErrorCode::IllegalTransition,
                         spec.name + " '" + before->id + "' cannot go from '" + from + "' to '" + to + "'" +
                             (next.empty() ? std::string(" (it is final)") : " (possible: " + next + ")"));
    }
    return {};
}

Status passGate(const Gate& gate, const permissions::Request& request) { return gate ? gate(request) : Status(); }

}  // namespace

std::string bureauDate(int64_t epochMs) {
    std::time_t secs = static_cast<std::time_t>((epochMs + kBureauUtcOffsetMs) / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
    return buf;
}

double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kEarthRadius = 6371008.8;
    constexpr double kRad = M_PI / 180.0;
    double dLat = (lat2 - lat1) * kRad;
    double dLon = (lon2 - lon1) * kRad;
    double a = std::sin(dLat / 2) * std::sin(dLat / 2) +
               std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

std::vector<std::string> peopleNames(const std::string& names) {
    // Separators people use: 、 ， , ; ； and whitespace.
    std::vector<std::string> out;
    bool inName = false;
    for (size_t i = 0; i < names.size();) {
        bool sep = false;
        size_t len = 1;
        unsigned char c = static_cast<unsigned char>(names[i]);
        if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n') {
            sep = true;
        } else if (names.compare(i, 3, "、") == 0 || names.compare(i, 3, "，") == 0 || names.compare(i, 3, "；") == 0) {
            sep = true;
            len = 3;
        }
        if (sep) inName = false;
        else {
            if (!inName) out.emplace_back();
            inName = true;
            out.back().append(names, i, len);
        }
        i += len;
    }
    return out;
}

int countPeople(const std::string& names) { return static_cast<int>(peopleNames(names).size()); }

Status applyRules(const RecordTypeSpec& spec, const Record* before, Record& after, int64_t now, Lookup& lookup) {
    // A spot-check draw is evidence of what was drawn: it is never edited (withdraw and redraw).
    if (spec.name == "spot_check_draw" && before != nullptr) {
        return ruleError("a spot-check draw cannot be changed; withdraw it with a reason and draw again");
    }
    if (spec.name == "complaint") return complaintSupervision(before, after);
    if (spec.name == "finding" && after.fields["case_opened_date"].is_null() &&
        (entered(before, after, "case_opened") || entered(before, after, "transferred"))) {
        after.fields["case_opened_date"] = bureauDate(now);
    }
    if (spec.name == "visit") return visitRules(lookup, before, after, now);
    if (spec.name == "rectification_plan") return planRules(lookup, before, after);
    if (spec.name == "rectification_measure") return measureRules(before, after, now);
    if (spec.name == "monthly_report") return reportRules(before, after, now);
    if (spec.name == "accountability_case") return accountabilityRules(before, after, now);
    if (spec.name == "escalation") return escalationRules(before, after, now);
    if (spec.name == "finding_answer") return answerRules(before, after, now);
    return {};
}

Result<std::vector<FollowUp>> followUps(const RecordTypeSpec& spec, const Record* before, const Record& after,
                                        int64_t atMs, Lookup& lookup) {
    std::vector<FollowUp> out;
    // A measure that needs higher-level support (条件不成熟) opens an escalation to the leader in
    // charge, once.
    if (spec.name == "rectification_measure" && !after.withdrawn && str(after, "kind") == "needs_support" &&
        (before == nullptr || str(*before, "kind") != "needs_support")) {
        FC_ASSIGN_OR_RETURN(auto open, lookup.active(*findRecordType("escalation"), "measure_id", after.id));
        if (!open.empty()) return out;
        FC_ASSIGN_OR_RETURN(Record plan, lookup.fetch(*findRecordType("rectification_plan"), str(after, "plan_id")));
        out.push_back({"escalation",
                       {{"unit_id", plan.fields["unit_id"]},
                        {"measure_id", after.id},
                        {"question", "整改措施需上级支持：" + str(after, "description")},
                        {"to_whom", "leader_in_charge"},
                        {"asked_date", bureauDate(atMs)}}});
    }
    return out;
}

Status checkReferences(const RecordTypeSpec& spec, const nlohmann::json& normalized, Lookup& lookup) {
    for (const auto& f : spec.fields) {
        if (f.kind != FieldKind::Reference) continue;
        auto it = normalized.find(f.name);
        if (it == normalized.end() || it->is_null()) continue;
        FC_ASSIGN_OR_RETURN(bool found, lookup.exists(*findRecordType(f.refType), it->get<std::string>()));
        if (!found) {
            return makeError(ErrorCode::InvalidArgument, "field '" + f.name + "': no " + f.refType +
                                                             " with id '" + it->get<std::string>() + "'");
        }
    }
    return {};
}

Result<const RecordTypeSpec*> requireType(const std::string& type) {
    const RecordTypeSpec* spec = findRecordType(type);
    if (spec == nullptr) {
        std::string known;
        for (const auto& t : recordTypes()) known += (known.empty() ? "" : ", ") + t.name;
        return makeError(ErrorCode::InvalidArgument, "unknown record type '" + type + "' (known: " + known + ")");
    }
    return spec;
}

Result<Record> prepareCreate(const RecordTypeSpec& spec, const std::string& id, const nlohmann::json& fields,
                             const Author& author, Lookup& lookup, const Gate& gate) {
    FC_ASSIGN_OR_RETURN(nlohmann::json normalized, detail::normalizeFields(spec, fields, true));
    FC_TRY(checkWriterFields(spec, normalized, nullptr));
    FC_TRY(passGate(gate, {{}, spec.name, permissions::Request::Kind::Create, nullptr, normalized}));
    FC_TRY(checkReferences(spec, normalized, lookup));
    Record r;
    r.type = spec.name;
    r.id = id;
    r.version = 1;
    r.createdMs = r.updatedMs = author.atMs;
    r.createdBy = r.updatedBy = author.actor;
    for (const auto& f : spec.fields) {
        auto it = normalized.find(f.name);
        r.fields[f.name] = it != normalized.end() ? *it : f.defaultValue;
    }
    FC_TRY(applyRules(spec, nullptr, r, author.atMs, lookup));
    return r;
}

Result<Edit> prepareUpdate(const RecordTypeSpec& spec, const Record& before, const nlohmann::json& changes,
                           const Author& author, Lookup& lookup, const Gate& gate) {
    FC_ASSIGN_OR_RETURN(nlohmann::json normalized, detail::normalizeFields(spec, changes, false));
    if (normalized.empty()) return makeError(ErrorCode::InvalidArgument, "nothing to change");
    if (before.withdrawn) {
        return makeError(ErrorCode::IllegalTransition, spec.name + " '" + before.id + "' was withdrawn (" +
                                                           before.withdrawnReason + "); it can no longer be changed");
    }
    FC_TRY(checkWriterFields(spec, normalized, &before));
    FC_TRY(passGate(gate, {{}, spec.name, permissions::Request::Kind::Update, &before, normalized}));
    FC_TRY(checkReferences(spec, normalized, lookup));
    Edit edit{before, nlohmann::json::object()};
    Record& r = edit.after;
    for (auto it = normalized.begin(); it != normalized.end(); ++it) r.fields[it.key()] = it.value();
    FC_TRY(applyRules(spec, &before, r, author.atMs, lookup));
    for (const auto& f : spec.fields) {
        if (r.fields[f.name] != valueOf(before, f.name)) edit.changed[f.name] = r.fields[f.name];
    }
    if (edit.changed.empty()) {
        edit.after = before;  // nothing changed: no new version
        return edit;
    }
    r.version = before.version + 1;
    r.updatedMs = author.atMs;
    r.updatedBy = author.actor;
    return edit;
}

Result<Record> prepareWithdraw(const RecordTypeSpec& spec, const Record& before, const std::string& reason,
                               const Author& author, const Gate& gate) {
    if (blank(reason)) return makeError(ErrorCode::InvalidArgument, "a withdrawal needs a reason");
    if (before.withdrawn) return makeError(ErrorCode::IllegalTransition, spec.name + " '" + before.id + "' is already withdrawn");
    FC_TRY(passGate(gate, {{}, spec.name, permissions::Request::Kind::Withdraw, &before, nlohmann::json::object()}));
    Record r = before;
    r.version += 1;
    r.updatedMs = author.atMs;
    r.updatedBy = author.actor;
    r.withdrawn = true;
    r.withdrawnReason = reason;
    return r;
}

}  // namespace fieldcheck::record_rules
