// Receipts: the server signs what each push came to (op ids, statuses, the digests of the records
// and attachments as they are afterwards) with its Ed25519 key, and answers a device's later check
// of them with what it holds now and what its audit chain recorded (docs/sync-protocol.md,
// "Receipts").
#include <sodium.h>

#include "fieldcheck/core/crypto.h"
#include "sync_storage_impl.h"

namespace fieldcheck::server {

using sql::Statement;
using json = nlohmann::json;

Result<json> SyncStorage::Impl::receiptFor(const RequestContext& ctx, const json& results, const std::vector<PushOp>& ops) {
    json entries = json::array();
    for (size_t i = 0; i < ops.size() && i < results.size(); ++i) {
        const json& r = results[i];
        std::string status = r.value("status", std::string());
        if (status == "duplicate") status = r.value("first_status", status);
        json e = {{"op_id", r.value("op_id", json())}, {"status", status}, {"type", ops[i].op.type}, {"id", ops[i].op.id}};
        if (status != "rejected") {
            if (ops[i].kind == PushOp::Kind::Change && findRecordType(ops[i].op.type) != nullptr) {
                auto record = records->get(ops[i].op.type, ops[i].op.id);
                if (record.ok()) e["digest"] = replication::recordDigest(record.value());
                else if (record.error().code != ErrorCode::NotFound) return record.error();
            } else if (ops[i].kind == PushOp::Kind::Attach) {
                FC_ASSIGN_OR_RETURN(auto a, storedAttachment(ops[i].op.id));
                if (a) e["digest"] = replication::attachmentDigest(a->meta);
            }
        }
        entries.push_back(std::move(e));
    }
    const std::string payload = json{{"v", 1}, {"device", ctx.device.deviceId}, {"user", ctx.user.userName},
                                     {"server_time_ms", ctx.nowMs}, {"ops", entries}}.dump();
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), receiptKey.data());
    return json{{"payload", payload}, {"signature", toHex(signature, sizeof signature)}, {"key", receiptPublicKey}};
}

std::string SyncStorage::receiptPublicKey() { return m_impl->receiptPublicKey; }

Result<json> SyncStorage::checkReceipts(const RequestContext& ctx, const std::vector<std::pair<std::string, std::string>>& records) {
    if (records.size() > kMaxOpsPerPush) return bad("at most " + std::to_string(kMaxOpsPerPush) + " records per check");
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    json out = json::array();
    for (const auto& [type, id] : records) {
        json r = {{"type", type}, {"id", id}};
        // Only what this device pushed ops on.
        FC_ASSIGN_OR_RETURN(Statement * pushed, impl.db().cached("SELECT 1 FROM srv_ops WHERE device_id = ? AND record_type = ? AND record_id = ? LIMIT 1"));
        pushed->bind(1, ctx.device.deviceId).bind(2, type).bind(3, id);
        auto known = pushed->step();
        if (!known.ok()) return known.error();
        r["known"] = known.value();
        pushed->reset();
        if (!r["known"].get<bool>()) {
            out.push_back(std::move(r));
            continue;
        }
        if (type == "attachment") {
            FC_ASSIGN_OR_RETURN(auto a, impl.storedAttachment(id));
            r["exists"] = a.has_value();
            if (a) r["digest"] = replication::attachmentDigest(a->meta);
            r["history"] = json::array();  // an attachment never changes: its digest is all there is
        } else if (findRecordType(type) != nullptr) {
            auto record = impl.records->get(type, id);
            if (!record.ok() && record.error().code != ErrorCode::NotFound) return record.error();
            r["exists"] = record.ok();
            if (record.ok()) r["digest"] = replication::recordDigest(record.value());
            FC_ASSIGN_OR_RETURN(auto entries, impl.records->auditEntriesOf(type, id));
            json history = json::array();
            for (const auto& e : entries) history.push_back(e.fieldsSha256);
            r["history"] = std::move(history);
        } else {
            r["exists"] = false;
        }
        out.push_back(std::move(r));
    }
    return json{{"records", out}};
}

}  // namespace fieldcheck::server
