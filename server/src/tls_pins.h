// What a device trusts about the office's server (docs/server.md, "TLS"): the office's CA and
// the pins of the server's public key — the key in use and a backup key kept offline for a
// rotation — handed to devices in the enrolment file.
#pragma once

#include <string>
#include <vector>

#include "fieldcheck/core/result.h"
#include "nlohmann/json.hpp"

namespace fieldcheck::server {

// The pin of the public key in a PEM certificate, as libcurl's CURLOPT_PINNEDPUBLICKEY takes it:
// "sha256//" + base64 of the SHA-256 of the key's SubjectPublicKeyInfo (DER).
Result<std::string> publicKeyPin(const std::string& certificatePemPath);

// The enrolment file: {"server_url", "ca_pem", "pins": [...]}. The URL must be https (or http to
// 127.0.0.1); at least one pin, each "sha256//…"; the CA as PEM (may be empty: the system's CAs).
Result<nlohmann::json> enrolmentFile(const std::string& serverUrl, const std::string& caPem, const std::vector<std::string>& pins);

}  // namespace fieldcheck::server
