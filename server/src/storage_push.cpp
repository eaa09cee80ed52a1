// Applying pushed ops: each op is decided by core's rules (merge::decide), carried out with the
// record rules (RecordStore), and recorded with its answer in the same transaction.
#include "sync_storage_impl.h"

#include <algorithm>

namespace fieldcheck::server {

using sql::Statement;
using json = nlohmann::json;

namespace {

// An error code as a push answer names it: "invalid_argument", "unauthorized", ...
std::string codeName(ErrorCode code) {
    std::string name(errorCodeName(code));
    std::replace(name.begin(), name.end(), ' ', '_');
    return name;
}

json rejectedWithoutId(const std::string& reason) {
    return json{{"op_id", nullptr}, {"status", "rejected"}, {"code", codeName(ErrorCode::InvalidArgument)},
                {"reason", reason}, {"record", nullptr}};
}

// Carries out a decision's writes on the records, in order, as the op's author; the record as it
// is afterwards.
Result<Record> carryOut(RecordStore& records, const WriteAs& as, const merge::Op& op, Record current,
                        const std::vector<merge::Write>& writes) {
    for (const auto& w : writes) {
        switch (w.kind) {
            case merge::Write::Kind::Create: {
                FC_ASSIGN_OR_RETURN(current, records.create(as, op.type, op.id, w.fields));
                break;
            }
            case merge::Write::Kind::Update: {
                FC_ASSIGN_OR_RETURN(current, records.update(as, op.type, op.id, w.fields));
                break;
            }
            case merge::Write::Kind::Withdraw: {
                FC_ASSIGN_OR_RETURN(current, records.withdraw(as, op.type, op.id, w.reason));
                break;
            }
            case merge::Write::Kind::Restore: {
                FC_ASSIGN_OR_RETURN(current, records.restore(as, op.type, op.id));
                break;
            }
        }
    }
    return current;
}

}  // namespace

json SyncStorage::Impl::recordOp(const std::string& opId, const std::string& deviceId, const std::string& status,
                                   const std::string& reason, const std::string& type, const std::string& id, int64_t nowMs,
                                   Status* failed) {
    // UPDATE (an op recorded before), else INSERT: no "INSERT OR REPLACE" (fieldcheck/core/sqlite.h).
    Status st = [&]() -> Status {
        FC_ASSIGN_OR_RETURN(Statement * upd, db().cached("UPDATE OR FAIL srv_ops SET device_id = ?, status = ?, reason = ?, record_type = ?, "
                                                         "record_id = ?, at_ms = ? WHERE op_id = ?"));
        FC_TRY(upd->bind(1, deviceId).bind(2, status).bind(3, reason).bind(4, type).bind(5, id).bind(6, nowMs).bind(7, opId).run());
        if (db().changes() > 0) return {};
        FC_ASSIGN_OR_RETURN(Statement * ins, db().cached("INSERT INTO srv_ops(op_id, device_id, status, reason, record_type, record_id, at_ms) "
                                                         "VALUES (?,?,?,?,?,?,?)"));
        return ins->bind(1, opId).bind(2, deviceId).bind(3, status).bind(4, reason).bind(5, type).bind(6, id).bind(7, nowMs).run();
    }();
    if (!st.ok()) *failed = st;
    json r = {{"op_id", opId}, {"status", status}};
    if (!reason.empty()) r["reason"] = reason;
    return r;
}

// The record as the device may see it now, for an op's answer.
Status SyncStorage::Impl::attachDoc(json& result, const std::string& type, const std::string& id, const Visibility& vis) {
    if (findRecordType(type) == nullptr) {
        // An attach op's subject is an attachment, not a record: nothing for the device to replace.
        result["record"] = nullptr;
        return {};
    }
    FC_ASSIGN_OR_RETURN(auto doc, docOf(type, id));
    if (doc) {
        FC_ASSIGN_OR_RETURN(auto visible, visibleDoc(*doc, vis));
        if (visible) {
            result["record"] = visible->toJson();
            return {};
        }
    }
    result["record"] = nullptr;
    result["gone"] = true;
    return {};
}

// Decides one change with core's rules and carries it out inside the caller's transaction. An
// error return means "reject with this reason"; the caller records it.
Result<SyncStorage::Impl::OpOutcome> SyncStorage::Impl::applyChange(const RequestContext& ctx, const Visibility& vis, const WriteAs& as,
                                                                        const merge::Op& op, const HlcStamp& stamp) {
    merge::State state;
    if (findRecordType(op.type) != nullptr) {
        auto found = records->get(op.type, op.id);
        if (found.ok()) state.record = std::move(found).value();
        else if (found.error().code != ErrorCode::NotFound) return found.error();
    }
    FC_ASSIGN_OR_RETURN(auto row, syncRow(op.type, op.id));
    if (row) {
        state.scope = row->scope;
        state.fieldVersions = row->fieldVersions;
        state.conflicts = row->conflicts;
    } else if (state.record) {
        state.scope = scopeFor(*state.record);
    }
    const merge::Author author{ctx.user.userName, ctx.user.role, ctx.device.deviceId, stamp.encode()};
    const merge::World world{vis, [this](const Record& r) { return scopeFor(r); },
                             [this](const std::string& type, const std::string& id) { return scopeOfRecord(type, id); }};
    FC_ASSIGN_OR_RETURN(merge::Decision decision, merge::decide(state, op, author, world));
    if (!decision.touchesRecord) return OpOutcome{decision.status, decision.reason};

    const Record* before = state.record ? &*state.record : nullptr;
    json conflicts = decision.conflicts;
    Result<Record> done = makeError(ErrorCode::Internal, "not carried out");
    Status first = db().part([&]() -> Status {
        done = carryOut(*records, as, op, before ? *before : Record{}, decision.writes);
        return done.ok() ? Status() : Status(done.error());
    });
    if (!first.ok()) {
        if (!decision.fallbackWrites) return first.error();
        // The value that won a new conflict is not a legal change from here (domain rules).
        FC_ASSIGN_OR_RETURN(done, carryOut(*records, as, op, before ? *before : Record{}, *decision.fallbackWrites));
        conflicts = decision.fallbackConflicts;
    }
    FC_TRY(noteWrite(before, done.value(), author.stamp, author.device, conflicts));
    return OpOutcome{decision.status, decision.reason};
}

Status SyncStorage::Impl::flagRefusal(const RequestContext& ctx, const WriteAs& as, const merge::Op& op, const std::string& reason) {
    FC_TRY(records->recordEvent(as, "refused", "op", op.opId,
                              json{{"action", op.action}, {"type", op.type}, {"id", op.id}, {"user", ctx.user.userName},
                                   {"role", ctx.user.role}, {"device", ctx.device.deviceId}, {"reason", reason}}));
    FC_ASSIGN_OR_RETURN(int64_t serverSeq, records->auditHead());
    FC_ASSIGN_OR_RETURN(Statement * ins, db().cached(
        "INSERT OR IGNORE INTO srv_audit_flags(device_id, user_name, kind, audit_seq, message, at_ms) VALUES (?,?,?,?,?,?)"));
    return ins->bind(1, ctx.device.deviceId).bind(2, ctx.user.userName).bind(3, "refused-op").bind(4, serverSeq)
        .bind(5, "refused " + op.action + " of " + op.type + " '" + op.id + "' by " + ctx.user.userName + " (" + ctx.user.role +
                     "), server audit entry " + std::to_string(serverSeq) + ": " + reason)
        .bind(6, ctx.nowMs)
        .run();
}

Result<json> SyncStorage::Impl::pushOne(const RequestContext& ctx, const Visibility& vis, const PushOp& push, Status* fatal) {
    if (push.opId.empty()) return rejectedWithoutId(push.error);
    const merge::Op& op = push.op;
    {
        FC_ASSIGN_OR_RETURN(Statement * prev, db().cached("SELECT status, reason, record_type, record_id FROM srv_ops WHERE op_id = ?"));
        prev->bind(1, push.opId);
        auto row = prev->step();
        if (!row.ok()) return row.error();
        if (row.value()) {
            json r = {{"op_id", push.opId}, {"status", "duplicate"}, {"first_status", prev->text(0)}};
            if (!prev->text(1).empty()) r["reason"] = prev->text(1);
            const std::string type = prev->text(2), id = prev->text(3);
            prev->reset();
            FC_TRY(attachDoc(r, type, id, vis));
            return r;
        }
        prev->reset();
    }
    // A rejection says why in words and as a code (errorCodeName: for programs and the metrics).
    auto reject = [&](ErrorCode code, const std::string& reason) -> Result<json> {
        json r = recordOp(push.opId, ctx.device.deviceId, "rejected", reason, op.type, op.id, ctx.nowMs, fatal);
        r["code"] = codeName(code);
        if (findRecordType(op.type) != nullptr && replication::isValidId(op.id)) FC_TRY(attachDoc(r, op.type, op.id, vis));
        else r["record"] = nullptr;
        return r;
    };
    if (push.kind == PushOp::Kind::Invalid) return reject(ErrorCode::InvalidArgument, push.error);

    // The author's clock, clamped when it runs ahead of the server's by more than allowed.
    HlcStamp stamp;
    bool clamped = false;
    if (auto parsed = HlcStamp::parse(push.hlc)) {
        stamp = *parsed;
        if (stamp.wallMs > ctx.nowMs + options.maxClockSkewMs) {
            stamp.wallMs = ctx.nowMs;
            clamped = true;
        }
        hlc.observe(stamp, ctx.nowMs);
    } else {
        stamp = hlc.tick(ctx.nowMs);  // protocol 1: the server orders the op on arrival
        stamp.node = ctx.device.deviceId;
    }
    // The op's writes are its author's, at the op's (clamped) time: computed dates are the
    // author's, as on the device.
    const WriteAs as{ctx.user.userName, std::min(stamp.wallMs, ctx.nowMs + options.maxClockSkewMs)};
    Result<OpOutcome> outcome = OpOutcome{};
    // A refused op leaves nothing of itself behind.
    Status applied = db().part([&]() -> Status {
        if (push.kind == PushOp::Kind::Change) {
            outcome = applyChange(ctx, vis, as, op, stamp);
        } else if (push.kind == PushOp::Kind::Attach) {
            outcome = applyAttach(ctx, vis, as, op);
        } else {
            // Something done with the data that is not a change (an export): into the server's
            // audit chain, so who saw what stays traceable here too.
            Status st = records->recordEvent(as, op.action, op.type, op.id, op.payload);
            if (!st.ok()) outcome = st.error();
        }
        return outcome.ok() ? Status() : Status(outcome.error());
    });
    (void)applied;  // the outcome says it
    // A refused attempt is itself a signal (an attempt to rewrite a finding): into the server's
    // audit chain, and flagged to discipline inspectors.
    if (!outcome.ok() && outcome.error().code == ErrorCode::Unauthorized) {
        Status flagged = flagRefusal(ctx, as, op, outcome.error().message);
        if (!flagged.ok()) *fatal = flagged;
    }
    if (!outcome.ok()) return reject(outcome.error().code, outcome.error().message);
    std::string reason = outcome->reason;
    if (clamped) reason += std::string(reason.empty() ? "" : "; ") + "the device clock was ahead of the server's and was clamped";
    json r = recordOp(push.opId, ctx.device.deviceId, outcome->status, reason, op.type, op.id, ctx.nowMs, fatal);
    if (push.kind == PushOp::Kind::Change || push.kind == PushOp::Kind::Attach) FC_TRY(attachDoc(r, op.type, op.id, vis));
    return r;
}

Result<json> SyncStorage::push(const RequestContext& ctx, const std::vector<PushOp>& ops) {
    if (ops.size() > kMaxOpsPerPush) {
        return bad("at most " + std::to_string(kMaxOpsPerPush) + " ops per push (got " + std::to_string(ops.size()) + ")");
    }
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    FC_ASSIGN_OR_RETURN(Visibility vis, m_impl->visibilityFor(ctx.user, ctx.protocol));
    json results = json::array();
    // All ops in one transaction (one fsync for the batch). If an op fails after it wrote
    // something, the transaction cannot commit: then each op again in a transaction of its own.
    // An error of the database itself (not of an op) fails the whole request: the client retries.
    Status fatal;
    bool bodyFailed = false;
    Status batch = m_impl->db().transaction([&]() -> Status {
        results = json::array();  // a body PostgreSQL runs again starts afresh
        for (const auto& op : ops) {
            auto r = m_impl->pushOne(ctx, vis, op, &fatal);
            if (!r.ok() || !fatal.ok()) {
                bodyFailed = true;
                return r.ok() ? fatal : Status(r.error());
            }
            results.push_back(std::move(r).value());
        }
        return {};
    });
    if (!batch.ok() && bodyFailed) return batch.error();
    if (!batch.ok()) {
        results = json::array();
        for (const auto& op : ops) {
            fatal = {};
            json r;
            Status one = m_impl->db().transaction([&]() -> Status {
                FC_ASSIGN_OR_RETURN(r, m_impl->pushOne(ctx, vis, op, &fatal));
                return fatal;
            });
            if (!one.ok()) {
                if (!r.is_object() || r.value("status", "") != "rejected") return one.error();
                // The op failed after it wrote something; its transaction rolled back. Record the
                // rejection on its own.
                const std::string reason = r.value("reason", one.error().message);
                const json code = r.value("code", json(codeName(one.error().code)));
                fatal = {};
                Status rec = m_impl->db().transaction([&]() -> Status {
                    r = m_impl->recordOp(op.opId, ctx.device.deviceId, "rejected", reason, op.op.type, op.op.id, ctx.nowMs, &fatal);
                    return fatal;
                });
                r["code"] = code;
                if (!rec.ok()) return rec.error();
                FC_TRY(m_impl->attachDoc(r, op.op.type, op.op.id, vis));
            }
            results.push_back(std::move(r));
        }
    }
    auto touch = m_impl->db().prepare("UPDATE srv_devices SET last_seen_ms = ? WHERE device_id = ?");
    if (touch.ok()) (void)touch->bind(1, ctx.nowMs).bind(2, ctx.device.deviceId).run();
    // The changes are committed: a failure to number them now leaves them to the next pull's.
    (void)m_impl->publish();
    FC_ASSIGN_OR_RETURN(json receipt, m_impl->receiptFor(ctx, results, ops));
    return json{{"results", results}, {"hlc", m_impl->hlc.last().encode()}, {"receipt", std::move(receipt)}};
}

}  // namespace fieldcheck::server
