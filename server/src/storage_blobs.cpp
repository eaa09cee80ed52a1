// Photos and documents: attach ops (metadata, checked like any change),
// blobs uploaded in chunks into the encrypted blob vault (blob_vault.h), proofs of possession, and
// ranged reads (docs/sync-protocol.md, "Photos and documents").
#include <sodium.h>

#include <algorithm>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/permissions.h"
#include "sync_storage_impl.h"

namespace fieldcheck::server {

using sql::Statement;
using json = nlohmann::json;

namespace {

constexpr int64_t kChallengeLifetimeMs = 10 * 60 * 1000;

Error notHeld(const std::string& sha256) {
    return makeError(ErrorCode::NotFound, "none of this device's attachments has the SHA-256 " + sha256 +
                                              " (push the attach op before its bytes)");
}

// One row of a statement that yields at most one, or nothing.
Result<bool> stepOnce(Statement* st) {
    auto row = st->step();
    if (!row.ok()) return row.error();
    return row.value();
}

// Steps a bound statement through its rows (sql::forEachRow binds text only; these queries
// compare integers), then resets it.
Status eachRow(Statement* st, const std::function<void(const Statement&)>& visit) {
    for (;;) {
        auto row = st->step();
        if (!row.ok()) {
            st->reset();
            return row.error();
        }
        if (!row.value()) break;
        visit(*st);
    }
    st->reset();
    return {};
}

}  // namespace

json BlobUpload::toJson() const {
    json j = {{"sha256", sha256}, {"state", state}, {"size", size}, {"received", received}, {"held", held}};
    if (!challenge.empty()) j["challenge"] = challenge;
    return j;
}

// ---- the blob's rows -----------------------------------------------------------------------------

Result<std::optional<int64_t>> SyncStorage::Impl::declaredBlobSize(const std::string& deviceId, const std::string& sha256) {
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached("SELECT size_bytes FROM srv_attachments WHERE device_id = ? AND sha256 = ? LIMIT 1"));
    st->bind(1, deviceId).bind(2, sha256);
    FC_ASSIGN_OR_RETURN(bool found, stepOnce(st));
    std::optional<int64_t> size;
    if (found) size = st->int64(0);
    st->reset();
    return size;
}

Result<std::optional<SyncStorage::Impl::BlobRow>> SyncStorage::Impl::blobRow(const std::string& sha256) {
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached("SELECT size_bytes, file_name, file_key, received, file_length, segments, complete "
                                                    "FROM srv_blobs WHERE sha256 = ?"));
    st->bind(1, sha256);
    FC_ASSIGN_OR_RETURN(bool found, stepOnce(st));
    if (!found) {
        st->reset();
        return std::optional<BlobRow>();
    }
    BlobRow b;
    b.sha256 = sha256;
    b.size = st->int64(0);
    b.name = st->text(1);
    const std::vector<uint8_t> key = st->blob(2);
    b.key = SecretBytes(key.data(), key.size());
    b.received = st->int64(3);
    b.fileLength = st->int64(4);
    b.segments = st->int64(5);
    b.complete = st->int64(6) != 0;
    st->reset();
    if (b.key.size() != kBlobKeySize) return makeError(ErrorCode::Corrupt, "the key of blob " + sha256 + " is damaged");
    return std::optional<BlobRow>(std::move(b));
}

Result<bool> SyncStorage::Impl::holdsBlob(const std::string& deviceId, const std::string& sha256) {
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached("SELECT 1 FROM srv_blob_holders WHERE sha256 = ? AND device_id = ?"));
    st->bind(1, sha256).bind(2, deviceId);
    FC_ASSIGN_OR_RETURN(bool found, stepOnce(st));
    st->reset();
    return found;
}

