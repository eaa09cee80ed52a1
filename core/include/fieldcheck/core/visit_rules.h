// What makes an on-site visit (现场检查) complete, and how the unit's signature binds its content.
//
// - The checklist: a template's items (checklist_template.items) with their answer kinds and
//   whether each must be answered; a visit's answers and per-item notes (visit.answers).
// - The signature (被检查单位签字确认): the unit's representative confirms the visit record by
//   signing on the inspector's screen. The drawn signature is sealed as a PNG attachment of the
//   visit (signature_attachment_id), and the visit records who signed, when, and the SHA-256 of a
//   canonical serialisation of the visit's content at that moment (signed_content_sha256). A later
//   change to that content no longer matches the recorded hash, so it shows: visitSignatureState().
//   The device, the server and a verifier compute the same hash with visitContentSha256().
// - Submission: visitSubmitProblems() names what a visit still lacks before it can be submitted.
//
// Pure functions over records: no store, no clock.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/records.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck::visit_rules {

// A check-in further than this from the unit's recorded location is shown as "far from the unit"
// (a warning, not a refusal: positions indoors are often off by a street, and the distance itself
// is recorded for the reviewer).
constexpr double kFarFromUnitMetres = 300.0;

// How an item of a checklist is answered (checklist item "answer"; "ok_problem" when absent).
enum class AnswerKind {
    OkProblem,  // "ok" 符合, "problem" 存在问题, "not_applicable" 不适用
    YesNo,      // "yes" 是, "no" 否
    Text,       // free text
    Number,     // a JSON number
};

struct ChecklistItem {
    std::string code;      // unique within the template; the key of the visit's answers
    std::string category;  // one of the problem categories (records.cpp)
    std::string question;
    AnswerKind answerKind = AnswerKind::OkProblem;
    bool required = true;  // item "required"; true when absent
};

std::string answerKindName(AnswerKind kind);
// The values a choice kind accepts, in the order to offer them (empty for Text and Number).
const std::vector<std::string>& answerChoices(AnswerKind kind);

// The items of a checklist_template record, in order. InvalidArgument when `items` is not an
// array of objects with a code (unique) and a question, or names an unknown answer kind.
Result<std::vector<ChecklistItem>> checklistItems(const Record& checklistTemplate);

// One item's answer in a visit's answers: {"answer": value, "note": text} — or, as visits before
// schema 9 stored it, the bare value. Null when the item has none.
nlohmann::json answerValue(const nlohmann::json& answers, const std::string& itemCode);
std::string answerNote(const nlohmann::json& answers, const std::string& itemCode);
// Whether `value` answers an item of `kind` (a listed choice; non-blank text; a number).
bool isAnswer(AnswerKind kind, const nlohmann::json& value);

// SHA-256 (hex) of the visit's content: its id, unit, group, checklist template, inspectors
// present, answers (with their notes), notes and check-in (latitude, longitude, accuracy, time,
// simulated). Status, times, versions, the computed fields and the signature fields themselves are
// not content. Canonical: the serialisation is "fieldcheck visit content v1\n" followed by a JSON
// object with sorted keys, no whitespace and UTF-8 text (nlohmann::json::dump()), in which an
// absent or null text is "", absent answers are {}, a null simulated flag is false, a position
// field is a number or null — so the same content gives the same hash on every store, whatever
// the order fields were written in or the version of the record.
std::string visitContentSha256(const Record& visit);
// The canonical serialisation that visitContentSha256() hashes (for a verifier to show).
std::string visitContentCanonical(const Record& visit);

enum class SignatureState {
    Unsigned,             // no signature recorded
    Valid,                // the recorded hash matches the content
    ChangedAfterSigning,  // the content changed after the representative signed
};
std::string signatureStateName(SignatureState state);
SignatureState visitSignatureState(const Record& visit);
// visitSignatureState(visit) == ChangedAfterSigning.
bool visitChangedAfterSigning(const Record& visit);

// The signature fields of a visit (schema 9): all set together, or none.
const std::vector<std::string>& signatureFields();
// The visit's content fields that visitContentSha256() covers.
const std::vector<std::string>& contentFields();

// Something a visit lacks before it can be submitted.
struct VisitProblem {
    std::string code;                // see below
    std::string message;             // English, with the domain's Chinese term, for logs and the CLI
    std::vector<std::string> items;  // "unanswered": the codes of the items without an answer
};
// What `visit` lacks before it is submitted, in the order a person would fix it:
//   "not_checked_in"         no GPS check-in (gps_latitude/gps_longitude);
//   "unanswered"             required items of its checklist without an answer (`checklist` is
//                            its template; null when it has none or the template is not known);
//   "unsigned"               the unit's representative has not signed;
//   "changed_after_signing"  the content changed after signing: sign again.
// Fewer than two inspectors present is not a problem: the visit is flagged (fewer_than_two).
std::vector<VisitProblem> visitSubmitProblems(const Record& visit, const Record* checklist);

// The problems the store's rules refuse a submission for, on every store (device and server):
// all of visitSubmitProblems() except "unsigned". Why not that one: a unit's representative may
// refuse to sign or be absent, and visits submitted before schema 9 carry no signature; the app
// requires the signature before it offers to submit (docs/data-model.md, "Visits").
bool refusesSubmission(const VisitProblem& problem);

}  // namespace fieldcheck::visit_rules
