#include "fieldcheck/core/merge.h"

#include <algorithm>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/json_util.h"
#include "fieldcheck/core/permissions.h"
#include "fieldcheck/core/replication.h"

namespace fieldcheck::merge {

using json = nlohmann::json;

namespace {

Error bad(const std::string& message) { return makeError(ErrorCode::InvalidArgument, message); }
Error refused(const std::string& message) { return makeError(ErrorCode::Unauthorized, message); }

Write update(json changes) {
    Write w;
    w.kind = Write::Kind::Update;
    w.fields = std::move(changes);
    return w;
}

json withoutComputed(const std::string& type, const json& fields) {
    json out = json::object();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!replication::isComputedField(type, it.key())) out[it.key()] = it.value();
    }
    return out;
}

// A conflict's id names the record, the field and the op that opened it: unique, and the same
// wherever the op is decided (a golden case, a second server process).
std::string conflictId(const Op& op, const std::string& field) {
    return sha256Hex("conflict\n" + op.type + "\n" + op.id + "\n" + field + "\n" + op.opId).substr(0, 32);
}

// Decides one op; `s` is the state, read-only, `conflicts` the copy the decision changes.
class Decider {
public:
    Decider(const State& state, const Op& theOp, const Author& by, const World& in)
        : s(state), op(theOp), author(by), world(in), spec(findRecordType(theOp.type)) {}

    Result<Decision> run() {
        if (spec == nullptr) return bad("unknown record type '" + op.type + "'");
        if (!world.visibility.seesType(op.type)) {
            return refused("a " + author.role + " may not see or change " + spec->labelZh + " (" + op.type + ")");
        }
        if (!op.payload.is_object()) return bad("'payload' must be an object");
        if (op.action == "create") return create();
        if (!s.record) return makeError(ErrorCode::NotFound, "no " + op.type + " '" + op.id + "' on the server");
        // The scope is not named: it would tell a device about a unit it may not see.
        if (!world.visibility.seesScope(s.scope)) {
            return refused(op.type + " '" + op.id + "' is outside what this device may see");
        }
        conflicts = s.conflicts.is_array() ? s.conflicts : json::array();
        if (op.action == "update") return updateOp();
        if (op.action == "withdraw") return withdrawOp();
        if (op.action == "resolve") return resolveOp();
        return bad("unknown action '" + op.action + "'");
    }

private:
    const State& s;
    const Op& op;
    const Author& author;
    const World& world;
    const RecordTypeSpec* spec;
    json conflicts = json::array();

    const Record& before() const { return *s.record; }

    Status authorize(permissions::Request request) const {
        request.role = author.role;
        return permissions::authorize(request);
    }

