// The device's sync with the central server (docs/sync-protocol.md).
//
// enroll() logs in once (online) and keeps the device token inside the encrypted store. sync()
// pushes the outbox in device order, in batches, then pulls the change feed page by page. Every
// step is one local transaction (ops marked sent; answers recorded with the records they return;
// a page applied with its cursor), so a crash or a kill at any point resumes where it stopped: a
// resent push is answered from the server's record of op ids, a re-pulled page applies the same
// records again.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/http_client.h"

namespace fieldcheck::sync {

constexpr int kClientProtocol = 4;

struct SyncProgress {
    std::string phase;        // "push" | "photos" | "pull"
    int64_t itemsDone = 0;    // ops answered / photos uploaded / records received so far
    int64_t itemsTotal = -1;  // ops to push, photos to upload; -1 when unknown (pull)
    // photos: bytes of the photos and documents to upload that the server has acknowledged
    int64_t photoBytesDone = 0, photoBytesTotal = 0;
    int64_t bytesSent = 0;    // on the wire, this sync so far
    int64_t bytesReceived = 0;
    nlohmann::json toJson() const;
};

struct SyncReport {
    int64_t pushed = 0, applied = 0, duplicates = 0, conflicts = 0, rejected = 0;
    int64_t pulled = 0, removed = 0, pages = 0, requests = 0;
    int64_t bytesSent = 0, bytesReceived = 0;
    int64_t attachmentsUploaded = 0;  // photos/documents the server now holds (sent, or proven held)
    int64_t attachmentsProven = 0;    // of which proven held instead of sent
    int64_t photoBytesSent = 0;       // chunk bytes on the wire, resends counted
    int64_t attachmentsDownloaded = 0;  // taken on other devices, now in this device's vault
    int64_t photoBytesReceived = 0;     // their bytes
    int64_t attachmentsWaiting = 0;   // photos/documents not on the server yet (after this sync)
    std::vector<std::string> attachmentProblems;  // uploads and downloads that failed, why; tried again next sync
    int64_t parked = 0;              // pulled records still waiting for a parent record
    int64_t openConflicts = 0;
    double pushSeconds = 0, photoSeconds = 0, pullSeconds = 0;  // wall time of the phases
    std::vector<std::string> rejections;  // "op <id> (<type> <id>): reason"
    bool tokenRenewed = false;        // the office ordered a new device token: this sync took it
    int64_t receiptKeysLearned = 0;   // the server rotated its receipt key: new keys followed to
    nlohmann::json toJson() const;
};

struct SyncOptions {
    int64_t pushBatch = 1000;  // the server takes up to 1000 ops per request
    int64_t pullLimit = 1000;
    // Bytes of a photo or document per upload request: after a broken connection at most this
    // much is sent again. The server takes up to 4 MiB.
    int64_t blobChunkBytes = 1 << 20;
    // Download the photos and documents of received records once the server holds them (in ranges
    // of blobRangeBytes).
    bool downloadAttachments = true;
    int64_t blobRangeBytes = 1 << 20;
    // Pulled pages are committed together once they hold this many changes (rep::PullBatch): an
    // initial pull of 100,000 records commits about every 10,000.
    int64_t pullCommitRecords = 10000;
    int protocol = kClientProtocol;  // 1: the previous protocol (record versions only), for tests
    HttpOptions http;                // baseUrl is taken from the store's enrolment
    std::function<void(const SyncProgress&)> progress;
    const CancelToken* cancel = nullptr;
};

struct Enrolment {
    std::string serverUrl, deviceId, userName, role;
};

// The office's enrolment file (`fieldcheck-server enrolment-file`): where the server is, and what
// the device is to trust there — the office CA (PEM) and the pins of the server's public key.
struct EnrolmentFile {
    std::string serverUrl, caPem;
    std::vector<std::string> pins;
};
// InvalidArgument naming the field when the file is not one.
Result<EnrolmentFile> readEnrolmentFile(const std::string& path);

// Logs in as `user` and stores the device token, server URL and user in the store. The password
// is used once and not kept. `http.caPem` and `http.pinnedPublicKeys` (from the enrolment file)
// are kept with the enrolment and apply to every later sync; an https server needs pins.
Result<Enrolment> enroll(Store& store, const std::string& serverUrl, const std::string& user, const SecretBytes& password,
                         const std::string& deviceName, HttpOptions http = {});
// The stored enrolment; NotFound when the device was never enrolled.
Result<Enrolment> enrolment(Store& store);

// One full sync: push everything unanswered (records' changes and photos' metadata), upload the
// photos and documents the server does not hold yet, pull until the feed is exhausted, then
// download the photos of received records that the server holds.
Result<SyncReport> syncNow(Store& store, const SyncOptions& options = {});

}  // namespace fieldcheck::sync
