#include "sync_storage_impl.h"

namespace fieldcheck::server {

using sql::Statement;
using json = nlohmann::json;

// ---- device audit chains ---------------------------------------------------------------------

// Entries come parsed and shape-checked from the HTTP edge (protocol.h); here they are checked
// against what the server holds of the device's chain.
Result<int64_t> SyncStorage::receiveAudit(const RequestContext& ctx, const std::vector<AuditEntry>& parsed) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    int64_t last = 0;
    std::string lastHash;
    Status st = m_impl->db().transaction([&]() -> Status {
        // Where the device's chain stands, read inside the writing transaction: another server
        // process may have taken in later entries of this device (a request duplicated on the
        // way) since this request arrived; a head read before the lock would move the chain back
        // and raise a false "gap" at the next request.
        {
            auto head = m_impl->db().prepare("SELECT audit_seq, audit_hash FROM srv_devices WHERE device_id = ?");
            if (!head.ok()) return head.error();
            head->bind(1, ctx.device.deviceId);
            auto row = head->step();
            if (!row.ok()) return row.error();
            if (!row.value()) return makeError(ErrorCode::Unauthorized, "unknown device");
            last = head->int64(0);
            lastHash = head->text(1);
        }
        auto flag = [&](const std::string& kind, int64_t seq, const std::string& message) -> Status {
            auto ins = m_impl->db().prepare(
                "INSERT OR IGNORE INTO srv_audit_flags(device_id, user_name, kind, audit_seq, message, at_ms) VALUES (?,?,?,?,?,?)");
            if (!ins.ok()) return ins.error();
            return ins->bind(1, ctx.device.deviceId).bind(2, ctx.user.userName).bind(3, kind).bind(4, seq).bind(5, message).bind(6, ctx.nowMs).run();
        };
        for (const auto& e : parsed) {
            const std::string where = "device " + ctx.device.name + " (" + ctx.user.userName + "), audit entry " + std::to_string(e.seq);
            if (e.seq <= last) {
                auto prev = m_impl->db().prepare("SELECT entry_hash FROM srv_device_audit WHERE device_id = ? AND seq = ?");
                if (!prev.ok()) return prev.error();
                prev->bind(1, ctx.device.deviceId).bind(2, e.seq);
                auto row = prev->step();
                if (!row.ok()) return row.error();
                // Compared by hash and by content: a rewrite that kept the old hash shows too.
                if (row.value() && (prev->text(0) != e.entryHash || e.computeHash() != e.entryHash)) {
                    FC_TRY(flag("fork", e.seq, where + " differs from the one received before: the device's history was rewritten"));
                }
                continue;  // a resend of what the server has
            }
            if (e.deviceId != ctx.device.storeDeviceId) {
                FC_TRY(flag("foreign-device", e.seq, where + " was written by another device (" + e.deviceId + ")"));
            }
            if (e.computeHash() != e.entryHash) {
                FC_TRY(flag("entry-edited", e.seq, where + ": its content does not match its hash (edited)"));
            }
            if (e.seq != last + 1) {
                FC_TRY(flag("gap", e.seq, where + ": entries " + std::to_string(last + 1) + ".." + std::to_string(e.seq - 1) + " never arrived"));
            } else if (last > 0 && e.prevHash != lastHash) {
                FC_TRY(flag("broken-link", e.seq, where + " does not link to the entry before it"));
            }
            // UPDATE (an entry received before), else INSERT: no "INSERT OR REPLACE" (fieldcheck/core/sqlite.h).
            const std::string entryText = e.toJson().dump();
            FC_ASSIGN_OR_RETURN(Statement * upd, m_impl->db().cached("UPDATE OR FAIL srv_device_audit SET entry_hash = ?, entry = ? "
                                                                     "WHERE device_id = ? AND seq = ?"));
            FC_TRY(upd->bind(1, e.entryHash).bind(2, entryText).bind(3, ctx.device.deviceId).bind(4, e.seq).run());
            if (m_impl->db().changes() == 0) {
                FC_ASSIGN_OR_RETURN(Statement * ins, m_impl->db().cached("INSERT INTO srv_device_audit(device_id, seq, entry_hash, entry) VALUES (?,?,?,?)"));
                FC_TRY(ins->bind(1, ctx.device.deviceId).bind(2, e.seq).bind(3, e.entryHash).bind(4, entryText).run());
            }
            last = e.seq;
            lastHash = e.entryHash;
        }
        auto upd = m_impl->db().prepare("UPDATE srv_devices SET audit_seq = ?, audit_hash = ? WHERE device_id = ?");
        if (!upd.ok()) return upd.error();
        return upd->bind(1, last).bind(2, lastHash).bind(3, ctx.device.deviceId).run();
    });
    if (!st.ok()) return st.error();
    return last;
}

Result<std::vector<AuditFlag>> SyncStorage::auditFlags() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    std::vector<AuditFlag> out;
    FC_TRY(sql::forEachRow(m_impl->db(), "SELECT id, device_id, user_name, kind, audit_seq, message, at_ms FROM srv_audit_flags ORDER BY id", {},
                              [&](const Statement& row) {
        AuditFlag f;
        f.id = row.int64(0);
        f.deviceId = row.text(1);
        f.userName = row.text(2);
        f.kind = row.text(3);
        f.auditSeq = row.int64(4);
        f.message = row.text(5);
        f.atMs = row.int64(6);
        out.push_back(std::move(f));
    }));
    return out;
}

}  // namespace fieldcheck::server
