#include "wire.h"

#include "fieldcheck/core/replication.h"
#include "nlohmann/json.hpp"

namespace fieldcheck::sync {

Error serverError(const std::string& what, const HttpResponse& res) {
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    std::string message = "HTTP " + std::to_string(res.status);
    if (body.is_object() && body.contains("error") && body["error"].is_object()) message = body["error"].value("message", message);
    ErrorCode code = ErrorCode::IoError;
    if (res.status == 400 || res.status == 413 || res.status == 416) code = ErrorCode::InvalidArgument;
    if (res.status == 401 || res.status == 403) code = ErrorCode::Unauthorized;
    if (res.status == 404) code = ErrorCode::NotFound;
    if (res.status == 409) code = ErrorCode::Conflict;
    if (res.status == 429) code = ErrorCode::Locked;
    // The office revoked this device: the answer is a wipe order (sync_client.cpp carries it out).
    if (res.status == 410 && body.is_object() && body.value("error", nlohmann::json::object()).value("code", "") == "wipe") {
        code = ErrorCode::Revoked;
    }
    return makeError(code, what + ": the server answered " + std::to_string(res.status) + ": " + message);
}

Headers deviceHeaders(int protocol, const std::string& token, const std::string& deviceId) {
    return {{"FieldCheck-Protocol", std::to_string(protocol)}, {"Authorization", "Bearer " + token}, {"FieldCheck-Device", deviceId}};
}

Status useEnrolledTrust(Store& store, HttpOptions& http) {
    FC_ASSIGN_OR_RETURN(auto caPem, replication::syncState(store, "ca_pem"));
    FC_ASSIGN_OR_RETURN(auto pins, replication::syncState(store, "pins"));
    if (http.caPem.empty() && caPem) http.caPem = *caPem;
    if (http.pinnedPublicKeys.empty() && pins) {
        const auto list = nlohmann::json::parse(*pins, nullptr, false);
        if (list.is_array()) {
            for (const auto& p : list) {
                if (p.is_string()) http.pinnedPublicKeys.push_back(p.get<std::string>());
            }
        }
    }
    return {};
}

}  // namespace fieldcheck::sync