Status SyncStorage::Impl::forEachBlobSegment(const BlobRow& blob, int64_t from, int64_t to,
                                              const std::function<Status(int64_t plainOffset, const std::vector<uint8_t>&)>& visit) {
    struct Segment {
        int64_t index, plainOffset, plainSize, fileOffset;
    };
    std::vector<Segment> segments;
    // Offsets bound as integers: an expression compared with text is never less than it.
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached("SELECT idx, plain_offset, plain_size, file_offset FROM srv_blob_segments "
                                                    "WHERE sha256 = ? AND plain_offset < ? AND plain_offset + plain_size > ? ORDER BY idx"));
    st->bind(1, blob.sha256).bind(2, to).bind(3, from);
    FC_TRY(eachRow(st, [&](const Statement& row) {
        segments.push_back({row.int64(0), row.int64(1), row.int64(2), row.int64(3)});
    }));
    std::vector<uint8_t> plain;
    for (const auto& s : segments) {
        FC_TRY(blobBytes->readSegment(blob.name, blob.key, s.index, s.plainOffset, s.fileOffset, s.plainSize, plain));
        FC_TRY(visit(s.plainOffset, plain));
    }
    sodium_memzero(plain.data(), plain.size());
    return {};
}

Result<BlobUpload> SyncStorage::Impl::uploadState(const RequestContext& ctx, const std::string& sha256, int64_t declaredSize) {
    BlobUpload out;
    out.sha256 = sha256;
    out.size = declaredSize;
    FC_ASSIGN_OR_RETURN(auto blob, blobRow(sha256));
    if (!blob) return out;
    out.size = blob->size;
    out.received = blob->received;
    out.state = blob->complete ? "complete" : "partial";
    FC_ASSIGN_OR_RETURN(out.held, holdsBlob(ctx.device.deviceId, sha256));
    if (blob->complete && !out.held) {
        // The bytes are here already: the device proves it has them instead of sending them.
        out.challenge = toHex(randomBytes(32));
        Status challengeSaved = db().transaction([&]() -> Status {
            FC_ASSIGN_OR_RETURN(Statement * del, db().cached("DELETE FROM srv_blob_challenges WHERE device_id = ? AND sha256 = ?"));
            FC_TRY(del->bind(1, ctx.device.deviceId).bind(2, sha256).run());
            FC_ASSIGN_OR_RETURN(Statement * ins, db().cached("INSERT INTO srv_blob_challenges(device_id, sha256, challenge, expires_ms) VALUES (?,?,?,?)"));
            return ins->bind(1, ctx.device.deviceId).bind(2, sha256).bind(3, out.challenge).bind(4, ctx.nowMs + kChallengeLifetimeMs).run();
        });
        FC_TRY(challengeSaved);
    }
    return out;
}

// ---- attach ops --------------------------------------------------------------------------------

Result<SyncStorage::Impl::OpOutcome> SyncStorage::Impl::applyAttach(const RequestContext& ctx, const Visibility& vis, const WriteAs& as,
                                                                         const merge::Op& op) {
    const json& meta = op.payload;  // checked whole by protocol::parseOp
    const std::string ownerType = meta.at("record_type").get<std::string>();
    const std::string ownerId = meta.at("record_id").get<std::string>();
    const std::string sha = meta.at("sha256").get<std::string>();
    const int64_t size = meta.at("size_bytes").get<int64_t>();
    FC_ASSIGN_OR_RETURN(auto doc, docOf(ownerType, ownerId));
    std::optional<replication::RecordDoc> visible;
    if (doc) {
        FC_ASSIGN_OR_RETURN(visible, visibleDoc(*doc, vis));
    }
    if (!visible) return makeError(ErrorCode::NotFound, ownerType + " '" + ownerId + "' is not on the server or not in your scope");
    FC_TRY(permissions::authorize({ctx.user.role, ownerType, permissions::Request::Kind::Attach, &doc->record, json::object()}));
    if (doc->record.withdrawn) return makeError(ErrorCode::InvalidArgument, ownerType + " '" + ownerId + "' is withdrawn: nothing can be attached to it");

    FC_ASSIGN_OR_RETURN(auto prev, storedAttachment(op.id));
    if (prev) {
        const Attachment& was = prev->meta;
        const bool same = was.recordType == ownerType && was.recordId == ownerId && was.sha256 == sha && was.sizeBytes == size;
        if (!same) return makeError(ErrorCode::AlreadyExists, "attachment '" + op.id + "' exists already with other contents");
        return OpOutcome{"applied", "the attachment was received before"};
    }
    FC_ASSIGN_OR_RETURN(Statement * ins, db().cached(
        "INSERT INTO srv_attachments(attachment_id, record_type, record_id, sha256, size_bytes, media_type, file_name, captured_ms, "
        "captured_by, device_id, user_name, received_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"));
    ins->bind(1, op.id).bind(2, ownerType).bind(3, ownerId).bind(4, sha).bind(5, size);
    ins->bind(6, meta.at("media_type").get<std::string>()).bind(7, meta.at("file_name").get<std::string>());
    ins->bind(8, meta.at("captured_at").get<int64_t>()).bind(9, meta.at("captured_by").get<std::string>());
    FC_TRY(ins->bind(10, ctx.device.deviceId).bind(11, ctx.user.userName).bind(12, ctx.nowMs).run());
    // Into the server's audit chain: which photo (by hash) is evidence for which record, and whose.
    json details = meta;
    details["device"] = ctx.device.deviceId;
    details["user"] = ctx.user.userName;
    FC_TRY(records->recordEvent(as, "received", "attachment_meta", op.id, details));
    FC_TRY(touchForAttachments(ownerType, ownerId));
    return OpOutcome{};
}

