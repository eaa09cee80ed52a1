// What the sync client's parts share: how a device names itself to the server, what it trusts
// there, how the server's answers are read, and what a phase's transfers add up to.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fieldcheck/core/result.h"
#include "fieldcheck/core/store.h"
#include "fieldcheck/sync/http_client.h"

namespace fieldcheck::sync {

// An HTTP answer that is not 200 as an Error with the server's message: InvalidArgument for 400
// and 413, Unauthorized for 401 and 403, NotFound for 404, Conflict for 409, Locked for 429,
// Revoked for 410 with the code "wipe" (a wipe order), IoError for the rest.
Error serverError(const std::string& what, const HttpResponse& res);

using Headers = std::vector<std::pair<std::string, std::string>>;
// The headers of an enrolled device's request: protocol version, bearer token, device id.
Headers deviceHeaders(int protocol, const std::string& token, const std::string& deviceId);

// Fills in what the enrolment said to trust (the office CA and the server's pins) where `http`
// does not say otherwise.
Status useEnrolledTrust(Store& store, HttpOptions& http);

// What the requests of a transfer phase (photo uploads, downloads) add up to.
struct TransferTotals {
    int64_t bytesSent = 0, bytesReceived = 0, requests = 0;
    std::vector<std::string> problems;  // attachments not transferred, and why; tried again next sync
    void count(const HttpResponse& res) {
        requests += 1;
        bytesSent += res.bytesSent;
        bytesReceived += res.bytesReceived;
    }
};

}  // namespace fieldcheck::sync
