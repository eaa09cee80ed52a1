#include "attachment_upload.h"

#include <algorithm>

#include "fieldcheck/core/crypto.h"
#include "nlohmann/json.hpp"
#include "wire.h"

namespace fieldcheck::sync {

using json = nlohmann::json;
namespace rep = replication;

namespace {

// Rounds of status → send/prove for one attachment before it is left for the next sync (each
// round ends with the server's answer of where the upload stands).
constexpr int kMaxRounds = 4;

// What ends the phase rather than one attachment: the link, a cancel, a wipe order.
bool isTransportFailure(const Error& e) {
    return e.code == ErrorCode::IoError || e.code == ErrorCode::Cancelled || e.code == ErrorCode::Revoked;
}

}  // namespace

AttachmentUploader::AttachmentUploader(Store& store, HttpClient& http, Headers headers, int64_t chunkBytes, const CancelToken* cancel,
                                       std::function<void(const UploadProgress&)> progress)
    : m_store(store), m_http(http), m_headers(std::move(headers)), m_chunkBytes(std::max<int64_t>(chunkBytes, 1)), m_cancel(cancel),
      m_progress(std::move(progress)) {}

void AttachmentUploader::report() {
    if (m_progress) m_progress(m_now);
}

// Each write of the acknowledged offset is a durable transaction on the device. A resumed upload
// goes by the server's status, not by this copy, which is there to show progress: so it is written
// when an upload starts or stops (`now`) and at most once a second in between, not after every chunk
// (four commits per photo had cost the device a third more time than curl; docs/benchmarks.md).
Status AttachmentUploader::recordProgress(const std::string& attachmentId, int64_t received, bool now) {
    if (received == m_recorded) return {};
    const auto at = std::chrono::steady_clock::now();
    if (!now && at - m_recordedAt < std::chrono::seconds(1)) return {};
    FC_TRY(rep::noteUploadProgress(m_store, attachmentId, received));
    m_recorded = received;
    m_recordedAt = at;
    return {};
}

Result<UploadTotals> AttachmentUploader::run() {
    FC_ASSIGN_OR_RETURN(auto todo, rep::attachmentsToUpload(m_store));
    m_now.filesTotal = static_cast<int64_t>(todo.size());
    for (const auto& a : todo) m_now.bytesTotal += a.attachment.sizeBytes;
    report();
    for (const auto& a : todo) {
        if (m_cancel != nullptr && m_cancel->cancelled()) return makeError(ErrorCode::Cancelled, "cancelled");
        m_fileBase = m_now.bytesDone;
        m_acknowledged = a.bytesDone;
        m_recorded = a.reason.empty() ? a.bytesDone : -1;  // a reason left from an earlier attempt is cleared
        m_recordedAt = std::chrono::steady_clock::now();
        Status st = uploadOne(a);
        if (!st.ok()) {
            if (isTransportFailure(st.error())) {
                // Keep what the server acknowledged before the link went (best effort: the error
                // that ended the phase is what the caller needs to hear).
                (void)recordProgress(a.attachment.id, m_acknowledged, true);
                return st.error();
            }
            // The server refused this one (or its local copy is damaged): say why, go on.
            const std::string why = st.error().message;
            m_totals.problems.push_back("attachment " + a.attachment.id + " (" + a.attachment.fileName + "): " + why);
            FC_TRY(rep::noteUploadProgress(m_store, a.attachment.id, m_acknowledged, why));
        }
        m_now.bytesDone = m_fileBase + a.attachment.sizeBytes;
        m_now.filesDone += 1;
        report();
    }
    return m_totals;
}

Status AttachmentUploader::uploadOne(const rep::AttachmentSync& item) {
    const Attachment& a = item.attachment;
    HttpRequest status;
    status.method = "POST";
    status.path = "/v1/blobs/" + a.sha256 + "/status";
    status.body = "{}";
    FC_ASSIGN_OR_RETURN(ServerState state, request("blob status", status));
    bool sent = false, proved = false;
    for (int round = 0; round < kMaxRounds; ++round) {
        if (state.state == "complete" && state.held) {
            m_totals.uploaded += 1;
            if (proved && !sent) m_totals.proven += 1;
            return rep::noteUploaded(m_store, a.id, proved && !sent ? "proven" : "uploaded");
        }
        if (state.state == "complete") {
            // The server has these bytes from elsewhere: prove this device has them too.
            if (state.challenge.empty()) return makeError(ErrorCode::IoError, "the server holds the bytes but sent no challenge");
            FC_ASSIGN_OR_RETURN(state, prove(a, state.challenge));
            proved = true;
            continue;
        }
        m_acknowledged = state.received;
        FC_TRY(recordProgress(a.id, state.received, true));
        bool mismatch = false;
        FC_ASSIGN_OR_RETURN(state, sendFrom(a, state.received, &mismatch));
        sent = true;
    }
    return makeError(ErrorCode::Conflict, "the upload did not settle after " + std::to_string(kMaxRounds) + " rounds; it is tried again at the next sync");
}

Result<AttachmentUploader::ServerState> AttachmentUploader::request(const std::string& label, HttpRequest req, bool* offsetMismatch) {
    for (const auto& h : m_headers) req.headers.push_back(h);
    auto res = m_http.send(req, {}, m_cancel);
    if (!res.ok()) return res.error();
    m_totals.count(res.value());
    json body = json::parse(res->body, nullptr, false);
    if (res->status == 409 && offsetMismatch != nullptr && body.is_object() && body.value("error", json::object()).contains("upload")) {
        *offsetMismatch = true;
        body = body["error"]["upload"];
    } else if (res->status != 200) {
        return serverError(label, res.value());
    }
    if (!body.is_object() || !body.value("state", json()).is_string() || !body.value("received", json()).is_number_integer()) {
        return makeError(ErrorCode::IoError, label + ": the server's answer does not say where the upload stands");
    }
    ServerState s;
    s.state = body["state"].get<std::string>();
    s.received = body["received"].get<int64_t>();
    s.held = body.value("held", false);
    s.challenge = body.value("challenge", std::string());
    return s;
}

// Sends the attachment's bytes from `offset` to the end, one chunk a request, decrypting the
// sealed file as it goes. Stops early when the server says the upload stands elsewhere.
Result<AttachmentUploader::ServerState> AttachmentUploader::sendFrom(const Attachment& a, int64_t offset, bool* offsetMismatch) {
    ServerState last;
    last.state = "partial";
    last.received = offset;
    std::string chunk;
    chunk.reserve(static_cast<size_t>(std::min<int64_t>(m_chunkBytes, a.sizeBytes)));
    int64_t position = 0;         // of the plain bytes seen so far
    int64_t chunkOffset = offset;  // of chunk's first byte
    std::optional<Error> stopped;
    auto flush = [&]() -> Status {
        HttpRequest req;
        req.method = "POST";
        req.path = "/v1/blobs/" + a.sha256 + "/chunk?offset=" + std::to_string(chunkOffset);
        req.body = chunk;
        req.compressBody = false;  // photos do not compress; the hash is of the bytes as sent
        req.headers = {{"Content-Type", "application/octet-stream"}, {"FieldCheck-Chunk-SHA256", sha256Hex(chunk)}};
        const int64_t before = m_totals.bytesSent;
        auto state = request("blob chunk", std::move(req), offsetMismatch);
        m_totals.chunkBytesSent += m_totals.bytesSent - before;
        if (!state.ok()) return state.error();
        last = state.value();
        if (*offsetMismatch) return makeError(ErrorCode::Conflict, "the upload stands elsewhere");
        chunkOffset = last.received;
        chunk.clear();
        m_acknowledged = last.received;
        // The chunk that completes the blob is recorded by noteUploaded() right after.
        if (last.state != "complete") FC_TRY(recordProgress(a.id, last.received, false));
        m_now.bytesDone = m_fileBase + last.received;
        report();
        return {};
    };
    Status exported = m_store.exportAttachment(a.id, [&](const uint8_t* data, size_t size) -> Status {
        if (m_cancel != nullptr && m_cancel->cancelled()) return makeError(ErrorCode::Cancelled, "cancelled");
        const int64_t end = position + static_cast<int64_t>(size);
        if (end > offset) {
            size_t from = offset > position ? static_cast<size_t>(offset - position) : 0;
            while (from < size) {
                const size_t take = std::min(size - from, static_cast<size_t>(m_chunkBytes) - chunk.size());
                chunk.append(reinterpret_cast<const char*>(data) + from, take);
                from += take;
                if (static_cast<int64_t>(chunk.size()) == m_chunkBytes) {
                    Status st = flush();
                    if (!st.ok()) {
                        stopped = st.error();
                        return st;
                    }
                }
            }
        }
        position = end;
        return {};
    });
    if (stopped) {
        if (*offsetMismatch) return last;
        return *stopped;
    }
    if (!exported.ok()) {
        // The sealed file or its hash is damaged on this device: nothing to send that the
        // server would take (it checks the whole hash too).
        return exported.error();
    }
    // The rest, which completes the blob (an empty attachment is one empty chunk).
    if (!chunk.empty() || a.sizeBytes == 0) {
        Status st = flush();
        if (!st.ok() && !*offsetMismatch) return st.error();
    }
    return last;
}

Result<AttachmentUploader::ServerState> AttachmentUploader::prove(const Attachment& a, const std::string& challenge) {
    FC_ASSIGN_OR_RETURN(std::vector<uint8_t> key, fromHex(challenge));
    HmacSha256 mac(key.data(), key.size());
    FC_TRY(m_store.exportAttachment(a.id, [&](const uint8_t* data, size_t size) -> Status {
        mac.update(data, size);
        return {};
    }));
    HttpRequest req;
    req.method = "POST";
    req.path = "/v1/blobs/" + a.sha256 + "/proof";
    req.body = json{{"proof", mac.finalHex()}}.dump();
    req.headers = {{"Content-Type", "application/json"}};
    return request("blob proof", std::move(req));
}

}  // namespace fieldcheck::sync