Result<std::optional<SyncStorage::Impl::StoredAttachment>> SyncStorage::Impl::storedAttachment(const std::string& attachmentId) {
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached("SELECT record_type, record_id, media_type, file_name, size_bytes, sha256, captured_ms, "
                                                    "captured_by, device_id FROM srv_attachments WHERE attachment_id = ?"));
    st->bind(1, attachmentId);
    FC_ASSIGN_OR_RETURN(bool found, stepOnce(st));
    std::optional<StoredAttachment> out;
    if (found) {
        out = StoredAttachment{{attachmentId, st->text(0), st->text(1), st->text(2), st->text(3), st->int64(4), st->text(5), st->int64(6),
                                st->text(7)},
                               st->text(8)};
    }
    st->reset();
    return out;
}

Result<json> SyncStorage::Impl::attachmentsOf(const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached(
        "SELECT a.attachment_id, a.media_type, a.file_name, a.size_bytes, a.sha256, a.captured_ms, a.captured_by, "
        "CASE WHEN b.sha256 IS NOT NULL AND h.device_id IS NOT NULL THEN 1 ELSE 0 END "
        "FROM srv_attachments a "
        "LEFT JOIN srv_blobs b ON b.sha256 = a.sha256 AND b.complete = 1 "
        "LEFT JOIN srv_blob_holders h ON h.sha256 = a.sha256 AND h.device_id = a.device_id "
        "WHERE a.record_type = ? AND a.record_id = ? ORDER BY a.captured_ms, a.attachment_id"));
    st->bind(1, type).bind(2, id);
    json out = json::array();
    FC_TRY(eachRow(st, [&](const Statement& row) {
        out.push_back({{"id", row.text(0)}, {"record_type", type}, {"record_id", id}, {"media_type", row.text(1)},
                       {"file_name", row.text(2)}, {"size_bytes", row.int64(3)}, {"sha256", row.text(4)},
                       {"captured_at", row.int64(5)}, {"captured_by", row.text(6)}, {"available", row.int64(7) != 0}});
    }));
    return out;
}

Status SyncStorage::Impl::touchForAttachments(const std::string& type, const std::string& id) {
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached("UPDATE OR FAIL srv_records SET seq = ?, attachments = 1 WHERE record_type = ? AND record_id = ?"));
    FC_TRY(bindNextSeq(*st, 1));
    return st->bind(2, type).bind(3, id).run();
}

Status SyncStorage::Impl::touchHoldersRecords(const std::string& deviceId, const std::string& sha256) {
    std::vector<std::pair<std::string, std::string>> owners;
    FC_ASSIGN_OR_RETURN(Statement * st, db().cached(
        "SELECT DISTINCT record_type, record_id FROM srv_attachments WHERE device_id = ? AND sha256 = ?"));
    st->bind(1, deviceId).bind(2, sha256);
    FC_TRY(eachRow(st, [&](const Statement& row) {
        owners.emplace_back(row.text(0), row.text(1));
    }));
    for (const auto& [type, id] : owners) FC_TRY(touchForAttachments(type, id));
    return {};
}

// ---- blobs -------------------------------------------------------------------------------------

