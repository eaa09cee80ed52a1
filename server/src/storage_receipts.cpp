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
    FC_TRY(refreshReceiptKey());
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

std::string SyncStorage::receiptPublicKey() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    (void)m_impl->refreshReceiptKey();  // on a failure, the key this process signs with
    return m_impl->receiptPublicKey;
}

// srv_meta 'receipt_key_chain': a JSON array, oldest first, of {payload, signature}; the payload
// names the key retired ("previous"), its successor ("next") and when ("at_ms"), and is signed by
// the key it retires. A device that trusts the first key of the chain can follow it to the last.
namespace {
Result<json> storedKeyChain(sql::Db& db) {
    auto stored = db.queryText("SELECT value FROM srv_meta WHERE key = 'receipt_key_chain'");
    if (!stored.ok()) {
        if (stored.error().code == ErrorCode::NotFound) return json::array();  // never rotated
        return stored.error();
    }
    json chain = json::parse(stored.value(), nullptr, false);
    if (!chain.is_array()) return makeError(ErrorCode::Corrupt, "the server's receipt key chain (srv_meta) is not a JSON array");
    return chain;
}
}  // namespace

Result<json> SyncStorage::receiptKeyChain() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    FC_TRY(impl.refreshReceiptKey());
    FC_ASSIGN_OR_RETURN(json chain, storedKeyChain(impl.db()));
    return json{{"current", impl.receiptPublicKey}, {"rotations", std::move(chain)}};
}

Result<std::string> SyncStorage::rotateReceiptKey(const std::string& actor) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    std::string next;
    Status rotated = impl.db().transaction([&]() -> Status {
        // Read inside the writing transaction: a rotation in another process just before this one
        // is the key this one retires.
        impl.receiptPublicKey.clear();
        FC_TRY(impl.refreshReceiptKey());
        const std::string previous = impl.receiptPublicKey;
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        SecretBytes sk(crypto_sign_SECRETKEYBYTES);
        crypto_sign_keypair(pk, sk.data());
        next = toHex(pk, sizeof pk);
        const int64_t now = SystemClock::instance().nowMs();
        const std::string payload =
            json{{"v", 1}, {"kind", "receipt_key_rotation"}, {"previous", previous}, {"next", next}, {"at_ms", now}}.dump();
        unsigned char signature[crypto_sign_BYTES];
        crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), impl.receiptKey.data());
        FC_ASSIGN_OR_RETURN(json chain, storedKeyChain(impl.db()));
        chain.push_back({{"payload", payload}, {"signature", toHex(signature, sizeof signature)}});
        // UPDATE, else INSERT (sql.h: no INSERT OR REPLACE); the old secret is overwritten.
        auto put = [&](const char* key, const std::string& value) -> Status {
            FC_ASSIGN_OR_RETURN(Statement up, impl.db().prepare("UPDATE srv_meta SET value = ? WHERE key = ?"));
            FC_TRY(up.bind(1, value).bind(2, key).run());
            if (impl.db().changes() > 0) return {};
            FC_ASSIGN_OR_RETURN(Statement ins, impl.db().prepare("INSERT INTO srv_meta(key, value) VALUES (?, ?)"));
            return ins.bind(1, key).bind(2, value).run();
        };
        std::string skHex = toHex(sk.data(), sk.size());
        Status kept = put("receipt_secret_key", skHex);
        sodium_memzero(skHex.data(), skHex.size());
        FC_TRY(kept);
        FC_TRY(put("receipt_public_key", next));
        FC_TRY(put("receipt_key_chain", chain.dump()));
        return impl.records->recordEvent(Impl::asServer(now, actor), "receipt_key_rotated", "receipt_key", next,
                                         json{{"previous", previous}});
    });
    // Whatever happened, the pair is read again from what committed.
    impl.receiptPublicKey.clear();
    FC_TRY(rotated);
    FC_TRY(impl.refreshReceiptKey());
    return next;
}

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
