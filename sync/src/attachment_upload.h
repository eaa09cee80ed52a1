// Uploading the device's photos and documents (docs/sync-protocol.md, "Photos and documents"):
// for each attachment whose metadata the server has applied, the bytes go up in chunks from where
// the server's upload stands, or — when the server holds them already — the device proves it has
// them (HMAC of the content under the server's one-time challenge) instead of sending them.
//
// Memory is bounded by one chunk whatever the file's size: the sealed file is decrypted one
// vault chunk at a time straight into the request being filled. After a broken connection the
// upload resumes from the server's offset, so at most the chunk in flight is sent again.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "fieldcheck/core/replication.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/http_client.h"
#include "wire.h"

namespace fieldcheck::sync {

struct UploadTotals : TransferTotals {
    int64_t uploaded = 0;      // attachments whose bytes the server now holds (sent or proven)
    int64_t proven = 0;        // of which proven instead of sent
    int64_t chunkBytesSent = 0;  // chunk bytes on the wire, every attempt counted (resends too)
};

struct UploadProgress {
    int64_t filesDone = 0, filesTotal = 0;
    int64_t bytesDone = 0, bytesTotal = 0;  // acknowledged by the server, of the attachments to upload
};

class AttachmentUploader {
public:
    AttachmentUploader(Store& store, HttpClient& http, Headers headers, int64_t chunkBytes, const CancelToken* cancel,
                       std::function<void(const UploadProgress&)> progress);

    // Uploads every attachment waiting for it. A refusal of one attachment is a problem in the
    // totals (the others go on); a transport failure or cancellation ends the phase with an error.
    Result<UploadTotals> run();

private:
    struct ServerState {
        std::string state;  // absent | partial | complete
        int64_t received = 0;
        bool held = false;
        std::string challenge;
    };
    Status uploadOne(const replication::AttachmentSync& a);
    Result<ServerState> request(const std::string& label, HttpRequest req, bool* offsetMismatch = nullptr);
    Result<ServerState> sendFrom(const Attachment& a, int64_t offset, bool* offsetMismatch);
    Result<ServerState> prove(const Attachment& a, const std::string& challenge);
    void report();
    Status recordProgress(const std::string& attachmentId, int64_t received, bool now);

    Store& m_store;
    HttpClient& m_http;
    Headers m_headers;
    int64_t m_chunkBytes;
    const CancelToken* m_cancel;
    std::function<void(const UploadProgress&)> m_progress;
    UploadTotals m_totals;
    UploadProgress m_now;
    int64_t m_fileBase = 0;  // bytesDone of the attachments before the current one
    int64_t m_acknowledged = 0;  // of the current attachment, as far as the server acknowledged it
    int64_t m_recorded = 0;      // of the current attachment, as the store has it (-1: to be rewritten)
    std::chrono::steady_clock::time_point m_recordedAt;
};

}  // namespace fieldcheck::sync