Result<BlobUpload> SyncStorage::blobStatus(const RequestContext& ctx, const std::string& sha256) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    FC_ASSIGN_OR_RETURN(auto declared, m_impl->declaredBlobSize(ctx.device.deviceId, sha256));
    if (!declared) return notHeld(sha256);
    return m_impl->uploadState(ctx, sha256, *declared);
}

Result<BlobUpload> SyncStorage::appendBlobChunk(const RequestContext& ctx, const std::string& sha256, int64_t offset,
                                                  const std::string& chunkSha256, const std::string& bytes) {
    if (static_cast<int64_t>(bytes.size()) > kMaxBlobChunkBytes) {
        return bad("a chunk may hold at most " + std::to_string(kMaxBlobChunkBytes) + " bytes");
    }
    if (sha256Hex(bytes) != chunkSha256) {
        return bad("the chunk does not match its SHA-256 (cut or altered on the way); nothing of it was kept");
    }
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    FC_ASSIGN_OR_RETURN(auto declared, impl.declaredBlobSize(ctx.device.deviceId, sha256));
    if (!declared) return notHeld(sha256);
    FC_ASSIGN_OR_RETURN(auto blob, impl.blobRow(sha256));
    if (blob && blob->complete) return impl.uploadState(ctx, sha256, *declared);
    const int64_t received = blob ? blob->received : 0;
    const int64_t size = blob ? blob->size : *declared;
    if (offset != received) {
        FC_ASSIGN_OR_RETURN(BlobUpload state, impl.uploadState(ctx, sha256, *declared));
        state.offsetMismatch = true;
        return state;
    }
    const int64_t length = static_cast<int64_t>(bytes.size());
    if (offset + length > size) {
        return bad("the chunk runs past the end of the attachment (" + std::to_string(size) + " bytes); nothing of it was kept");
    }
    if (length == 0 && size > 0) return bad("an empty chunk");
    const bool fresh = !blob;
    if (fresh) {
        blob.emplace();
        blob->sha256 = sha256;
        blob->size = size;
        blob->name = BlobVault::newName();
        blob->key = SecretBytes::random(kBlobKeySize);
    }
    // The bytes first, fsynced; then the row that says they are there. A kill in between leaves
    // bytes past the recorded end, cut off by the next append.
    FC_ASSIGN_OR_RETURN(int64_t fileLength, impl.blobBytes->appendSegment(blob->name, blob->key, blob->segments, offset, blob->fileLength,
                                                                     reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    Status segmentRecorded = impl.db().transaction([&]() -> Status {
        if (fresh) {
            FC_ASSIGN_OR_RETURN(Statement * ins, impl.db().cached(
                "INSERT INTO srv_blobs(sha256, size_bytes, file_name, file_key, received, file_length, segments, complete, created_ms) "
                "VALUES (?,?,?,?,0,0,0,0,?)"));
            ins->bind(1, sha256).bind(2, size).bind(3, blob->name).bindBlob(4, blob->key.data(), blob->key.size());
            FC_TRY(ins->bind(5, ctx.nowMs).run());
        }
        FC_ASSIGN_OR_RETURN(Statement * seg, impl.db().cached(
            "INSERT INTO srv_blob_segments(sha256, idx, plain_offset, plain_size, file_offset) VALUES (?,?,?,?,?)"));
        FC_TRY(seg->bind(1, sha256).bind(2, blob->segments).bind(3, offset).bind(4, length).bind(5, blob->fileLength).run());
        FC_ASSIGN_OR_RETURN(Statement * upd, impl.db().cached(
            "UPDATE OR FAIL srv_blobs SET received = ?, file_length = ?, segments = segments + 1 WHERE sha256 = ?"));
        return upd->bind(1, offset + length).bind(2, fileLength).bind(3, sha256).run();
    });
    FC_TRY(segmentRecorded);
    blob->received = offset + length;
    blob->fileLength = fileLength;
    blob->segments += 1;
    if (blob->received < size) return impl.uploadState(ctx, sha256, *declared);

    // The last chunk: the whole must have the hash it was announced with.
    Sha256 whole;
    FC_TRY(impl.forEachBlobSegment(*blob, 0, size, [&](int64_t, const std::vector<uint8_t>& plain) -> Status {
        whole.update(plain.data(), plain.size());
        return {};
    }));
    if (whole.finalHex() != sha256) {
        Status discarded = impl.db().transaction([&]() -> Status {
            for (const char* sql : {"DELETE FROM srv_blob_segments WHERE sha256 = ?", "DELETE FROM srv_blobs WHERE sha256 = ?"}) {
                FC_ASSIGN_OR_RETURN(Statement * del, impl.db().cached(sql));
                FC_TRY(del->bind(1, sha256).run());
            }
            return {};
        });
        FC_TRY(discarded);
        FC_TRY(impl.blobBytes->remove(blob->name));
        return bad("the uploaded bytes do not have the SHA-256 " + sha256 + "; they were discarded: upload the attachment again");
    }
    Status completed = impl.db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Statement * done, impl.db().cached("UPDATE OR FAIL srv_blobs SET complete = 1, completed_ms = ? WHERE sha256 = ?"));
        FC_TRY(done->bind(1, ctx.nowMs).bind(2, sha256).run());
        FC_ASSIGN_OR_RETURN(Statement * holder, impl.db().cached(
            "INSERT OR IGNORE INTO srv_blob_holders(sha256, device_id, at_ms, how) VALUES (?,?,?,'uploaded')"));
        FC_TRY(holder->bind(1, sha256).bind(2, ctx.device.deviceId).bind(3, ctx.nowMs).run());
        FC_TRY(impl.touchHoldersRecords(ctx.device.deviceId, sha256));
        return impl.records->recordEvent(Impl::asServer(ctx.nowMs), "stored", "blob", sha256,
                                       json{{"size", size}, {"device", ctx.device.deviceId}, {"user", ctx.user.userName}});
    });
    FC_TRY(completed);
    (void)impl.publish();  // the records whose photo arrived, back in the feed (else the next pull)
    return impl.uploadState(ctx, sha256, *declared);
}

