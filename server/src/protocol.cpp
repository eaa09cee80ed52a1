#include "protocol.h"

#include <algorithm>
#include <tuple>

#include "fieldcheck/core/json_util.h"
#include "fieldcheck/core/replication.h"

namespace fieldcheck::server::protocol {

using json = nlohmann::json;

namespace {

Error bad(const std::string& message) { return makeError(ErrorCode::InvalidArgument, message); }

// A field's name as the record types spell them (snake_case), or a pseudo-field ("_record").
bool isFieldName(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

bool isChange(const std::string& action) {
    return action == "create" || action == "update" || action == "withdraw" || action == "resolve";
}

bool isLowerHex(const std::string& s, size_t length) {
    return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::string checkAttachment(const std::string& type, const std::string& id, const json& meta) {
    if (type != "attachment") return "an attach op's type must be 'attachment'";
    if (!meta.is_object()) return "an attach op needs the attachment's metadata as its payload";
    auto textField = [&](const char* key, size_t maxChars, bool allowEmpty) -> std::string {
        auto it = meta.find(key);
        if (it == meta.end() || !it->is_string()) return std::string("the attachment's '") + key + "' must be a string";
        const std::string& v = it->get_ref<const std::string&>();
        if (!allowEmpty && v.empty()) return std::string("the attachment's '") + key + "' is empty";
        if (v.size() > maxChars) return std::string("the attachment's '") + key + "' is longer than " + std::to_string(maxChars) + " bytes";
        if (std::any_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
            return std::string("the attachment's '") + key + "' holds control characters";
        }
        return {};
    };
    for (auto [key, max, empty] : {std::tuple{"record_type", size_t{64}, false}, std::tuple{"record_id", size_t{64}, false},
                                   std::tuple{"media_type", size_t{127}, false}, std::tuple{"file_name", size_t{255}, true},
                                   std::tuple{"sha256", size_t{64}, false}, std::tuple{"captured_by", size_t{128}, true}}) {
        std::string why = textField(key, max, empty);
        if (!why.empty()) return why;
    }
    if (meta.contains("id") && meta["id"] != id) return "the attachment's 'id' differs from the op's id";
    if (findRecordType(meta["record_type"].get<std::string>()) == nullptr) return "the attachment's 'record_type' names no record type";
    if (!replication::isValidId(meta["record_id"].get<std::string>())) return "the attachment's 'record_id' is not a valid record id";
    if (!isLowerHex(meta["sha256"].get<std::string>(), 64)) return "the attachment's 'sha256' must be 64 lower-case hex digits";
    if (!jsonInt(meta, "size_bytes", 0, kMaxBlobBytes)) {
        return "the attachment's 'size_bytes' must be a whole number from 0 to " + std::to_string(kMaxBlobBytes);
    }
    if (!jsonInt(meta, "captured_at", 0)) return "the attachment's 'captured_at' must be a time in milliseconds";
    return {};
}

PushOp parseOp(const json& j) {
    PushOp out;
    auto invalid = [&](std::string why) {
        out.kind = PushOp::Kind::Invalid;
        out.error = std::move(why);
        return out;
    };
    if (!j.is_object()) return invalid("an op must be a JSON object");
    auto text = [&](const char* key) -> const std::string* {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    const std::string* opId = text("op_id");
    if (opId == nullptr || !replication::isValidId(*opId)) return invalid("op_id is missing or not a valid id");
    out.opId = *opId;
    out.op.opId = *opId;
    const std::string *action = text("action"), *type = text("type"), *id = text("id");
    if (type != nullptr) out.op.type = *type;
    if (id != nullptr) out.op.id = *id;
    if (action == nullptr || type == nullptr || id == nullptr) return invalid("an op needs string fields 'action', 'type' and 'id'");
    out.op.action = *action;
    if (!replication::isValidId(*id)) return invalid("'" + *id + "' is not a valid record id");

    auto payload = j.find("payload");
    if (payload != j.end() && !payload->is_null()) {
        if (!payload->is_object()) return invalid("'payload' must be an object");
        out.op.payload = *payload;
    }
    if (*action == "attach") {
        std::string why = checkAttachment(*type, *id, out.op.payload);
        if (!why.empty()) return invalid(std::move(why));
        out.kind = PushOp::Kind::Attach;
        return out;
    }
    if (!isChange(*action)) {
        out.kind = PushOp::Kind::Event;  // something done with the data that is not a change (an export)
        return out;
    }
    if (j.contains("hlc")) {
        const std::string* hlc = text("hlc");
        if (hlc == nullptr) return invalid("'hlc' must be a string");
        out.hlc = *hlc;
    }
    if (j.contains("base_version")) {
        auto base = jsonInt(j, "base_version", 0);
        if (!base) return invalid("'base_version' must be a whole number of at least 0");
        out.op.recordBase = *base;
    }
    auto bases = j.find("field_bases");
    if (bases != j.end() && !bases->is_null()) {
        if (!bases->is_object()) return invalid("'field_bases' must be an object of field versions");
        for (auto it = bases->begin(); it != bases->end(); ++it) {
            if (!isFieldName(it.key())) return invalid("field_bases names no field ('" + it.key().substr(0, 64) + "')");
            auto v = jsonInt(*bases, it.key(), 0);
            if (!v) return invalid("field_bases '" + it.key() + "' must be a whole number of at least 0");
            if (it.key() == "_record") out.op.recordBase = *v;
            else out.op.fieldBases[it.key()] = *v;
        }
    }
    out.kind = PushOp::Kind::Change;
    return out;
}

Result<std::vector<AuditEntry>> parseAuditEntries(const json& entries) {
    if (!entries.is_array()) return bad("'audit' must be an array");
    if (entries.size() > kMaxAuditEntriesPerRequest) {
        return bad("at most " + std::to_string(kMaxAuditEntriesPerRequest) + " audit entries per request (got " +
                   std::to_string(entries.size()) + ")");
    }
    std::vector<AuditEntry> out;
    out.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        const json& j = entries[i];
        auto fail = [&](const std::string& what) { return bad("audit entry " + std::to_string(i) + ": " + what); };
        if (!j.is_object()) return fail("must be an object");
        for (const char* k : {"device_id", "prev_hash", "actor", "action", "record_type", "record_id", "fields_sha256", "entry_hash"}) {
            if (!j.contains(k) || !j[k].is_string()) return fail(std::string("'") + k + "' must be a string");
        }
        for (const char* k : {"seq", "at", "schema_version"}) {
            if (!j.contains(k) || !j[k].is_number_integer()) return fail(std::string("'") + k + "' must be an integer");
        }
        auto schema = jsonInt(j, "schema_version", 0, 1000);
        if (!schema) return fail("'schema_version' is out of range");
        AuditEntry e;
        e.seq = j["seq"].get<int64_t>();
        e.deviceId = j["device_id"].get<std::string>();
        e.prevHash = j["prev_hash"].get<std::string>();
        e.actor = j["actor"].get<std::string>();
        e.atMs = j["at"].get<int64_t>();
        e.action = j["action"].get<std::string>();
        e.recordType = j["record_type"].get<std::string>();
        e.recordId = j["record_id"].get<std::string>();
        e.fieldsSha256 = j["fields_sha256"].get<std::string>();
        e.entryHash = j["entry_hash"].get<std::string>();
        e.schemaVersion = static_cast<int>(*schema);
        out.push_back(std::move(e));
    }
    return out;
}

Result<PushRequest> parsePush(const json& body) {
    if (!body.is_object()) return bad("the request body must be a JSON object");
    const json ops = body.value("ops", json::array());
    const json audit = body.value("audit", json::array());
    if (!ops.is_array() || !audit.is_array()) return bad("'ops' and 'audit' must be arrays");
    if (ops.size() > kMaxOpsPerPush) {
        return bad("at most " + std::to_string(kMaxOpsPerPush) + " ops per push (got " + std::to_string(ops.size()) + ")");
    }
    PushRequest out;
    FC_ASSIGN_OR_RETURN(out.audit, parseAuditEntries(audit));
    out.ops.reserve(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) {
        // A member of the wrong JSON type is a broken client: the request is refused whole. A
        // missing member, an invalid id or an action the server does not take is the op's own
        // rejection (parseOp), answered beside the others.
        if (ops[i].is_object()) {
            for (const char* key : {"op_id", "action", "type", "id", "hlc"}) {
                auto it = ops[i].find(key);
                if (it != ops[i].end() && !it->is_string()) {
                    return bad("ops[" + std::to_string(i) + "]: '" + key + "' has the wrong type (it must be a string); nothing was applied");
                }
            }
        }
        out.ops.push_back(parseOp(ops[i]));
    }
    return out;
}

Result<PullRequest> parsePull(const json& body) {
    if (!body.is_object()) return bad("the request body must be a JSON object");
    const json cursor = body.value("cursor", json(""));
    const json limit = body.value("limit", json(1000));
    const json audit = body.value("audit", json::array());
    if (!cursor.is_string() || !limit.is_number_integer() || !audit.is_array()) {
        return bad("'cursor' must be a string, 'limit' a whole number and 'audit' an array");
    }
    PullRequest out;
    out.cursor = cursor.get<std::string>();
    auto n = jsonInt(json{{"limit", limit}}, "limit", 1, kMaxPullLimit);
    if (!n) return bad("'limit' must be between 1 and " + std::to_string(kMaxPullLimit));
    out.limit = *n;
    FC_ASSIGN_OR_RETURN(out.audit, parseAuditEntries(audit));
    return out;
}

}  // namespace fieldcheck::server::protocol
