// A visit's checklist, its signature's binding to its content, and what it lacks before
// submission (visit_rules.h).
#include "fieldcheck/core/visit_rules.h"

#include <algorithm>
#include <set>

#include "fieldcheck/core/crypto.h"

namespace fieldcheck::visit_rules {
namespace {

std::string text(const Record& r, const std::string& field) {
    auto it = r.fields.find(field);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// A position field as the hash sees it: a number (a double, whatever JSON number type it arrived
// as) or null.
nlohmann::json real(const Record& r, const std::string& field) {
    auto it = r.fields.find(field);
    if (it == r.fields.end() || !it->is_number()) return nullptr;
    return it->get<double>();
}

nlohmann::json integer(const Record& r, const std::string& field) {
    auto it = r.fields.find(field);
    if (it == r.fields.end() || !it->is_number()) return nullptr;
    return it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(it->get<double>());
}

const nlohmann::json& answersOf(const Record& visit) {
    static const nlohmann::json empty = nlohmann::json::object();
    auto it = visit.fields.find("answers");
    return it != visit.fields.end() && it->is_object() ? *it : empty;
}

constexpr const char* kContentPrefix = "fieldcheck visit content v1\n";

}  // namespace

std::string answerKindName(AnswerKind kind) {
    switch (kind) {
        case AnswerKind::OkProblem: return "ok_problem";
        case AnswerKind::YesNo: return "yes_no";
        case AnswerKind::Text: return "text";
        case AnswerKind::Number: return "number";
    }
    return "ok_problem";
}

const std::vector<std::string>& answerChoices(AnswerKind kind) {
    static const std::vector<std::string> okProblem = {"ok", "problem", "not_applicable"};
    static const std::vector<std::string> yesNo = {"yes", "no"};
    static const std::vector<std::string> none;
    if (kind == AnswerKind::OkProblem) return okProblem;
    if (kind == AnswerKind::YesNo) return yesNo;
    return none;
}

Result<std::vector<ChecklistItem>> checklistItems(const Record& checklistTemplate) {
    auto it = checklistTemplate.fields.find("items");
    if (it == checklistTemplate.fields.end() || !it->is_array()) {
        return makeError(ErrorCode::InvalidArgument, "checklist '" + checklistTemplate.id + "': its items are not a list");
    }
    std::vector<ChecklistItem> out;
    std::set<std::string> codes;
    for (size_t i = 0; i < it->size(); ++i) {
        const auto& j = (*it)[i];
        const std::string where = "checklist '" + checklistTemplate.id + "', item " + std::to_string(i + 1);
        if (!j.is_object()) return makeError(ErrorCode::InvalidArgument, where + " is not an object");
        ChecklistItem item;
        item.code = j.value("code", std::string());
        item.category = j.value("category", std::string());
        item.question = j.value("question", std::string());
        if (blank(item.code) || blank(item.question)) {
            return makeError(ErrorCode::InvalidArgument, where + " needs a code and a question");
        }
        if (!codes.insert(item.code).second) {
            return makeError(ErrorCode::InvalidArgument, where + ": the code '" + item.code + "' is used twice");
        }
        const std::string kind = j.value("answer", std::string("ok_problem"));
        if (kind == "ok_problem") item.answerKind = AnswerKind::OkProblem;
        else if (kind == "yes_no") item.answerKind = AnswerKind::YesNo;
        else if (kind == "text") item.answerKind = AnswerKind::Text;
        else if (kind == "number") item.answerKind = AnswerKind::Number;
        else {
            return makeError(ErrorCode::InvalidArgument,
                             where + ": unknown answer kind '" + kind + "' (ok_problem, yes_no, text, number)");
        }
        auto required = j.find("required");
        item.required = required == j.end() || !required->is_boolean() || required->get<bool>();
        out.push_back(std::move(item));
    }
    return out;
}

nlohmann::json answerValue(const nlohmann::json& answers, const std::string& itemCode) {
    if (!answers.is_object()) return nullptr;
    auto it = answers.find(itemCode);
    if (it == answers.end()) return nullptr;
    if (it->is_object()) return it->value("answer", nlohmann::json());
    return *it;
}

std::string answerNote(const nlohmann::json& answers, const std::string& itemCode) {
    if (!answers.is_object()) return {};
    auto it = answers.find(itemCode);
    if (it == answers.end() || !it->is_object()) return {};
    auto note = it->find("note");
    return note != it->end() && note->is_string() ? note->get<std::string>() : std::string();
}

bool isAnswer(AnswerKind kind, const nlohmann::json& value) {
    switch (kind) {
        case AnswerKind::OkProblem:
        case AnswerKind::YesNo: {
            if (!value.is_string()) return false;
            const auto& choices = answerChoices(kind);
            return std::find(choices.begin(), choices.end(), value.get<std::string>()) != choices.end();
        }
        case AnswerKind::Text: return value.is_string() && !blank(value.get<std::string>());
        case AnswerKind::Number: return value.is_number();
    }
    return false;
}

const std::vector<std::string>& contentFields() {
    static const std::vector<std::string> fields = {
        "unit_id",      "group_id",      "checklist_template_id", "inspectors_present", "answers",       "notes",
        "gps_latitude", "gps_longitude", "gps_accuracy_m",        "gps_time_ms",        "gps_simulated"};
    return fields;
}

const std::vector<std::string>& signatureFields() {
    static const std::vector<std::string> fields = {"signature_attachment_id", "signed_by", "signed_ms",
                                                    "signed_content_sha256"};
    return fields;
}

std::string visitContentCanonical(const Record& visit) {
    const auto simulated = visit.fields.find("gps_simulated");
    nlohmann::json content = {
        {"id", visit.id},
        {"unit_id", text(visit, "unit_id")},
        {"group_id", text(visit, "group_id")},
        {"checklist_template_id", text(visit, "checklist_template_id")},
        {"inspectors_present", text(visit, "inspectors_present")},
        {"answers", answersOf(visit)},
        {"notes", text(visit, "notes")},
        {"gps",
         {{"latitude", real(visit, "gps_latitude")},
          {"longitude", real(visit, "gps_longitude")},
          {"accuracy_m", real(visit, "gps_accuracy_m")},
          {"time_ms", integer(visit, "gps_time_ms")},
          {"simulated", simulated != visit.fields.end() && simulated->is_boolean() && simulated->get<bool>()}}},
    };
    return kContentPrefix + content.dump();
}

std::string visitContentSha256(const Record& visit) { return sha256Hex(visitContentCanonical(visit)); }

std::string signatureStateName(SignatureState state) {
    switch (state) {
        case SignatureState::Unsigned: return "unsigned";
        case SignatureState::Valid: return "valid";
        case SignatureState::ChangedAfterSigning: return "changed_after_signing";
    }
    return "unsigned";
}

SignatureState visitSignatureState(const Record& visit) {
    const std::string signedHash = text(visit, "signed_content_sha256");
    if (signedHash.empty()) return SignatureState::Unsigned;
    return signedHash == visitContentSha256(visit) ? SignatureState::Valid : SignatureState::ChangedAfterSigning;
}

bool visitChangedAfterSigning(const Record& visit) {
    return visitSignatureState(visit) == SignatureState::ChangedAfterSigning;
}

std::vector<VisitProblem> visitSubmitProblems(const Record& visit, const Record* checklist) {
    std::vector<VisitProblem> out;
    const auto lat = visit.fields.find("gps_latitude");
    const auto lon = visit.fields.find("gps_longitude");
    if (lat == visit.fields.end() || !lat->is_number() || lon == visit.fields.end() || !lon->is_number()) {
        out.push_back({"not_checked_in", "the visit has no GPS check-in (签到定位) yet", {}});
    }
    if (checklist != nullptr) {
        auto items = checklistItems(*checklist);
        if (items.ok()) {
            VisitProblem unanswered{"unanswered", "", {}};
            for (const auto& item : items.value()) {
                if (item.required && !isAnswer(item.answerKind, answerValue(answersOf(visit), item.code))) {
                    unanswered.items.push_back(item.code);
                }
            }
            if (!unanswered.items.empty()) {
                std::string list;
                for (const auto& code : unanswered.items) list += (list.empty() ? "" : ", ") + code;
                unanswered.message = std::to_string(unanswered.items.size()) +
                                     " required checklist item(s) (检查项) have no answer: " + list;
                out.push_back(std::move(unanswered));
            }
        }
    }
    switch (visitSignatureState(visit)) {
        case SignatureState::Unsigned:
            out.push_back({"unsigned", "the unit's representative has not signed the visit record (被检查单位签字确认)", {}});
            break;
        case SignatureState::ChangedAfterSigning:
            out.push_back({"changed_after_signing",
                           "the visit was changed after the unit's representative signed it; they must sign again", {}});
            break;
        case SignatureState::Valid: break;
    }
    return out;
}

bool refusesSubmission(const VisitProblem& problem) { return problem.code != "unsigned"; }

}  // namespace fieldcheck::visit_rules
