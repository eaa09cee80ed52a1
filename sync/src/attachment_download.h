// Downloading photos and documents taken on other devices (docs/sync-protocol.md, "Photos and
// documents"): for each received attachment whose bytes the server holds, the bytes come down in
// HTTP ranges and are sealed into the device's vault as they arrive (memory bounded by a range),
// then checked against the SHA-256 and size its metadata announced. A range cut on the way is
// asked for again from where it stopped; a download interrupted for good starts over at the next
// sync (the sealed stream cannot be resumed across processes).
#pragma once

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

struct DownloadTotals : TransferTotals {
    int64_t downloaded = 0;     // attachments sealed into the vault
    int64_t contentBytes = 0;   // their bytes
};

class AttachmentDownloader {
public:
    AttachmentDownloader(Store& store, HttpClient& http, Headers headers, int64_t rangeBytes, const CancelToken* cancel);
    // A transport failure or cancellation ends the phase with an error; anything else about one
    // attachment is a problem in the totals and the others go on.
    Result<DownloadTotals> run();

private:
    Status downloadOne(const Attachment& a);

    Store& m_store;
    HttpClient& m_http;
    Headers m_headers;
    int64_t m_rangeBytes;
    const CancelToken* m_cancel;
    DownloadTotals m_totals;
};

}  // namespace fieldcheck::sync