Result<BlobUpload> SyncStorage::proveBlob(const RequestContext& ctx, const std::string& sha256, const std::string& proof) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    FC_ASSIGN_OR_RETURN(auto declared, impl.declaredBlobSize(ctx.device.deviceId, sha256));
    if (!declared) return notHeld(sha256);
    FC_ASSIGN_OR_RETURN(auto blob, impl.blobRow(sha256));
    if (!blob || !blob->complete) return bad("the server does not hold this blob: upload it instead");
    FC_ASSIGN_OR_RETURN(Statement * get, impl.db().cached("SELECT challenge, expires_ms FROM srv_blob_challenges WHERE device_id = ? AND sha256 = ?"));
    get->bind(1, ctx.device.deviceId).bind(2, sha256);
    FC_ASSIGN_OR_RETURN(bool open, stepOnce(get));
    const std::string challenge = open ? get->text(0) : std::string();
    const int64_t expires = open ? get->int64(1) : 0;
    get->reset();
    if (!open || expires < ctx.nowMs) return bad("no challenge is open for this blob: ask for its status first");
    // One answer per challenge, right or wrong.
    Status challengeUsed = impl.db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Statement * del, impl.db().cached("DELETE FROM srv_blob_challenges WHERE device_id = ? AND sha256 = ?"));
        return del->bind(1, ctx.device.deviceId).bind(2, sha256).run();
    });
    FC_TRY(challengeUsed);
    FC_ASSIGN_OR_RETURN(std::vector<uint8_t> key, fromHex(challenge));
    HmacSha256 mac(key.data(), key.size());
    FC_TRY(impl.forEachBlobSegment(*blob, 0, blob->size, [&](int64_t, const std::vector<uint8_t>& plain) -> Status {
        mac.update(plain.data(), plain.size());
        return {};
    }));
    const std::string expected = mac.finalHex();
    const bool right = proof.size() == expected.size() && sodium_memcmp(proof.data(), expected.data(), expected.size()) == 0;
    if (!right) {
        // Claiming a photo by its hash without its bytes: somebody has a hash they should not.
        Status flagged = impl.db().transaction([&]() -> Status {
            FC_TRY(impl.records->recordEvent(Impl::asServer(ctx.nowMs), "refused", "blob", sha256,
                                           json{{"why", "wrong proof of possession"}, {"device", ctx.device.deviceId}, {"user", ctx.user.userName}}));
            FC_ASSIGN_OR_RETURN(int64_t serverSeq, impl.records->auditHead());
            FC_ASSIGN_OR_RETURN(Statement * flag, impl.db().cached(
                "INSERT OR IGNORE INTO srv_audit_flags(device_id, user_name, kind, audit_seq, message, at_ms) VALUES (?,?,?,?,?,?)"));
            return flag->bind(1, ctx.device.deviceId).bind(2, ctx.user.userName).bind(3, "blob-proof-failed").bind(4, serverSeq)
                .bind(5, ctx.user.userName + " claimed a photo or document by its SHA-256 without proving it holds the bytes, server audit entry " +
                             std::to_string(serverSeq))
                .bind(6, ctx.nowMs)
                .run();
        });
        FC_TRY(flagged);
        return makeError(ErrorCode::Unauthorized, "the proof does not match the bytes the server holds");
    }
    Status holderRecorded = impl.db().transaction([&]() -> Status {
        FC_ASSIGN_OR_RETURN(Statement * holder, impl.db().cached(
            "INSERT OR IGNORE INTO srv_blob_holders(sha256, device_id, at_ms, how) VALUES (?,?,?,'proven')"));
        FC_TRY(holder->bind(1, sha256).bind(2, ctx.device.deviceId).bind(3, ctx.nowMs).run());
        return impl.touchHoldersRecords(ctx.device.deviceId, sha256);
    });
    FC_TRY(holderRecorded);
    (void)impl.publish();
    return impl.uploadState(ctx, sha256, *declared);
}