    Status checkVisibleFields(const json& fields) const {
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (!world.visibility.seesField(op.type, it.key())) {
                return refused("field '" + it.key() + "' of " + op.type + " is not visible to a " + author.role +
                               " and cannot be changed by one");
            }
        }
        return {};
    }

    // A change must leave the record inside the author's scope too: moving a record into a scope
    // its author may not write is as forbidden as writing outside it.
    Status requireScopeAfter(const json& changes) const {
        Record probe = before();
        for (auto it = changes.begin(); it != changes.end(); ++it) probe.fields[it.key()] = it.value();
        if (!world.visibility.seesScope(world.scopeOf(probe))) {
            return refused("not allowed: the change would move " + op.type + " '" + op.id +
                           "' out of what this device may see and write");
        }
        return {};
    }

    // Every reference the author writes names a record the author may see (reference data every
    // role has excepted, and units, whose scope the record's own scope check covers). The refusal
    // does not say whether the record exists.
    Status checkReferencesVisible(const json& fields) const {
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            const FieldSpec* f = spec->field(it.key());
            if (f == nullptr || f->kind != FieldKind::Reference || !it.value().is_string()) continue;
            if (f->refType == "campaign" || f->refType == "unit" || f->refType == "inspection_group" ||
                f->refType == "checklist_template") {
                continue;
            }
            if (!world.scopeOfRecord || !world.visibility.seesType(f->refType) ||
                !world.visibility.seesScope(world.scopeOfRecord(f->refType, it.value().get<std::string>()))) {
                return refused("not allowed: '" + it.key() + "' of " + op.type + " '" + op.id +
                               "' names a record outside what this device may see");
            }
        }
        return {};
    }

    json candidate(json value) const {
        return json{{"value", std::move(value)}, {"hlc", author.stamp}, {"device", author.device}, {"by", author.userName}, {"op", op.opId}};
    }

    json fieldVersion(const std::string& field) const {
        return s.fieldVersions.is_object() ? s.fieldVersions.value(field, json::object()) : json::object();
    }

    json& openConflict(const std::string& field) {
        for (auto& c : conflicts) {
            if (c.value("field", "") == field) return c;
        }
        conflicts.push_back({{"id", conflictId(op, field)}, {"field", field}, {"candidates", json::array()}, {"shown", 0}});
        return conflicts.back();
    }

    // The candidate with the highest clock is shown until a person chooses.
    static int chooseShown(json& c) {
        int best = 0;
        for (int i = 0; i < static_cast<int>(c["candidates"].size()); ++i) {
            const auto& a = c["candidates"][static_cast<size_t>(i)];
            const auto& b = c["candidates"][static_cast<size_t>(best)];
            if (std::make_pair(a.value("hlc", ""), a.value("device", "")) > std::make_pair(b.value("hlc", ""), b.value("device", ""))) best = i;
        }
        c["shown"] = best;
        return best;
    }

    Result<Decision> create() {
        json fields = withoutComputed(op.type, op.payload);
        FC_TRY(checkVisibleFields(fields));
        // A bad value is named before anything else.
        FC_ASSIGN_OR_RETURN(json normalized, replication::normalizeFields(op.type, fields));
        FC_TRY(authorize({{}, op.type, permissions::Request::Kind::Create, nullptr, normalized}));
        FC_TRY(checkReferencesVisible(normalized));
        Record probe;
        probe.type = op.type;
        probe.id = op.id;
        probe.fields = fields;
        if (!world.visibility.seesScope(world.scopeOf(probe))) {
            return refused(op.type + " '" + op.id + "' is outside what this device may see");
        }
        if (s.record) return makeError(ErrorCode::AlreadyExists, op.type + " '" + op.id + "' already exists on the server");
        Decision d;
        Write w;
        w.kind = Write::Kind::Create;
        w.fields = std::move(fields);
        d.writes.push_back(std::move(w));
        return d;
    }

    // An edit (or a conflict's resolution) met a withdrawal: the withdrawal stands until a person
    // chooses; the edit waits as the "restore" candidate of the withdrawal conflict.
    Decision meetWithdrawal(const json& changes, const std::string& why) {
        json& c = openConflict("_withdrawn");
        if (c["candidates"].empty()) {
            const json w = fieldVersion("_withdrawn");
            c["candidates"].push_back({{"value", "withdrawn"}, {"reason", before().withdrawnReason}, {"hlc", w.value("h", "")},
                                       {"device", w.value("d", "")}, {"by", before().updatedBy}});
        }
        json cand = candidate("restore");
        cand["changes"] = changes;
        c["candidates"].push_back(cand);
        c["shown"] = 0;
        Decision d;
        d.status = "conflict";
        d.reason = why;
        d.conflicts = conflicts;
        return d;
    }

    int64_t baseOf(const std::string& field, int64_t serverVersion, const json& fv) const {
        auto it = op.fieldBases.find(field);
        if (it != op.fieldBases.end()) return it->second;
        return fv.value("r", int64_t{0}) <= op.recordBase ? serverVersion : -1;  // protocol 1: record version only
    }

    Result<Decision> updateOp() {
        json changes = withoutComputed(op.type, op.payload);
        FC_TRY(checkVisibleFields(changes));
        FC_ASSIGN_OR_RETURN(json normalized, replication::normalizeFields(op.type, changes));
        FC_TRY(authorize({{}, op.type, permissions::Request::Kind::Update, &before(), normalized}));
        FC_TRY(requireScopeAfter(normalized));
        FC_TRY(checkReferencesVisible(normalized));
        if (before().withdrawn) return meetWithdrawal(normalized, "the record was withdrawn on the server while this device edited it");
        json apply = json::object();
        std::vector<std::string> conflicted;
        for (auto it = normalized.begin(); it != normalized.end(); ++it) {
            const std::string& f = it.key();
            const json cur = before().fields.value(f, json());
            const json fv = fieldVersion(f);
            const int64_t serverV = fv.value("v", int64_t{0});
            // The field as this device saw it, or last set by this same device since: a later edit
            // by the same author supersedes its earlier one (ops arrive in device order).
            if (baseOf(f, serverV, fv) == serverV || (serverV > 0 && fv.value("d", "") == author.device)) {
                apply[f] = it.value();
                continue;
            }
            if (cur == it.value()) continue;  // both made the same change
            json& c = openConflict(f);
            if (c["candidates"].empty()) {
                c["candidates"].push_back({{"value", cur}, {"hlc", fv.value("h", "")}, {"device", fv.value("d", "")}, {"by", before().updatedBy}});
            }
            c["candidates"].push_back(candidate(it.value()));
            const int shown = chooseShown(c);
            const json& winner = c["candidates"][static_cast<size_t>(shown)]["value"];
            if (winner != cur) apply[f] = winner;
            conflicted.push_back(f);
        }
        Decision d;
        d.conflicts = conflicts;
        if (!apply.empty()) d.writes.push_back(update(apply));
        if (!conflicted.empty()) {
            // Should the winning values not be a legal change from here, the server's values stay
            // shown and the conflicts stay open for a person.
            json fallback = apply;
            d.fallbackConflicts = conflicts;
            for (auto& c : d.fallbackConflicts) {
                if (std::find(conflicted.begin(), conflicted.end(), c.value("field", "")) != conflicted.end()) {
                    c["shown"] = 0;
                    fallback.erase(c.value("field", ""));
                }
            }
            d.fallbackWrites.emplace();
            if (!fallback.empty()) d.fallbackWrites->push_back(update(fallback));
            std::string names;
            for (const auto& f : conflicted) names += (names.empty() ? "" : ", ") + f;
            d.status = "conflict";
            d.reason = "changed on the server since this device saw it: " + names;
        }
        return d;
    }

    Result<Decision> withdrawOp() {
        FC_TRY(authorize({{}, op.type, permissions::Request::Kind::Withdraw, &before(), json::object()}));
        Decision d;
        if (before().withdrawn) {
            d.reason = "already withdrawn";
            d.conflicts = conflicts;
            d.touchesRecord = false;
            return d;
        }
        const json reason = op.payload.value("reason", json());
        Write w;
        w.kind = Write::Kind::Withdraw;
        w.reason = reason.is_string() ? reason.get<std::string>() : std::string();
        if (w.reason.find_first_not_of(" \t\r\n") == std::string::npos) return bad("a withdrawal needs a reason");
        d.writes.push_back(w);
        // Edits this device had not seen when it withdrew the record.
        std::string lastEditHlc;
        if (s.fieldVersions.is_object()) {
            for (auto it = s.fieldVersions.begin(); it != s.fieldVersions.end(); ++it) {
                if (it.value().value("r", int64_t{0}) > op.recordBase && it.value().value("d", "") != author.device) {
                    lastEditHlc = std::max(lastEditHlc, it.value().value("h", std::string()));
                }
            }
        }
        if (!lastEditHlc.empty()) {
            json& c = openConflict("_withdrawn");
            json cand = candidate("withdrawn");
            cand["reason"] = w.reason;
            c["candidates"].push_back(cand);
            c["candidates"].push_back({{"value", "restore"}, {"changes", json::object()}, {"hlc", lastEditHlc}, {"device", ""}, {"by", before().updatedBy}});
            c["shown"] = 0;
            d.status = "conflict";
            d.reason = "withdrawn although it was edited on the server since this device saw it";
        }
        d.conflicts = conflicts;
        return d;
    }

    Result<Decision> resolveOp() {
        const json conflict = op.payload.value("conflict_id", json());
        const std::string id = conflict.is_string() ? conflict.get<std::string>() : std::string();
        const int64_t choice = jsonIntOr(op.payload, "choice", -1);
        auto chosen = resolution(before(), conflicts, id, choice);
        if (!chosen.ok()) {
            if (chosen.error().code == ErrorCode::NotFound) {
                return makeError(ErrorCode::Conflict, "conflict '" + id + "' is no longer open (someone resolved it first)");
            }
            return chosen.error();
        }
        const std::string& field = chosen->field;
        FC_TRY(authorize(permissions::resolution(op.type, before(), field, chosen->chosenValue)));
        if (field != "_withdrawn") {
            FC_TRY(requireScopeAfter(json{{field, chosen->chosenValue}}));
            FC_TRY(checkVisibleFields(json{{field, nullptr}}));
            if (before().withdrawn) {
                // Withdrawn since the conflict opened: decided like an edit would be (the choice
                // waits as a restore), so the conflict does not stay open everywhere.
                conflicts = chosen->remaining;
                return meetWithdrawal(json{{field, chosen->chosenValue}},
                                      "the record was withdrawn on the server meanwhile; the choice waits as a restore");
            }
        }
        Decision d;
        d.writes = chosen->writes;
        d.conflicts = chosen->remaining;
        return d;
    }
};

}  // namespace

