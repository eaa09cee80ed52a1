// The device's side of photo and document sync: which attachments the server has, and how far each
// upload got (schema 7, attachment_uploads). The transfers are the sync client's (sync/).
#include "fieldcheck/core/replication.h"

#include <algorithm>

#include "database.h"
#include "store_impl.h"

namespace fieldcheck::replication {

using detail::Statement;
using detail::Transaction;

namespace {

// Each attachment with its attach op's state and its upload row, in order of capture.
constexpr const char* kStateQuery =
    "SELECT a.id, a.record_type, a.record_id, a.media_type, a.file_name, a.size_bytes, a.sha256, a.captured_ms, a.captured_by, "
    "o.state, o.result, u.bytes_done, u.done_ms, u.last_error "
    "FROM attachments a "
    "LEFT JOIN outbox o ON o.action = 'attach' AND o.record_type = 'attachment' AND o.record_id = a.id "
    "LEFT JOIN attachment_uploads u ON u.attachment_id = a.id ";

AttachmentSync readState(const Statement& row) {
    AttachmentSync s;
    s.attachment = detail::readAttachmentRow(row);
    const std::string op = row.isNull(9) ? std::string() : row.text(9);
    const bool done = !row.isNull(12);
    s.bytesDone = row.isNull(11) ? 0 : row.int64(11);
    if (done) {
        s.state = "uploaded";
        s.bytesDone = s.attachment.sizeBytes;
    } else if (op == "rejected") {
        s.state = "rejected";
        auto result = nlohmann::json::parse(row.isNull(10) ? std::string("{}") : row.text(10), nullptr, false);
        s.reason = result.is_object() ? result.value("reason", std::string()) : std::string();
    } else if (op == "applied") {
        s.state = "uploading";
        s.reason = row.isNull(13) ? std::string() : row.text(13);
    } else {
        s.state = "queued";
    }
    return s;
}

}  // namespace

nlohmann::json AttachmentSync::toJson() const {
    nlohmann::json j = attachment.toJson();
    j["sync_state"] = state;
    j["received"] = received;
    j["bytes_uploaded"] = bytesDone;
    if (!reason.empty()) j["sync_reason"] = reason;
    return j;
}

// Received ones: metadata, available, downloaded.
constexpr const char* kReceivedQuery =
    "SELECT id, record_type, record_id, media_type, file_name, size_bytes, sha256, captured_ms, captured_by, available, "
    "storage_name IS NOT NULL FROM remote_attachments ";

AttachmentSync readReceived(const Statement& row) {
    AttachmentSync s;
    s.attachment = detail::readAttachmentRow(row);
    s.received = true;
    s.state = row.int64(10) != 0 ? "downloaded" : row.int64(9) != 0 ? "available" : "pending";
    return s;
}

Result<std::vector<AttachmentSync>> attachmentSyncStates(Store& store, const std::string& recordType, const std::string& recordId) {
    std::vector<AttachmentSync> out;
    const bool one = !recordType.empty();
    const auto params = one ? std::vector<std::optional<std::string>>{recordType, recordId} : std::vector<std::optional<std::string>>{};
    FC_TRY(detail::forEachRow(store.impl().db,
                              std::string(kStateQuery) + (one ? "WHERE a.record_type = ? AND a.record_id = ? " : "") + "ORDER BY a.captured_ms, a.id",
                              params, [&](const Statement& row) { out.push_back(readState(row)); }));
    FC_TRY(detail::forEachRow(store.impl().db,
                              std::string(kReceivedQuery) + (one ? "WHERE record_type = ? AND record_id = ? " : "") + "ORDER BY captured_ms, id",
                              params, [&](const Statement& row) { out.push_back(readReceived(row)); }));
    std::stable_sort(out.begin(), out.end(), [](const AttachmentSync& a, const AttachmentSync& b) {
        return a.attachment.capturedMs < b.attachment.capturedMs;
    });
    return out;
}

Result<std::vector<AttachmentSync>> attachmentsToDownload(Store& store) {
    std::vector<AttachmentSync> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                              std::string(kReceivedQuery) + "WHERE available = 1 AND storage_name IS NULL ORDER BY captured_ms, id", {},
                              [&](const Statement& row) { out.push_back(readReceived(row)); }));
    return out;
}

Status storeDownloadedAttachment(Store& store, const Attachment& meta, const std::function<Result<size_t>(uint8_t*, size_t)>& read) {
    return store.impl().storeReceived(meta, read);
}

Result<std::vector<AttachmentSync>> attachmentsToUpload(Store& store) {
    std::vector<AttachmentSync> out;
    FC_TRY(detail::forEachRow(store.impl().db,
                              std::string(kStateQuery) + "WHERE o.state = 'applied' AND u.done_ms IS NULL ORDER BY a.captured_ms, a.id", {},
                              [&](const Statement& row) { out.push_back(readState(row)); }));
    return out;
}

namespace {

Status writeUpload(Store& store, const std::string& attachmentId, int64_t bytesDone, const std::string* error, const std::string* how) {
    Store::Impl& impl = store.impl();
    Transaction tx(impl.db, impl.tx);
    FC_TRY(tx.begin());
    // The same five values, in the same order, for the UPDATE and (no row yet) the INSERT.
    auto bindRow = [&](Statement* st) -> Statement* {
        st->bind(1, bytesDone);
        if (error != nullptr && !error->empty()) st->bind(2, *error);
        else st->bindNull(2);
        if (how != nullptr) st->bind(3, impl.nowMs()).bind(4, *how);
        else st->bindNull(3).bindNull(4);
        return &st->bind(5, attachmentId);
    };
    FC_ASSIGN_OR_RETURN(Statement * upd, impl.db.cached(
        "UPDATE OR FAIL attachment_uploads SET bytes_done = ?, last_error = ?, done_ms = ?, how = ? WHERE attachment_id = ?"));
    FC_TRY(bindRow(upd)->run());
    if (impl.db.changes() == 0) {
        FC_ASSIGN_OR_RETURN(Statement * ins, impl.db.cached(
            "INSERT INTO attachment_uploads(bytes_done, last_error, done_ms, how, attachment_id) VALUES (?,?,?,?,?)"));
        FC_TRY(bindRow(ins)->run());
    }
    return tx.commit();
}

}  // namespace

Status noteUploadProgress(Store& store, const std::string& attachmentId, int64_t bytesDone, const std::string& error) {
    return writeUpload(store, attachmentId, bytesDone, &error, nullptr);
}

Status noteUploaded(Store& store, const std::string& attachmentId, const std::string& how) {
    int64_t size = -1;
    FC_TRY(detail::forEachRow(store.impl().db, "SELECT size_bytes FROM attachments WHERE id = ?", {attachmentId},
                              [&](const Statement& row) { size = row.int64(0); }));
    if (size < 0) return makeError(ErrorCode::NotFound, "no attachment with id '" + attachmentId + "'");
    return writeUpload(store, attachmentId, size, nullptr, &how);
}

Result<int64_t> waitingAttachments(Store& store) {
    return store.impl().db.queryInt(
        "SELECT count(*) FROM attachments a "
        "LEFT JOIN outbox o ON o.action = 'attach' AND o.record_type = 'attachment' AND o.record_id = a.id "
        "LEFT JOIN attachment_uploads u ON u.attachment_id = a.id "
        "WHERE u.done_ms IS NULL AND (o.state IS NULL OR o.state != 'rejected')");
}

}  // namespace fieldcheck::replication