Result<AttachmentRange> SyncStorage::readAttachment(const RequestContext& ctx, const std::string& attachmentId, int64_t offset,
                                                      int64_t maxBytes) {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    const Error hidden = makeError(ErrorCode::NotFound, "no attachment '" + attachmentId + "' that you may see");
    FC_ASSIGN_OR_RETURN(auto stored, impl.storedAttachment(attachmentId));
    if (!stored) return hidden;
    AttachmentRange out;
    out.attachmentId = attachmentId;
    const std::string &ownerType = stored->meta.recordType, &ownerId = stored->meta.recordId, &author = stored->deviceId;
    out.sha256 = stored->meta.sha256;
    out.size = stored->meta.sizeBytes;
    out.mediaType = stored->meta.mediaType;
    out.fileName = stored->meta.fileName;
    FC_ASSIGN_OR_RETURN(Visibility vis, impl.visibilityFor(ctx.user, ctx.protocol));
    FC_ASSIGN_OR_RETURN(auto doc, impl.docOf(ownerType, ownerId));
    if (!doc) return hidden;
    FC_ASSIGN_OR_RETURN(auto visible, impl.visibleDoc(*doc, vis));
    if (!visible) return hidden;
    FC_ASSIGN_OR_RETURN(auto blob, impl.blobRow(out.sha256));
    FC_ASSIGN_OR_RETURN(bool authorHolds, impl.holdsBlob(author, out.sha256));
    if (!blob || !blob->complete || !authorHolds) {
        return makeError(ErrorCode::Conflict, "attachment '" + attachmentId + "' has not been uploaded yet by the device that took it");
    }
    if (offset < 0 || offset > out.size) {
        return bad("offset " + std::to_string(offset) + " is outside attachment '" + attachmentId + "' (" + std::to_string(out.size) + " bytes)");
    }
    out.offset = offset;
    const int64_t length = std::min({maxBytes, kMaxBlobReadBytes, out.size - offset});
    out.bytes.reserve(static_cast<size_t>(std::max<int64_t>(length, 0)));
    const int64_t end = offset + length;
    FC_TRY(impl.forEachBlobSegment(*blob, offset, end, [&](int64_t plainOffset, const std::vector<uint8_t>& plain) -> Status {
        const int64_t from = std::max(offset, plainOffset) - plainOffset;
        const int64_t to = std::min(end, plainOffset + static_cast<int64_t>(plain.size())) - plainOffset;
        out.bytes.insert(out.bytes.end(), plain.begin() + from, plain.begin() + to);
        return {};
    }));
    return out;
}

}  // namespace fieldcheck::server
