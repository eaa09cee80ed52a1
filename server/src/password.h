// Account passwords: Argon2id (libsodium crypto_pwhash_str, interactive limits), stored as the
// self-describing string libsodium makes, so the costs can rise without a migration.
#pragma once

#include <string>

#include "fieldcheck/core/crypto.h"
#include "fieldcheck/core/result.h"

namespace fieldcheck::server {

Result<std::string> hashPassword(const SecretBytes& password);
bool verifyPassword(const std::string& hash, const std::string& password);

}  // namespace fieldcheck::server
