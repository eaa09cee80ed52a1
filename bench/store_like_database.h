// A raw database connection configured exactly as the FieldCheck store configures its own, for
// experiments that need SQL the Store API does not expose (BLOB attachments, statement replicas).
//
// Encrypted: a random raw 256-bit key through sqlite3_key (x'<64 hex>'), then the store's
// CipherSettings (keyring.h: cipher_page_size 4096, per-page HMAC, kdf_iter, fast_kdf_iter).
// Both: WAL, synchronous=FULL, foreign_keys=ON, temp_store=MEMORY (store.cpp,
// applyConnectionSettings). Throws BenchError on failure.
#pragma once

#include <string>

#include "database.h"

namespace fieldcheck::bench {

detail::Database openStoreLikeDatabase(const std::string& path, bool encrypted);

// Checkpoints the WAL into the database file and checks that the file is encrypted (or, with
// `encrypted == false`, plain SQLite), so a comparison never compares what it does not claim to.
void checkEncryptedOnDisk(detail::Database& db, const std::string& path, bool encrypted);

}  // namespace fieldcheck::bench
