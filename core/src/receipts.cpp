// The device's copies of the server's signed push receipts, and the digests receipts name records
// and attachments by (docs/sync-protocol.md, "Receipts"). Checking them against the server is the
// sync client's (sync/…/receipts.h).
#include "database.h"
#include "fieldcheck/core/replication.h"
#include "store_impl.h"
#include "values.h"
#include "schema.h"

namespace fieldcheck::replication {

using detail::Statement;

std::string recordDigest(const Record& record) { return detail::recordHash(record, detail::kCurrentSchemaVersion); }

std::string attachmentDigest(const Attachment& attachment) { return sha256Hex(attachment.toJson().dump()); }

Status keepReceipt(Store& store, const std::string& payload, const std::string& signature, const std::string& key) {
    FC_ASSIGN_OR_RETURN(Statement * ins, store.impl().db.cached("INSERT INTO sync_receipts(received_ms, payload, signature, key) VALUES (?,?,?,?)"));
    return ins->bind(1, store.impl().nowMs()).bind(2, payload).bind(3, signature).bind(4, key).run();
}

Result<std::vector<Receipt>> receipts(Store& store) {
    std::vector<Receipt> out;
    FC_TRY(detail::forEachRow(store.impl().db, "SELECT seq, received_ms, payload, signature, key FROM sync_receipts ORDER BY seq", {},
                              [&](const Statement& row) {
        out.push_back({row.int64(0), row.int64(1), row.text(2), row.text(3), row.text(4)});
    }));
    return out;
}

}  // namespace fieldcheck::replication