json Write::toJson() const {
    switch (kind) {
        case Kind::Create: return {{"create", fields}};
        case Kind::Update: return {{"update", fields}};
        case Kind::Withdraw: return {{"withdraw", reason}};
        case Kind::Restore: return {{"restore", true}};
    }
    return nullptr;
}

json Decision::toJson() const {
    json out = {{"status", status}, {"reason", reason}, {"conflicts", conflicts}, {"touches_record", touchesRecord}};
    json w = json::array();
    for (const auto& x : writes) w.push_back(x.toJson());
    out["writes"] = w;
    if (fallbackWrites) {
        json f = json::array();
        for (const auto& x : *fallbackWrites) f.push_back(x.toJson());
        out["fallback_writes"] = f;
        out["fallback_conflicts"] = fallbackConflicts;
    }
    return out;
}

Result<Decision> decide(const State& state, const Op& op, const Author& author, const World& world) {
    return Decider(state, op, author, world).run();
}

Result<Resolution> resolution(const Record& before, const json& conflicts, const std::string& conflictId, int64_t choice) {
    if (!conflicts.is_array()) return makeError(ErrorCode::NotFound, before.type + " '" + before.id + "' has no conflicts");
    auto it = std::find_if(conflicts.begin(), conflicts.end(),
                           [&](const json& c) { return c.is_object() && c.value("id", json()) == json(conflictId); });
    if (it == conflicts.end()) {
        return makeError(ErrorCode::NotFound, "no open conflict '" + conflictId + "' on " + before.type + " '" + before.id + "'");
    }
    const json candidates = it->value("candidates", json::array());
    if (!candidates.is_array() || choice < 0 || choice >= static_cast<int64_t>(candidates.size())) {
        const int64_t n = candidates.is_array() ? static_cast<int64_t>(candidates.size()) : 0;
        return bad("choice " + std::to_string(choice) + " is not one of the conflict's " + std::to_string(n) + " candidates (0.." +
                   std::to_string(n - 1) + ")");
    }
    const json& chosen = candidates[static_cast<size_t>(choice)];
    if (!chosen.is_object()) return bad("candidate " + std::to_string(choice) + " of the conflict is damaged");
    Resolution r;
    const json field = it->value("field", json());
    if (!field.is_string()) return bad("the conflict names no field");
    r.field = field.get<std::string>();
    r.chosenValue = chosen.value("value", json());
    if (r.field == "_withdrawn") {
        if (r.chosenValue == json("restore")) {
            if (before.withdrawn) r.writes.push_back(Write{Write::Kind::Restore, json::object(), {}});
            const json changes = chosen.value("changes", json::object());
            json kept = changes.is_object() ? withoutComputed(before.type, changes) : json::object();
            if (!kept.empty()) r.writes.push_back(update(std::move(kept)));
        } else if (!before.withdrawn) {
            const json reason = chosen.value("reason", json());
            r.writes.push_back(Write{Write::Kind::Withdraw, json::object(),
                                     reason.is_string() && !reason.get<std::string>().empty() ? reason.get<std::string>() : "withdrawn"});
        }
    } else {
        const RecordTypeSpec* spec = findRecordType(before.type);
        if (spec == nullptr || spec->field(r.field) == nullptr) return bad("the conflict names an unknown field '" + r.field + "'");
        if (before.fields.value(r.field, json()) != r.chosenValue) r.writes.push_back(update(json{{r.field, r.chosenValue}}));
    }
    r.remaining = json::array();
    for (auto c = conflicts.begin(); c != conflicts.end(); ++c) {
        if (c != it) r.remaining.push_back(*c);
    }
    return r;
}

json nextFieldVersions(const json& fieldVersions, const Record* before, const Record& after, const std::string& stamp,
                       const std::string& device) {
    json fv = fieldVersions.is_object() ? fieldVersions : json::object();
    auto bump = [&](const std::string& field) {
        const int64_t v = fv.contains(field) && fv[field].is_object() ? jsonIntOr(fv[field], "v", 0) : 0;
        fv[field] = {{"v", v + 1}, {"h", stamp}, {"d", device}, {"r", after.version}};
    };
    for (auto it = after.fields.begin(); it != after.fields.end(); ++it) {
        if (before == nullptr ? !it.value().is_null() : before->fields.value(it.key(), json()) != it.value()) bump(it.key());
    }
    if (before == nullptr ? after.withdrawn : before->withdrawn != after.withdrawn) bump("_withdrawn");
    return fv;
}

}  // namespace fieldcheck::merge
